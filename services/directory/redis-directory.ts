import type Redis from "ioredis";
import { keys, resultToFields, serverFromHash, serverToHash } from "./codec";
import { RESULT_DEDUPE_MS, type ClaimResult, type Directory, type DirectoryOptions, type ResultEntry, type ServerRecord } from "./types";

// Compare-and-act scripts: a lease is only touched while it still names its holder, so a
// server never deletes or extends a room another server claimed after its lease lapsed.
const DEL_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
// Refresh a lease still naming its holder; restore one that vanished (Redis restarted empty or
// evicted it) so the room stays pinned to its server; leave one that names someone else.
const REFRESH_OR_RESTORE = `local n = 0
for i, k in ipairs(KEYS) do
  local v = redis.call('get', k)
  if v == ARGV[i + 1] then redis.call('pexpire', k, ARGV[1]); n = n + 1
  elseif not v then redis.call('set', k, ARGV[i + 1], 'PX', ARGV[1]); n = n + 1 end
end
return n`;

// Append a round once: a retried or resent XADD of the same round id returns the first entry's id.
const APPEND_ONCE = `local seen = redis.call('get', KEYS[2])
if seen then return seen end
local id = redis.call('xadd', KEYS[1], '*', unpack(ARGV, 2))
redis.call('set', KEYS[2], id, 'PX', ARGV[1])
return id`;

export class RedisDirectory implements Directory {
  private readonly k: ReturnType<typeof keys>;

  constructor(
    private readonly redis: Redis,
    private readonly opts: DirectoryOptions,
  ) {
    this.k = keys(opts.prefix);
  }

  async putServer(rec: ServerRecord): Promise<void> {
    const key = this.k.server(rec.id);
    await this.redis
      .multi()
      .hset(key, serverToHash(rec))
      .pexpire(key, this.opts.ttlMs)
      .sadd(this.k.servers, rec.id)
      .exec()
      .then(check);
  }

  async removeServer(id: string): Promise<void> {
    await this.redis.multi().del(this.k.server(id)).srem(this.k.servers, id).exec().then(check);
  }

  async getServer(id: string): Promise<ServerRecord | undefined> {
    return serverFromHash(id, await this.redis.hgetall(this.k.server(id)));
  }

  async listServers(): Promise<ServerRecord[]> {
    const ids = (await this.indexedServerIds()).sort();
    if (ids.length === 0) return [];
    const p = this.redis.pipeline();
    for (const id of ids) p.hgetall(this.k.server(id));
    const rows = check(await p.exec()) as Record<string, string>[];
    const out: ServerRecord[] = [];
    ids.forEach((id, i) => {
      const rec = serverFromHash(id, rows[i]);
      if (rec) out.push(rec);
    });
    return out;
  }

  indexedServerIds(): Promise<string[]> {
    return this.redis.smembers(this.k.servers);
  }

  async unindexServers(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.srem(this.k.servers, ...ids);
  }

  async claimRoom(roomId: string, serverId: string): Promise<ClaimResult> {
    const key = this.k.room(roomId);
    const set = await this.redis.set(key, serverId, "PX", this.opts.ttlMs, "NX");
    if (set === "OK") return { ok: true };
    const owner = await this.redis.get(key);
    if (owner === serverId) return { ok: true };
    // The key expired between SET and GET: try once more rather than report a phantom owner.
    if (owner === null) return this.claimRoom(roomId, serverId);
    return { ok: false, owner };
  }

  async roomOwner(roomId: string): Promise<string | undefined> {
    return (await this.redis.get(this.k.room(roomId))) ?? undefined;
  }

  async releaseRoom(roomId: string, serverId: string): Promise<void> {
    await this.redis.eval(DEL_IF_EQUALS, 1, this.k.room(roomId), serverId);
  }

  async setUserRoom(userId: string, roomId: string): Promise<void> {
    await this.redis.set(this.k.user(userId), roomId, "PX", this.opts.ttlMs);
  }

  async userRoom(userId: string): Promise<string | undefined> {
    return (await this.redis.get(this.k.user(userId))) ?? undefined;
  }

  async clearUserRoom(userId: string, roomId: string): Promise<void> {
    await this.redis.eval(DEL_IF_EQUALS, 1, this.k.user(userId), roomId);
  }

  async refreshLeases(serverId: string, rooms: string[], users: { userId: string; roomId: string }[]): Promise<void> {
    const ks = [...rooms.map((r) => this.k.room(r)), ...users.map((u) => this.k.user(u.userId))];
    if (ks.length === 0) return;
    const expected = [...rooms.map(() => serverId), ...users.map((u) => u.roomId)];
    await this.redis.eval(REFRESH_OR_RESTORE, ks.length, ...ks, String(this.opts.ttlMs), ...expected);
  }

  async appendResult(entry: ResultEntry): Promise<string> {
    if (entry.id === "") throw new Error("result id: \"\" is empty; the room server gives every settled round a unique id");
    const id = await this.redis.eval(APPEND_ONCE, 2, this.k.results, this.k.resultWritten(entry.id), String(RESULT_DEDUPE_MS), ...resultToFields(entry));
    if (typeof id !== "string") throw new Error(`XADD returned ${JSON.stringify(id)} instead of an entry id`);
    return id;
  }
}

type ExecResult = [Error | null, unknown][] | null;

/** MULTI/pipeline results carry per-command errors; surface the first one. */
function check(res: ExecResult): unknown[] {
  if (res === null) throw new Error("redis transaction was aborted");
  for (const [err] of res) if (err) throw err;
  return res.map(([, v]) => v);
}
