// The directory: which room servers exist, which server owns a room, which room a user is in,
// and the stream of settled rounds (services/CONTRACT.md "Directory").

export type ServerState = "ready" | "draining";

export interface ServerRecord {
  id: string;
  /** host:port the gateways dial. */
  addr: string;
  group: string;
  version: string;
  state: ServerState;
  rooms: number;
  players: number;
  /** ms since epoch of the last heartbeat. */
  updatedAt: number;
}

export type ClaimResult = { ok: true } | { ok: false; owner: string };

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
}

export interface Directory {
  /** Registers or refreshes a server (hash + TTL + index). The heartbeat calls it every HEARTBEAT_MS. */
  putServer(rec: ServerRecord): Promise<void>;
  removeServer(id: string): Promise<void>;
  getServer(id: string): Promise<ServerRecord | undefined>;
  /** Every indexed server whose record has not expired. */
  listServers(): Promise<ServerRecord[]>;
  /** Ids in the `servers` index, live or not (the sweep compares). */
  indexedServerIds(): Promise<string[]>;
  /** Removes ids from the index only. */
  unindexServers(ids: string[]): Promise<void>;

  /** SET NX: the first server wins; claiming a room one already owns succeeds. */
  claimRoom(roomId: string, serverId: string): Promise<ClaimResult>;
  roomOwner(roomId: string): Promise<string | undefined>;
  /** Deletes room -> server only while it still names `serverId`. */
  releaseRoom(roomId: string, serverId: string): Promise<void>;

  setUserRoom(userId: string, roomId: string): Promise<void>;
  userRoom(userId: string): Promise<string | undefined>;
  /** Deletes user -> room only while it still names `roomId` (a newer sit-down elsewhere wins). */
  clearUserRoom(userId: string, roomId: string): Promise<void>;

  /**
   * Extends the TTL of room keys still owned by `serverId` and user keys still naming their room;
   * re-creates such keys when they are missing (Redis restarted empty); leaves keys that now name
   * another server or room.
   */
  refreshLeases(serverId: string, rooms: string[], users: { userId: string; roomId: string }[]): Promise<void>;

  /**
   * XADD to the results stream; returns the stream entry id. Idempotent per `entry.id` for
   * RESULT_DEDUPE_MS: appending the same round again returns the first entry's id and adds nothing.
   */
  appendResult(entry: ResultEntry): Promise<string>;
}

/** How long an appended round's id is remembered; far longer than any retry of that append. */
export const RESULT_DEDUPE_MS = 3_600_000;

export interface DirectoryOptions {
  /** Key prefix, REDIS_PREFIX (default `gameops:`). */
  prefix: string;
  /** DIRECTORY_TTL_MS: lifetime of server, room and user keys between refreshes. */
  ttlMs: number;
}
