// What a DiceRoom needs from the outside world, injected so tests drive it with a fake clock.

export interface Clock {
    now(): number;
    setTimer(ms: number, fn: () => void): unknown;
    clearTimer(handle: unknown): void;
}

export const realClock: Clock = {
    now: () => Date.now(),
    setTimer: (ms, fn) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A player of a room: its seat and, while online, its connection. */
export interface Member {
    id: bigint;
    seat: number;
    /** Current connection; undefined while offline. */
    link: Link | undefined;
}

/** One player connection (a gRPC stream in the room server). */
export interface Link {
    send(cmd: number, payload: Uint8Array): void;
    /** Ends the stream; the room never sends on a link after ending it. */
    end(): void;
}

export interface RoundResult {
    roomId: string;
    round: number;
    /** Every player tied on the highest points; empty when nobody shook. */
    winners: bigint[];
    /** user id -> points of every player who shook. */
    dice: Map<bigint, number>;
    settledAt: number;
    /** Leaderboard points per winner, by the rules the round was played under. */
    payout: number;
}

export interface RoomEvents {
    /**
     * A settled round; the server appends it to the results stream. When it returns a promise, the
     * room's output (the SettlementNotice first) waits until it settles: players see a settlement only
     * once its result is recorded. The caller bounds the wait.
     */
    onSettled(result: RoundResult): PromiseLike<unknown> | undefined;
    /** A user is now a member of the room (user -> room in the directory). */
    onJoined(userId: bigint): void;
    /** A user left the room (stood up, was stood up, or the room dissolved). */
    onLeft(userId: bigint): void;
    /** The room is closed; no further events. */
    onClosed(reason: "empty" | "dissolved"): void;
}

export interface DiceRoomConfig {
    roomId: string;
    roundMs: number;
    settleMs: number;
    /** GAME_ENV=dev: Print and preset dice points are honoured. */
    dev: boolean;
    clock: Clock;
    /**
     * The rules in force (the okg engine's rules file), when they can change while the room runs: round
     * and settlement durations and the payout are read when each round starts, the seats when the room
     * is created. Without it: roundMs, settleMs, 4 playing seats and a payout of 1.
     */
    rules?: () => { roundMs: number; settleMs: number; seats: number; payout: number };
    /** 1..6; injected so tests are deterministic. */
    rollDie?: () => number;
}

export type JoinResult = { ok: true; seat: number; reconnect: boolean } | { ok: false; code: "closed" | "bad_seat"; reason: string };
