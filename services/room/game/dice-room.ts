// One dice room: a single-threaded state machine driven by joins, frames, link closes and timers.
//
//   idle ──(someone seated)──▶ playing ──(deadline | everyone shook)──▶ settling ──(SETTLE_MS)──▶ playing | idle
//     any ──(nobody left)──▶ closed          any ──dissolve()──▶ closed
import { Cmd, Err } from "../../protocol";
import { decode, encode } from "../../protocol/codec";
import { assignSeat, defaultPlayingSeats, isWatcherSeat, validSeatRequest } from "./seats";
import { renderRoom } from "./print";
import { diceRecord, hiddenDice, winnersOf } from "./scoring";
import { Table } from "./table";
import type { JoinResult, Link, DiceRoomConfig, Member, RoomEvents } from "./types";

type Phase =
    | { kind: "idle" }
    | { kind: "playing"; round: number; endsAt: number; timer: unknown }
    | { kind: "settling"; endsAt: number; timer: unknown }
    | { kind: "closed" };

const DisconnectReason = { Retry: 0, Dissolved: 1, Replaced: 2 } as const;

export class DiceRoom {
    readonly roomId: string;
    private readonly members = new Table();
    private phase: Phase = { kind: "idle" };
    private rounds = 0;
    private readonly shaken = new Map<bigint, number>();
    private lastDice = new Map<bigint, number>();
    private readonly rollDie: () => number;
    /** Set by endAfterRound(): the next settlement dissolves the room instead of idling. */
    private lastRound = false;
    /** Playing seats of this table, fixed when the room is created. */
    private readonly seats: number;
    /** The durations of the running (or last) round: new rules take effect when the next round starts. */
    private timing: { roundMs: number; settleMs: number; payout: number };

    constructor(
        private readonly cfg: DiceRoomConfig,
        private readonly events: RoomEvents,
    ) {
        this.roomId = cfg.roomId;
        this.rollDie = cfg.rollDie ?? (() => 1 + Math.floor(Math.random() * 6));
        const rules = cfg.rules?.();
        this.seats = rules?.seats ?? defaultPlayingSeats;
        this.timing = { roundMs: rules?.roundMs ?? cfg.roundMs, settleMs: rules?.settleMs ?? cfg.settleMs, payout: rules?.payout ?? 1 };
    }

    get state(): Phase["kind"] {
        return this.phase.kind;
    }
    get closed(): boolean {
        return this.phase.kind === "closed";
    }
    get memberCount(): number {
        return this.members.size;
    }
    get round(): number {
        return this.rounds;
    }
    memberIds(): bigint[] {
        return [...this.members.keys()];
    }
    has(userId: bigint): boolean {
        return this.members.has(userId);
    }

    /** A player's stream opened: sit down, or replace the old connection of the same user. */
    join(userId: bigint, requestedSeat: number, link: Link): JoinResult {
        if (this.phase.kind === "closed") return { ok: false, code: "closed", reason: `room ${this.roomId} is closed` };
        const existing = this.members.get(userId);
        if (existing) return this.reconnect(existing, link);
        if (!validSeatRequest(requestedSeat)) {
            return { ok: false, code: "bad_seat", reason: `seat: ${requestedSeat} is not allowed; use -1 (any free seat) or a seat index >= 0` };
        }
        const seat = assignSeat(requestedSeat, new Set([...this.members.values()].map((m) => m.seat)), this.seats);
        const me: Member = { id: userId, seat, link };
        for (const m of this.members.values()) this.members.sendTo(link, Cmd.SIT_DOWN, encode.user(m.id, m.seat, m.link !== undefined));
        this.members.set(userId, me);
        this.events.onJoined(userId);
        this.members.broadcast(Cmd.SIT_DOWN, encode.user(userId, seat, true));
        // As in the reference, every sit-down is answered with the scene (its client decides from it
        // whether to shake), and a first player finds the round already running: no DiceStart for it.
        if (this.phase.kind === "idle" && !isWatcherSeat(seat, this.seats)) this.startRound(me);
        this.members.send(me, Cmd.DICE_SCENE, this.scene(me));
        return { ok: true, seat, reconnect: false };
    }

