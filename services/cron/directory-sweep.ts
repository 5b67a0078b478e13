// directory-sweep: removes what crashed servers left behind. TTLs already expire the keys a dead
// server stops refreshing; this catches index entries (the `servers` set has no TTL) and room/user
// keys whose server is gone, e.g. after a TTL was raised by hand.
import type Redis from "ioredis";
import { keys } from "../directory";
import type { Logger } from "../shared/logger";

export interface SweepOptions {
  redis: Redis;
  prefix: string;
  log: Logger;
}

export interface SweepSummary {
  servers: string[];
  rooms: string[];
  users: string[];
}

const DEL_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    out.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return out;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export async function runDirectorySweep(o: SweepOptions): Promise<SweepSummary> {
  const k = keys(o.prefix);
  const liveCache = new Map<string, boolean>();
  const serverLive = async (id: string) => {
    let live = liveCache.get(id);
    if (live === undefined) {
      live = (await o.redis.exists(k.server(id))) === 1;
      liveCache.set(id, live);
    }
    return live;
  };

  const summary: SweepSummary = { servers: [], rooms: [], users: [] };
  for (const id of await o.redis.smembers(k.servers)) {
    if (!(await serverLive(id))) summary.servers.push(id);
  }
  if (summary.servers.length > 0) await o.redis.srem(k.servers, ...summary.servers);

  const roomPrefix = k.room("");
  const liveRooms = new Set<string>();
  for (const key of await scanKeys(o.redis, `${escapeGlob(roomPrefix)}*`)) {
    const owner = await o.redis.get(key);
    if (owner === null) continue;
    const roomId = key.slice(roomPrefix.length);
    if (await serverLive(owner)) {
      liveRooms.add(roomId);
    } else if ((await o.redis.eval(DEL_IF_EQUALS, 1, key, owner)) === 1) {
      summary.rooms.push(roomId);
    }
  }

  const userPrefix = k.user("");
  for (const key of await scanKeys(o.redis, `${escapeGlob(userPrefix)}*`)) {
    const roomId = await o.redis.get(key);
    if (roomId === null || liveRooms.has(roomId)) continue;
    // Re-check: the room may have been claimed after the scan above.
    const owner = await o.redis.get(k.room(roomId));
    if (owner !== null && (await serverLive(owner))) continue;
    if ((await o.redis.eval(DEL_IF_EQUALS, 1, key, roomId)) === 1) summary.users.push(key.slice(userPrefix.length));
  }
  o.log.info({ removedServers: summary.servers, removedRooms: summary.rooms.length, removedUsers: summary.users.length }, "directory swept");
  return summary;
}
