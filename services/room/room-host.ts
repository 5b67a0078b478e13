// The rooms one server hosts: claiming a room in the directory before creating it, mapping users
// to rooms, forwarding settled rounds (with the claim's fencing token) to the result sink and holding
// each room's output until its round is written, giving up rooms another server claimed, and the
// drain switches.
import { randomUUID } from "node:crypto";
import type { Directory, ResultEntry, RoomLease } from "../directory";
import type { Logger } from "../shared/logger";
import { DiceRoom } from "./game/dice-room";
import type { Clock, DiceRoomConfig } from "./game/types";
import type { RoomMetrics } from "./metrics";
import type { ResultSink } from "./result-sink";

export type Acquired =
    | { ok: true; room: DiceRoom }
    | { ok: false; kind: "draining" }
    /** `ownerAddr` is absent when the owner should not be dialed: gone, or its lease lapsed. */
    | { ok: false; kind: "owned"; owner: string; ownerAddr: string | undefined }
    | { ok: false; kind: "error"; reason: string };

/** A settled round with the token of the claim it was played under. */
export type FencedResult = ResultEntry & { fence: string };

export interface RoomHostOptions {
    serverId: string;
    directory: Directory;
    results: ResultSink<FencedResult>;
    clock: Clock;
    game: { roundMs: number; settleMs: number; dev: boolean; rules?: DiceRoomConfig["rules"] };
    log: Logger;
    metrics: RoomMetrics;
    /** How long a settlement waits for its result write before it is shown anyway (default 2 s). */
    recordWaitMs?: number;
    /** Called whenever the last room closed while new rooms are refused (drain finished). */
    onDrained(): void;
}

const defaultRecordWaitMs = 2_000;

export class RoomHost {
    private readonly rooms = new Map<string, DiceRoom>();
    /** Each hosted room's fencing token. */
    private readonly fences = new Map<string, string>();
    private readonly claims = new Map<string, Promise<Acquired>>();
    /** Releases of the rooms' outputs waiting for a result write. */
    private readonly holds = new Set<() => void>();
    private acceptingNew = true;
    /** Outdated under a lossless release: no new rooms, but open rooms play on and the server stays up. */
    private retired = false;
    /** While draining: when the rooms will be dissolved at the latest (clock ms). */
    private closesAt: number | undefined;

    constructor(private readonly o: RoomHostOptions) {}

    get roomCount(): number {
        return this.rooms.size;
    }

    load(): { rooms: number; players: number } {
        let players = 0;
        for (const r of this.rooms.values()) players += r.memberCount;
        return { rooms: this.rooms.size, players };
    }

    /** Room and user keys this server holds, for the heartbeat's lease refresh. */
    leases(): { rooms: RoomLease[]; users: { userId: string; roomId: string }[] } {
        const users: { userId: string; roomId: string }[] = [];
        const rooms: RoomLease[] = [];
        for (const [roomId, r] of this.rooms) {
            rooms.push({ roomId, fence: this.fences.get(roomId) ?? "" });
            for (const id of r.memberIds()) users.push({ userId: id.toString(), roomId });
        }
        return { rooms, users };
    }

    /**
     * Rooms another server claimed while this one could not renew them (it was frozen or cut off):
     * they are closed here at once. A round still running is settled for its players, but its
     * result is refused by the fence, so the room's results come from one owner only.
     */
    abandon(roomIds: string[]): void {
        for (const roomId of roomIds) {
            const room = this.rooms.get(roomId);
            if (room === undefined) continue;
            this.o.log.warn({ room: roomId, fence: this.fences.get(roomId), round: room.round }, "room claimed by another server; closing it here");
            room.dissolve();
        }
    }

    /** The open room `roomId`, claiming and creating it when this server may host a new one. */
    acquire(roomId: string): Promise<Acquired> {
        const open = this.rooms.get(roomId);
        if (open && !open.closed) return Promise.resolve({ ok: true, room: open });
        if (!this.acceptingNew || this.retired) return Promise.resolve({ ok: false, kind: "draining" });
        const inFlight = this.claims.get(roomId);
        if (inFlight) return inFlight;
        const p = this.claim(roomId).finally(() => {
            this.claims.delete(roomId);
            this.checkDrained();
        });
        this.claims.set(roomId, p);
        return p;
    }

    /** A room that was created for a stream that then went away before joining. */
    closeIfUnused(room: DiceRoom): void {
        if (room.memberCount === 0) room.dissolve();
    }

    /** Drain: no new rooms; every room ends after its running round, and is dissolved at `closesAt` at the latest. */
    stopAcceptingAndFinishRounds(closesAt?: number): void {
        this.acceptingNew = false;
        this.closesAt = closesAt;
        this.o.metrics.draining.set(1);
        for (const r of [...this.rooms.values()]) r.endAfterRound();
        this.checkDrained();
    }

    /** Lossless release: an outdated server takes no new rooms (true) until it is current again (false). */
    setRetired(retired: boolean): void {
        this.retired = retired;
    }

    /** Rooms open or being claimed: a server with any is busy. */
    get busy(): boolean {
        return this.rooms.size > 0 || this.claims.size > 0;
    }

