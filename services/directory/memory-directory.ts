// In-memory directory with the same semantics as RedisDirectory, for unit tests and tools that
// run without Redis. TTLs follow the injected clock.
import { resultToFields } from "./codec";
import { RESULT_DEDUPE_MS, type ClaimResult, type Directory, type DirectoryOptions, type ResultEntry, type ServerRecord } from "./types";

interface Lease<T> {
  value: T;
  expiresAt: number;
}

export class MemoryDirectory implements Directory {
  private readonly servers = new Map<string, Lease<ServerRecord>>();
  private readonly index = new Set<string>();
  private readonly rooms = new Map<string, Lease<string>>();
  private readonly users = new Map<string, Lease<string>>();
  /** The results stream: [id, fields]. */
  readonly results: [string, string[]][] = [];
  private seq = 0;
  private readonly written = new Map<string, Lease<string>>();

  constructor(
    private readonly opts: Pick<DirectoryOptions, "ttlMs">,
    private readonly now: () => number = Date.now,
  ) {}

  private live<T>(m: Map<string, Lease<T>>, key: string): T | undefined {
    const l = m.get(key);
    if (l === undefined) return undefined;
    if (l.expiresAt <= this.now()) {
      m.delete(key);
      return undefined;
    }
    return l.value;
  }

  private lease<T>(value: T): Lease<T> {
    return { value, expiresAt: this.now() + this.opts.ttlMs };
  }

  async putServer(rec: ServerRecord): Promise<void> {
    this.servers.set(rec.id, this.lease({ ...rec }));
    this.index.add(rec.id);
  }
  async removeServer(id: string): Promise<void> {
    this.servers.delete(id);
    this.index.delete(id);
  }
  async getServer(id: string): Promise<ServerRecord | undefined> {
    const r = this.live(this.servers, id);
    return r && { ...r };
  }
  async listServers(): Promise<ServerRecord[]> {
    const out: ServerRecord[] = [];
    for (const id of [...this.index].sort()) {
      const r = this.live(this.servers, id);
      if (r) out.push({ ...r });
    }
    return out;
  }
  async indexedServerIds(): Promise<string[]> {
    return [...this.index];
  }
  async unindexServers(ids: string[]): Promise<void> {
    for (const id of ids) this.index.delete(id);
  }

  async claimRoom(roomId: string, serverId: string): Promise<ClaimResult> {
    const owner = this.live(this.rooms, roomId);
    if (owner === undefined) {
      this.rooms.set(roomId, this.lease(serverId));
      return { ok: true };
    }
    return owner === serverId ? { ok: true } : { ok: false, owner };
  }
  async roomOwner(roomId: string): Promise<string | undefined> {
    return this.live(this.rooms, roomId);
  }
  async releaseRoom(roomId: string, serverId: string): Promise<void> {
    if (this.live(this.rooms, roomId) === serverId) this.rooms.delete(roomId);
  }

  async setUserRoom(userId: string, roomId: string): Promise<void> {
    this.users.set(userId, this.lease(roomId));
  }
  async userRoom(userId: string): Promise<string | undefined> {
    return this.live(this.users, userId);
  }
  async clearUserRoom(userId: string, roomId: string): Promise<void> {
    if (this.live(this.users, userId) === roomId) this.users.delete(userId);
  }

  async refreshLeases(serverId: string, rooms: string[], users: { userId: string; roomId: string }[]): Promise<void> {
    for (const r of rooms) {
      const owner = this.live(this.rooms, r);
      if (owner === undefined || owner === serverId) this.rooms.set(r, this.lease(serverId));
    }
    for (const u of users) {
      const room = this.live(this.users, u.userId);
      if (room === undefined || room === u.roomId) this.users.set(u.userId, this.lease(u.roomId));
    }
  }

  async appendResult(entry: ResultEntry): Promise<string> {
    if (entry.id === "") throw new Error('result id: "" is empty; the room server gives every settled round a unique id');
    const seen = this.live(this.written, entry.id);
    if (seen !== undefined) return seen;
    const id = `${this.now()}-${this.seq++}`;
    this.results.push([id, resultToFields(entry)]);
    this.written.set(entry.id, { value: id, expiresAt: this.now() + RESULT_DEDUPE_MS });
    return id;
  }
}
