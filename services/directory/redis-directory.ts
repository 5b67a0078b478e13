import type Redis from "ioredis";
import { keys, resultToFields, serverFromHash, serverToHash } from "./codec";
import { appendScript, claimScript, delIfEqualsScript, deregisterScript, refreshScript, registerScript } from "./scripts";
import {
    fenceTtlMs,
    resultDedupeMs,
    type AppendResult,
    type ClaimResult,
    type Directory,
    type DirectoryOptions,
    type RefreshResult,
    type RegisterResult,
    type ResultEntry,
    type RoomLease,
    type ServerRecord,
    type ServerView,
} from "./types";

/**
 * The directory's Lua scripts as ioredis commands, which run them by EVALSHA (EVAL again after a
 * NOSCRIPT): with EVAL, every settled round and every heartbeat sent the whole script text and
 * Redis hashed it again.
 */
const scripts = {
    gameopsRegister: registerScript,
    gameopsDeregister: deregisterScript,
    gameopsClaim: claimScript,
    gameopsDelIfEquals: delIfEqualsScript,
    gameopsRefresh: refreshScript,
    gameopsAppend: appendScript,
};
type Scripted = Record<keyof typeof scripts, (numKeys: number, ...args: string[]) => Promise<unknown>>;

function scripted(redis: Redis): Scripted {
    for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { lua });
    return redis as unknown as Scripted;
}

export class RedisDirectory implements Directory {
    private readonly k: ReturnType<typeof keys>;
    private readonly lua: Scripted;

    constructor(
        private readonly redis: Redis,
        private readonly opts: DirectoryOptions,
    ) {
        this.k = keys(opts.prefix);
        this.lua = scripted(redis);
    }

    async putServer(rec: ServerRecord): Promise<RegisterResult> {
        const fields = Object.entries(serverToHash(rec)).flat();
        const k = this.k;
        const leaseMs = this.opts.leaseMs ?? this.opts.ttlMs;
        const r = (await this.lua.gameopsRegister(
            3,
            k.server(rec.id),
            k.servers,
            k.lease(rec.id),
            String(this.opts.ttlMs),
            String(leaseMs),
            rec.id,
            rec.instance,
            ...fields,
        )) as [1] | [0, string, string, string];
        if (r[0] === 1) return { ok: true };
        return { ok: false, code: "id-taken", holder: { instance: r[1], addr: r[2], updatedAt: Number(r[3]) } };
    }

    async removeServer(id: string, instance: string): Promise<void> {
        await this.lua.gameopsDeregister(3, this.k.server(id), this.k.servers, this.k.lease(id), id, instance);
    }

    async getServer(id: string): Promise<ServerView | undefined> {
        return (await this.read([id]))[0];
    }

    async listServers(): Promise<ServerView[]> {
        const ids = (await this.indexedServerIds()).sort();
        return (await this.read(ids)).filter((s): s is ServerView => s !== undefined);
    }

    /** Each id's record with its lease, read in one round trip; undefined where the record is gone. */
    private async read(ids: string[]): Promise<(ServerView | undefined)[]> {
        if (ids.length === 0) return [];
        const p = this.redis.pipeline();
        for (const id of ids) p.hgetall(this.k.server(id)).exists(this.k.lease(id));
        const rows = check(await p.exec());
        return ids.map((id, i) => {
            const rec = serverFromHash(id, rows[2 * i] as Record<string, string>);
            return rec && { ...rec, leased: rows[2 * i + 1] === 1 };
        });
    }

    indexedServerIds(): Promise<string[]> {
        return this.redis.smembers(this.k.servers);
    }

    async unindexServers(ids: string[]): Promise<void> {
        if (ids.length > 0) await this.redis.srem(this.k.servers, ...ids);
    }

    async claimRoom(roomId: string, serverId: string): Promise<ClaimResult> {
        const r = (await this.lua.gameopsClaim(2, this.k.room(roomId), this.k.fence(roomId), serverId, String(this.opts.ttlMs), String(fenceTtlMs))) as [
            number,
            string,
        ];
        return r[0] === 1 ? { ok: true, fence: r[1] } : { ok: false, owner: r[1] };
    }

    async roomOwner(roomId: string): Promise<string | undefined> {
        return (await this.redis.get(this.k.room(roomId))) ?? undefined;
    }

    async releaseRoom(roomId: string, serverId: string): Promise<void> {
        await this.lua.gameopsDelIfEquals(1, this.k.room(roomId), serverId);
    }

    async setUserRoom(userId: string, roomId: string): Promise<void> {
        await this.redis.set(this.k.user(userId), roomId, "PX", this.opts.ttlMs);
    }

    async userRoom(userId: string): Promise<string | undefined> {
        return (await this.redis.get(this.k.user(userId))) ?? undefined;
    }

    async clearUserRoom(userId: string, roomId: string): Promise<void> {
        await this.lua.gameopsDelIfEquals(1, this.k.user(userId), roomId);
    }

    async refreshLeases(serverId: string, rooms: RoomLease[], users: { userId: string; roomId: string }[]): Promise<RefreshResult> {
        if (rooms.length === 0 && users.length === 0) return { lost: [] };
        const ks = [...rooms.flatMap((r) => [this.k.room(r.roomId), this.k.fence(r.roomId)]), ...users.map((u) => this.k.user(u.userId))];
        const args = [serverId, String(this.opts.ttlMs), String(fenceTtlMs), String(rooms.length), ...rooms.map((r) => r.fence), ...users.map((u) => u.roomId)];
        const lost = (await this.lua.gameopsRefresh(ks.length, ...ks, ...args)) as number[];
        return { lost: lost.map((i) => rooms[i - 1]!.roomId) };
    }

    async appendResult(entry: ResultEntry, fence: string): Promise<AppendResult> {
        if (entry.id === "") throw new Error('result id: "" is empty; the room server gives every settled round a unique id');
        const k = this.k;
        const r = (await this.lua.gameopsAppend(
            4,
            k.results,
            k.resultWritten(entry.id),
            k.fence(entry.room),
            k.room(entry.room),
            String(resultDedupeMs),
            fence,
            entry.server,
            String(fenceTtlMs),
            ...resultToFields(entry),
        )) as [number, string];
        return r[0] === 1 ? { ok: true, id: r[1] } : { ok: false, code: "fenced", holder: r[1] };
    }

    async useTicket(ticketId: string, ttlMs: number): Promise<boolean> {
        return (await this.redis.set(this.k.ticket(ticketId), "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
    }
}

type ExecResult = [Error | null, unknown][] | null;

/** MULTI/pipeline results carry per-command errors; surface the first one. */
function check(res: ExecResult): unknown[] {
    if (res === null) throw new Error("redis transaction was aborted");
    for (const [err] of res) if (err) throw err;
    return res.map(([, v]) => v);
}