    /** A frame from a player's current link; frames from a replaced link are dropped. */
    receive(userId: bigint, link: Link, cmd: number, payload: Uint8Array): void {
        const m = this.members.get(userId);
        if (!m || m.link !== link || this.phase.kind === "closed") return;
        switch (cmd) {
            case Cmd.SIT_DOWN:
                // The stream's metadata already seated the player; a forwarded SitDown frame is a no-op.
                return;
            case Cmd.STAND_UP:
                return this.standUp(m);
            case Cmd.DICE_SHAKE:
                return this.shake(m, payload);
            case Cmd.PRINT:
                if (this.cfg.dev) return this.members.send(m, Cmd.PRINT, encode.string(this.print()));
                return this.members.error(m, Err.UNKNOWN_COMMAND, "Print is available only when GAME_ENV=dev");
            default:
                return this.members.error(m, Err.UNKNOWN_COMMAND, `unknown command ${cmd}`);
        }
    }

    /** The player's stream ended without a StandUp (the client went away). */
    linkClosed(userId: bigint, link: Link): void {
        const m = this.members.get(userId);
        if (!m || m.link !== link || this.phase.kind === "closed") return;
        if (isWatcherSeat(m.seat, this.seats)) {
            // Watchers hold no game state; keeping them until a settlement that may never come would keep an empty room alive.
            m.link = undefined;
            this.remove(m);
            this.closeIfEmpty();
            return;
        }
        this.goOffline(m);
    }

    /** Drain notice: seconds left before the server dissolves the room; to everyone, or to `only`. */
    notifyClosing(secondsLeft: number, only?: bigint): void {
        if (this.phase.kind === "closed") return;
        const payload = encode.int32(secondsLeft);
        if (only === undefined) return this.members.broadcast(Cmd.SERVER_CLOSING, payload);
        const m = this.members.get(only);
        if (m) this.members.send(m, Cmd.SERVER_CLOSING, payload);
    }

    /**
     * Drain: let a running round finish, then dissolve; a room with no round running dissolves now.
     * Reconnects keep working until then.
     */
    endAfterRound(): void {
        if (this.phase.kind === "closed") return;
        this.lastRound = true;
        if (this.phase.kind !== "playing") this.dissolve();
    }

    /** Settles a running round, sends Disconnect(1) to everyone and closes the room. */
    dissolve(): void {
        if (this.phase.kind === "closed") return;
        if (this.phase.kind === "playing") this.settleRound();
        this.stopTimer();
        this.phase = { kind: "closed" };
        for (const m of [...this.members.values()]) {
            this.members.sendTo(m.link, Cmd.DISCONNECT, encode.int32(DisconnectReason.Dissolved));
            this.members.end(m.link);
            this.members.delete(m.id);
            this.events.onLeft(m.id);
        }
        this.events.onClosed("dissolved");
    }

    print(): string {
        const members = [...this.members.values()].map((m) => ({ id: m.id, seat: m.seat, online: m.link !== undefined, points: this.shaken.get(m.id) }));
        return renderRoom({ roomId: this.roomId, phase: this.phase.kind, round: this.rounds, leftMs: this.leftMs(), members });
    }

    private reconnect(m: Member, link: Link): JoinResult {
        const old = m.link;
        m.link = link;
        if (old) {
            this.members.sendTo(old, Cmd.DISCONNECT, encode.int32(DisconnectReason.Replaced));
            this.members.end(old);
        }
        // To everyone, the player's new connection included, as the reference does.
        this.members.broadcast(Cmd.ONLINE, encode.int64(m.id));
        this.members.sendTo(link, Cmd.DICE_SCENE, this.scene(m));
        return { ok: true, seat: m.seat, reconnect: true };
    }

    private shake(m: Member, payload: Uint8Array): void {
        if (this.phase.kind !== "playing") return this.members.error(m, Err.STATUS_MISMATCH, "no round is running");
        if (isWatcherSeat(m.seat, this.seats)) return this.members.error(m, Err.WATCHER_OPERATE, "watchers cannot shake");
        if (this.shaken.has(m.id)) return this.members.error(m, Err.DICE_ALREADY_SHAKEN, "already shaken this round");
        let points = this.rollDie();
        if (this.cfg.dev && payload.byteLength > 0) {
            const preset = decode.int32(payload);
            if (!preset.ok) return this.members.error(m, Err.FAIL, preset.reason);
            if (preset.value >= 1 && preset.value <= 6) points = preset.value;
        }
        this.shaken.set(m.id, points);
        this.members.send(m, Cmd.DICE_SHAKE, encode.shake(m.id, points));
        this.members.broadcast(Cmd.DICE_SHAKE, encode.shake(m.id, 0), m);
        this.settleEarlyIfAllShook();
    }

    private standUp(m: Member): void {
        const link = m.link;
        if (this.phase.kind === "playing" && this.shaken.has(m.id)) {
            // Who shook stays in the round. The reference answers nothing: it ends the stream and keeps
            // the player seated offline until settlement (or until it sits down again = reconnect).
            this.goOffline(m);
            this.members.end(link);
            return;
        }
        this.remove(m);
        this.members.end(link);
        if (this.closeIfEmpty()) return;
        this.settleEarlyIfAllShook();
    }

