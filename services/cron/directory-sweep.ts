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

// Each removal re-checks, inside Redis and atomically, that the owner is still gone: a server can
// (re)register while the sweep runs (a StatefulSet pod comes back under the same id), and deleting
// its fresh room claim would let a second server claim the same room.
const unindexIfGoneScript = `if redis.call('exists', KEYS[1]) == 0 then return redis.call('srem', KEYS[2], ARGV[1]) end return 0`;
const delRoomIfOwnerGoneScript = `if redis.call('get', KEYS[1]) == ARGV[1] and redis.call('exists', KEYS[2]) == 0 then return redis.call('del', KEYS[1]) end return 0`;
// The owner's server key is built in the script (single-instance Redis; the directory is not clustered).
const delUserIfRoomGoneScript = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local owner = redis.call('get', KEYS[2])
if owner and redis.call('exists', ARGV[2] .. owner) == 1 then return 0 end
return redis.call('del', KEYS[1])`;

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
        if (await serverLive(id)) continue;
        if ((await o.redis.eval(unindexIfGoneScript, 2, k.server(id), k.servers, id)) === 1) summary.servers.push(id);
    }

    // The liveness cache only saves round trips for owners seen alive; "gone" is always re-checked.
    const roomPrefix = k.room("");
    const liveRooms = new Set<string>();
    for (const key of await scanKeys(o.redis, `${escapeGlob(roomPrefix)}*`)) {
        const owner = await o.redis.get(key);
        if (owner === null) continue;
        const roomId = key.slice(roomPrefix.length);
        if (await serverLive(owner)) {
            liveRooms.add(roomId);
        } else if ((await o.redis.eval(delRoomIfOwnerGoneScript, 2, key, k.server(owner), owner)) === 1) {
            summary.rooms.push(roomId);
        }
    }

    const userPrefix = k.user("");
    for (const key of await scanKeys(o.redis, `${escapeGlob(userPrefix)}*`)) {
        const roomId = await o.redis.get(key);
        if (roomId === null || liveRooms.has(roomId)) continue;
        if ((await o.redis.eval(delUserIfRoomGoneScript, 2, key, k.room(roomId), roomId, k.server(""))) === 1) {
            summary.users.push(key.slice(userPrefix.length));
        }
    }
    o.log.info({ removedServers: summary.servers, removedRooms: summary.rooms.length, removedUsers: summary.users.length }, "directory swept");
    return summary;
}