    /** Seconds until the drain deadline, for a ServerClosing notice; undefined when not draining. */
    closingSecondsLeft(): number | undefined {
        if (this.closesAt === undefined) return undefined;
        return Math.max(0, Math.ceil((this.closesAt - this.o.clock.now()) / 1000));
    }

    notifyClosing(secondsLeft: number): void {
        for (const r of this.rooms.values()) r.notifyClosing(secondsLeft);
    }

    /** Deadline or second signal: settle running rounds and disconnect everyone now. */
    dissolveAll(): void {
        this.acceptingNew = false;
        for (const r of [...this.rooms.values()]) r.dissolve();
    }

    private async claim(roomId: string, takeover = true): Promise<Acquired> {
        let claimed;
        try {
            claimed = await this.o.directory.claimRoom(roomId, this.o.serverId);
        } catch (err) {
            return { ok: false, kind: "error", reason: `directory unavailable: ${(err as Error).message}` };
        }
        if (!claimed.ok) {
            let owner;
            try {
                owner = await this.o.directory.getServer(claimed.owner);
            } catch (err) {
                // Only a record that is really gone means a crashed owner; a failed read proves nothing, and
                // taking over then would give one room two live servers.
                return { ok: false, kind: "error", reason: `directory unavailable: ${(err as Error).message}` };
            }
            if (owner === undefined && takeover) {
                // The owner missed heartbeats for a whole TTL (crashed): its players should not wait for
                // the room key to expire too. Compare-and-delete, then claim like any new room.
                this.o.log.info({ room: roomId, deadOwner: claimed.owner }, "taking over a room of a server that is gone");
                await this.o.directory.releaseRoom(roomId, claimed.owner).catch(() => undefined);
                return this.claim(roomId, false);
            }
            // An owner whose lease lapsed missed a whole heartbeat (killed, frozen): a redirect would
            // send the player to it again; refusing lets the gateway say so until the record expires.
            return { ok: false, kind: "owned", owner: claimed.owner, ownerAddr: owner?.leased ? owner.addr : undefined };
        }
        if (!this.acceptingNew || this.retired) {
            await this.o.directory.releaseRoom(roomId, this.o.serverId).catch(() => undefined);
            return { ok: false, kind: "draining" };
        }
        const room = this.create(roomId, claimed.fence);
        return { ok: true, room };
    }

    private create(roomId: string, fence: string): DiceRoom {
        const { directory: dir, serverId, log } = this.o;
        const quiet = (what: string) => (err: Error) => log.warn({ err: err.message, room: roomId }, what);
        const room: DiceRoom = new DiceRoom(
            { roomId, ...this.o.game, clock: this.o.clock },
            {
                onSettled: (r) => {
                    this.o.metrics.rounds.inc();
                    // The id is chosen once here, so every retry of this round's append carries the same one.
                    const written = this.o.results.push({
                        id: randomUUID(),
                        room: r.roomId,
                        round: r.round,
                        server: serverId,
                        settledAt: r.settledAt,
                        winners: r.winners,
                        dice: r.dice,
                        payout: r.payout,
                        fence,
                    });
                    return this.recorded(written, roomId, r.round);
                },
                onJoined: (userId) => {
                    this.updateLoad();
                    dir.setUserRoom(userId.toString(), roomId).catch(quiet("user -> room write failed"));
                },
                onLeft: (userId) => {
                    this.updateLoad();
                    dir.clearUserRoom(userId.toString(), roomId).catch(quiet("user -> room delete failed"));
                },
                onClosed: (reason) => {
                    if (this.rooms.get(roomId) === room) {
                        this.rooms.delete(roomId);
                        this.fences.delete(roomId);
                    }
                    this.updateLoad();
                    log.info({ room: roomId, reason, rounds: room.round }, "room closed");
                    dir.releaseRoom(roomId, serverId).catch(quiet("room release failed"));
                    this.checkDrained();
                },
            },
        );
        this.rooms.set(roomId, room);
        this.fences.set(roomId, fence);
        this.updateLoad();
        log.info({ room: roomId }, "room created");
        return room;
    }

    /**
     * What the room's output waits for after a settlement: the write, or `recordWaitMs` (Redis is
     * down: the players see the settlement, the result stays queued and is retried), or shutdown.
     */
    private recorded(written: Promise<void>, roomId: string, round: number): Promise<void> {
        const { clock, log } = this.o;
        return new Promise<void>((resolve) => {
            const release = () => {
                clock.clearTimer(timer);
                this.holds.delete(release);
                resolve();
            };
            const timer = clock.setTimer(this.o.recordWaitMs ?? defaultRecordWaitMs, () => {
                log.warn({ room: roomId, round }, "round result not written in time; its settlement is shown anyway and the write retried");
                release();
            });
            this.holds.add(release);
            written.then(release);
        });
    }

    /** Shutdown, once the results are flushed (or not): every room's output goes out now. */
    releaseHeld(): void {
        for (const release of [...this.holds]) release();
    }

    private updateLoad(): void {
        const l = this.load();
        this.o.metrics.rooms.set(l.rooms);
        this.o.metrics.players.set(l.players);
    }

    private checkDrained(): void {
        if (!this.acceptingNew && this.rooms.size === 0 && this.claims.size === 0) this.o.onDrained();
    }
}