    private settleEarlyIfAllShook(): void {
        if (this.phase.kind !== "playing" || this.shaken.size < 2) return;
        for (const m of this.members.values()) if (!isWatcherSeat(m.seat, this.seats) && !this.shaken.has(m.id)) return;
        this.settle();
    }

    /** A seated player without a connection: the others see Online(-id); settlement stands it up. */
    private goOffline(m: Member): void {
        m.link = undefined;
        this.members.broadcast(Cmd.ONLINE, encode.int64(-m.id), m);
    }

    /** `except`: a newcomer who starts the round gets the DiceScene of its sit-down instead. */
    private startRound(except?: Member): void {
        this.stopTimer();
        this.rounds += 1;
        this.shaken.clear();
        const rules = this.cfg.rules?.();
        if (rules !== undefined) this.timing = { roundMs: rules.roundMs, settleMs: rules.settleMs, payout: rules.payout };
        const { roundMs } = this.timing;
        const timer = this.cfg.clock.setTimer(roundMs, () => this.settle());
        this.phase = { kind: "playing", round: this.rounds, endsAt: this.cfg.clock.now() + roundMs, timer };
        this.members.broadcast(Cmd.DICE_START, encode.int64(BigInt(roundMs)), except);
    }

    private settle(): void {
        if (this.phase.kind !== "playing") return;
        this.settleRound();
        for (const m of [...this.members.values()]) if (m.link === undefined) this.remove(m);
        if (this.closeIfEmpty()) return;
        if (this.lastRound) return this.dissolve();
        const timer = this.cfg.clock.setTimer(this.timing.settleMs, () => this.afterSettlementIdle());
        this.phase = { kind: "settling", endsAt: this.cfg.clock.now() + this.timing.settleMs, timer };
    }

    /** Emits the round's result and the SettlementNotice; leaves the phase to the caller. */
    private settleRound(): void {
        if (this.phase.kind !== "playing") return;
        this.stopTimer();
        const dice = new Map(this.shaken);
        const winners = winnersOf(dice);
        this.lastDice = dice;
        const round = this.phase.round;
        // Leave "playing" before anything else runs, so nothing re-enters a settlement of this round.
        this.phase = { kind: "settling", endsAt: this.cfg.clock.now() + this.timing.settleMs, timer: undefined };
        // Recorded first: the notice (and all that follows it) waits until the result is written.
        const recorded = this.events.onSettled({ roomId: this.roomId, round, winners, dice, settledAt: this.cfg.clock.now(), payout: this.timing.payout });
        if (recorded !== undefined) this.members.hold(recorded);
        this.members.broadcast(Cmd.DICE_SETTLEMENT, encode.settlement(BigInt(this.timing.settleMs), winners, diceRecord(dice)));
    }

    private afterSettlementIdle(): void {
        if (this.phase.kind !== "settling") return;
        const anySeated = [...this.members.values()].some((m) => !isWatcherSeat(m.seat, this.seats));
        if (anySeated) this.startRound();
        else this.phase = { kind: "idle" };
    }

    private closeIfEmpty(): boolean {
        if (this.members.size > 0 || this.phase.kind === "closed") return false;
        // Nobody is left to see a settlement, but a running round is still recorded.
        if (this.phase.kind === "playing") this.settleRound();
        this.stopTimer();
        this.phase = { kind: "closed" };
        this.events.onClosed("empty");
        return true;
    }

    /** StandUp(id) goes to the others only: the reference never tells the leaver. */
    private remove(m: Member): void {
        this.members.broadcast(Cmd.STAND_UP, encode.int64(m.id), m);
        this.members.delete(m.id);
        this.events.onLeft(m.id);
    }

    private scene(viewer: Member): Uint8Array {
        const left = BigInt(this.leftMs());
        if (this.phase.kind === "playing") return encode.scene(true, left, hiddenDice(this.shaken, viewer.id));
        return encode.scene(false, left, diceRecord(this.lastDice));
    }

    /** Time left in the running round or the settlement idle; 0 otherwise. */
    private leftMs(): number {
        if (this.phase.kind !== "playing" && this.phase.kind !== "settling") return 0;
        return Math.max(0, this.phase.endsAt - this.cfg.clock.now());
    }

    private stopTimer(): void {
        if (this.phase.kind === "playing" || this.phase.kind === "settling") this.cfg.clock.clearTimer(this.phase.timer);
    }
}
