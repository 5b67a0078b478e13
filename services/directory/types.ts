// The directory: which room servers exist, which server owns a room, which room a user is in,
// and the stream of settled rounds (services/CONTRACT.md "Directory").

export type ServerState = "ready" | "draining";

/** What a room server's heartbeat writes. */
export interface ServerRecord {
    id: string;
    /**
     * Random per process. The record's id is held by one live process at a time: a second process
     * started with the same SERVER_ID is refused while this one keeps its record alive.
     */
    instance: string;
    /** host:port the gateways dial. */
    addr: string;
    /**
     * The room server's direct player port as players reach it (services/direct-rooms.md), e.g.
     * wss://1.2.3.4:7400/; absent when it has none: its players are relayed.
     */
    wsUrl?: string;
    group: string;
    version: string;
    state: ServerState;
    rooms: number;
    players: number;
    /** ms since epoch of the last heartbeat. */
    updatedAt: number;
}

/** A record as read. */
export interface ServerView extends ServerRecord {
    /**
     * Whether the server's lease still runs: it is renewed by every heartbeat and lasts `leaseMs`,
     * shorter than the record's TTL. A server whose lease lapsed missed a whole heartbeat (killed,
     * frozen, cut off): it gets no new players and is not dialed, while its record (and so its rooms)
     * stays until the TTL says it is gone for good.
     */
    leased: boolean;
}

export type RegisterResult =
    | { ok: true }
    /** Another live process holds the id (its record has not expired and names another instance). */
    | { ok: false; code: "id-taken"; holder: { instance: string; addr: string; updatedAt: number } };

/**
 * `fence` is the claim's fencing token, "<serverId>:<n>", n growing with every claim of the room.
 * Every result the owner writes carries it, and the write is refused once another claim replaced
 * it (services/CONTRACT.md "Directory").
 */
export type ClaimResult = { ok: true; fence: string } | { ok: false; owner: string };

export type AppendResult =
    | { ok: true; id: string }
    /** The room was claimed by another server since this writer's claim: `holder` is the current token or owner. */
    | { ok: false; code: "fenced"; holder: string };

export interface RoomLease {
    roomId: string;
    fence: string;
}

export interface RefreshResult {
    /** Rooms another server claimed since: this server no longer owns them. */
    lost: string[];
}

export interface ResultEntry {
    /**
     * Unique per settled round, chosen by the room server. Appends are retried (and ioredis resends
     * unanswered commands after a reconnect), so the same round can reach XADD twice; the id makes
     * the second append a no-op. Empty for entries written before ids existed.
     */
    id: string;
    room: string;
    round: number;
    server: string;
    settledAt: number;
    winners: bigint[];
    dice: Map<bigint, number>;
    /** Leaderboard points each winner earns (the room's rules); absent = 1 (entries from before rules files). */
    payout?: number;
}

export interface Directory {
    /**
     * Registers or refreshes a server (hash + TTL + index + lease), unless another live instance
     * holds the id. The heartbeat calls it every HEARTBEAT_MS.
     */
    putServer(rec: ServerRecord): Promise<RegisterResult>;
    /** Removes the record and index entry, only while the record is `instance`'s own. */
    removeServer(id: string, instance: string): Promise<void>;
    getServer(id: string): Promise<ServerView | undefined>;
    /** Every indexed server whose record has not expired (leased or not). */
    listServers(): Promise<ServerView[]>;
    /** Ids in the `servers` index, live or not (the sweep compares). */
    indexedServerIds(): Promise<string[]>;
    /** Removes ids from the index only. */
    unindexServers(ids: string[]): Promise<void>;

    /**
     * SET NX: the first server wins and gets a new fencing token; claiming a room one already owns
     * succeeds with its current token.
     */
    claimRoom(roomId: string, serverId: string): Promise<ClaimResult>;
    roomOwner(roomId: string): Promise<string | undefined>;
    /** Deletes room -> server only while it still names `serverId`. */
    releaseRoom(roomId: string, serverId: string): Promise<void>;

    setUserRoom(userId: string, roomId: string): Promise<void>;
    userRoom(userId: string): Promise<string | undefined>;
    /** Deletes user -> room only while it still names `roomId` (a newer sit-down elsewhere wins). */
    clearUserRoom(userId: string, roomId: string): Promise<void>;

    /**
     * Extends the room keys whose fencing token is still the one given (re-creating them when they
     * are missing, e.g. Redis restarted empty, as long as no other claim replaced the token) and the
     * user keys still naming their room; reports as lost the rooms another server claimed since, and
     * leaves those keys alone.
     */
    refreshLeases(serverId: string, rooms: RoomLease[], users: { userId: string; roomId: string }[]): Promise<RefreshResult>;

    /**
     * XADD to the results stream, atomically checked against the room's fencing token: refused when
     * another server claimed the room since `fence` was issued. Idempotent per `entry.id` for
     * resultDedupeMs: appending the same round again returns the first entry's id and adds nothing.
     */
    appendResult(entry: ResultEntry, fence: string): Promise<AppendResult>;

    /**
     * Marks a seat ticket id (its `jti`) used for `ttlMs`: true the first time, false while it is
     * already marked. In the directory rather than in the room process, so a room server restarted
     * under the same SERVER_ID does not seat a ticket a second time within its lifetime.
     */
    useTicket(ticketId: string, ttlMs: number): Promise<boolean>;
}

/** How long an appended round's id is remembered; far longer than any retry of that append. */
export const resultDedupeMs = 3_600_000;

/**
 * Lifetime of a room's fencing token after its owner's last claim or heartbeat. A writer whose
 * token was replaced is refused while the replacing token lives; once it expired and nobody holds
 * the room, the next write is accepted and its token adopted. So this must outlast any stall a
 * room server can come back from (a frozen process, a paused VM).
 */
export const fenceTtlMs = 3_600_000;

export interface DirectoryOptions {
    /** Key prefix, REDIS_PREFIX (default `gameops:`). */
    prefix: string;
    /** DIRECTORY_TTL_MS: lifetime of server, room and user keys between refreshes. */
    ttlMs: number;
    /** Lifetime of a server's lease between heartbeats (see ServerView.leased); `ttlMs` when absent. */
    leaseMs?: number;
}
