// Registers the server and refreshes its leases every HEARTBEAT_MS.
import type { Directory, ServerRecord, ServerState } from "../directory";
import type { Logger } from "../shared/logger";
import type { RoomHost } from "./room-host";

export interface HeartbeatOptions {
  directory: Directory;
  host: RoomHost;
  record: Omit<ServerRecord, "state" | "rooms" | "players" | "updatedAt">;
  intervalMs: number;
  log: Logger;
  now?: () => number;
}

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private state: ServerState = "ready";
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private busy = false;

  constructor(private readonly o: HeartbeatOptions) {}

  /** First registration; rejects when the directory is unreachable (the server must not claim readiness). */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      // A beat still running (slow or unreachable Redis) makes this tick a no-op instead of a queue.
      if (this.busy) return;
      this.inFlight = this.inFlight.then(() => this.safeBeat());
    }, this.o.intervalMs);
  }

  /** Publishes the new state now rather than at the next tick (draining must be visible at once). */
  async setState(state: ServerState): Promise<void> {
    this.state = state;
    // Chained on inFlight so stop() waits for it: a beat landing after removeServer would resurrect the record.
    this.inFlight = this.inFlight.then(() => this.safeBeat());
    await this.inFlight;
  }

  /** Stops beating and removes the server from the directory. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.inFlight;
    await this.o.directory.removeServer(this.o.record.id);
  }

  private async safeBeat(): Promise<void> {
    this.busy = true;
    try {
      await this.beat();
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, "heartbeat failed");
    } finally {
      this.busy = false;
    }
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    const load = this.o.host.load();
    await this.o.directory.putServer({
      ...this.o.record,
      state: this.state,
      rooms: load.rooms,
      players: load.players,
      updatedAt: (this.o.now ?? Date.now)(),
    });
    const l = this.o.host.leases();
    await this.o.directory.refreshLeases(this.o.record.id, l.rooms, l.users);
  }
}
