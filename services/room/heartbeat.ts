// Registers the server under its SERVER_ID (refused while another live process holds the id),
// refreshes its record, lease and room/user keys every HEARTBEAT_MS, and hands the rooms another
// server claimed meanwhile back to the host.
import type { Directory, RegisterResult, ServerRecord, ServerState } from "../directory";
import type { Logger } from "../shared/logger";
import type { RoomHost } from "./room-host";

export interface HeartbeatOptions {
    directory: Directory;
    host: Pick<RoomHost, "load" | "leases" | "abandon">;
    record: Omit<ServerRecord, "state" | "rooms" | "players" | "updatedAt" | "wsUrl">;
    /** The direct port's address as players reach it, read at every beat (it can change: okg network status). */
    wsUrl?: () => string | undefined;
    intervalMs: number;
    /**
     * How long start() waits for a record of the same id held by another process to expire: a
     * crashed predecessor's record expires within the TTL, a live process keeps renewing it.
     */
    takeoverWaitMs: number;
    log: Logger;
    now?: () => number;
    /** The id was taken by another process while this one was running (it was frozen past its TTL). */
    onIdTaken?(message: string): void;
}

type IdTaken = Extract<RegisterResult, { ok: false }>;

/** Why a server with this id may not run: the holder, named for the operator. */
function idTakenMessage(id: string, r: IdTaken, now: number): string {
    const age = Math.max(0, now - r.holder.updatedAt);
    return (
        `SERVER_ID ${id} is held by another live process (instance ${r.holder.instance} at ${r.holder.addr}, ` +
        `last heartbeat ${age} ms ago); every room server needs its own SERVER_ID (the pod name)`
    );
}

export class Heartbeat {
    private timer: NodeJS.Timeout | undefined;
    private state: ServerState = "ready";
    private inFlight: Promise<void> = Promise.resolve();
    private stopped = false;
    private busy = false;

    constructor(private readonly o: HeartbeatOptions) {}

    private now(): number {
        return (this.o.now ?? Date.now)();
    }

    /**
     * First registration. Rejects when the directory is unreachable, or when another live process
     * still holds the id after `takeoverWaitMs` (the server must not claim readiness either way).
     */
    async start(): Promise<void> {
        const deadline = this.now() + this.o.takeoverWaitMs;
        for (;;) {
            const r = await this.beat();
            if (r.ok) break;
            if (this.now() >= deadline) throw new Error(idTakenMessage(this.o.record.id, r, this.now()));
            this.o.log.warn({ holder: r.holder }, "SERVER_ID is held by another process; waiting for its record to expire");
            await new Promise((resolve) => setTimeout(resolve, this.o.intervalMs));
        }
        this.timer = setInterval(() => {
            // A beat still running (slow or unreachable Redis) makes this tick a no-op instead of a queue.
            if (this.busy) return;
            this.inFlight = this.inFlight.then(() => this.safeBeat());
        }, this.o.intervalMs);
    }

    /** Publishes the new state now rather than at the next tick (draining must be visible at once). */
    async setState(state: ServerState): Promise<void> {
        this.state = state;
        await this.refresh();
    }

    /** Beats now: the record changed (its state, or the direct port's address once the server takes players). */
    async refresh(): Promise<void> {
        // Chained on inFlight so stop() waits for it: a beat landing after removeServer would resurrect the record.
        this.inFlight = this.inFlight.then(() => this.safeBeat());
        await this.inFlight;
    }

    /** Stops beating and removes the server from the directory (only its own record). */
    async stop(): Promise<void> {
        this.stopped = true;
        clearInterval(this.timer);
        await this.inFlight;
        await this.o.directory.removeServer(this.o.record.id, this.o.record.instance);
    }

    private async safeBeat(): Promise<void> {
        this.busy = true;
        try {
            const r = await this.beat();
            if (!r.ok && !this.stopped) {
                const message = idTakenMessage(this.o.record.id, r, this.now());
                this.o.log.error({ holder: r.holder }, message);
                this.o.onIdTaken?.(message);
            }
        } catch (err) {
            this.o.log.warn({ err: (err as Error).message }, "heartbeat failed");
        } finally {
            this.busy = false;
        }
    }

    private async beat(): Promise<RegisterResult> {
        if (this.stopped) return { ok: true };
        const load = this.o.host.load();
        const wsUrl = this.o.wsUrl?.();
        const registered = await this.o.directory.putServer({
            ...this.o.record,
            ...(wsUrl !== undefined ? { wsUrl } : {}),
            state: this.state,
            rooms: load.rooms,
            players: load.players,
            updatedAt: this.now(),
        });
        if (!registered.ok) return registered;
        const l = this.o.host.leases();
        const { lost } = await this.o.directory.refreshLeases(this.o.record.id, l.rooms, l.users);
        if (lost.length > 0) this.o.host.abandon(lost);
        return registered;
    }
}
