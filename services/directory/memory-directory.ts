// In-memory directory with the same semantics as RedisDirectory (the contract suite runs against
// both), for unit tests and tools that run without Redis. TTLs follow the injected clock.
import { resultToFields } from "./codec";
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

interface Lease<T> {
    value: T;
    expiresAt: number;
}

export class MemoryDirectory implements Directory {
    private readonly servers = new Map<string, Lease<ServerRecord>>();
    private readonly serverLeases = new Map<string, Lease<string>>();
    private readonly index = new Set<string>();
    private readonly rooms = new Map<string, Lease<string>>();
    private readonly fences = new Map<string, Lease<string>>();
    private readonly users = new Map<string, Lease<string>>();
    /** The results stream: [id, fields]. */
    readonly results: [string, string[]][] = [];
    private seq = 0;
    private readonly written = new Map<string, Lease<string>>();
    private readonly tickets = new Map<string, Lease<true>>();

    constructor(
        private readonly opts: Pick<DirectoryOptions, "ttlMs" | "leaseMs">,
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

    private lease<T>(value: T, ms = this.opts.ttlMs): Lease<T> {
        return { value, expiresAt: this.now() + ms };
    }

    async putServer(rec: ServerRecord): Promise<RegisterResult> {
        const held = this.live(this.servers, rec.id);
        if (held !== undefined && held.instance !== "" && held.instance !== rec.instance) {
            return { ok: false, code: "id-taken", holder: { instance: held.instance, addr: held.addr, updatedAt: held.updatedAt } };
        }
        this.servers.set(rec.id, this.lease({ ...rec }));
        this.serverLeases.set(rec.id, this.lease(rec.instance, this.opts.leaseMs ?? this.opts.ttlMs));
        this.index.add(rec.id);
        return { ok: true };
    }
    async removeServer(id: string, instance: string): Promise<void> {
        const held = this.live(this.servers, id);
        if (held !== undefined && held.instance !== "" && held.instance !== instance) return;
        this.servers.delete(id);
        this.index.delete(id);
        if (this.live(this.serverLeases, id) === instance) this.serverLeases.delete(id);
    }
    async getServer(id: string): Promise<ServerView | undefined> {
        const r = this.live(this.servers, id);
        return r && { ...r, leased: this.live(this.serverLeases, id) !== undefined };
    }
    async listServers(): Promise<ServerView[]> {
        const out: ServerView[] = [];
        for (const id of [...this.index].sort()) {
            const r = await this.getServer(id);
            if (r) out.push(r);
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
        if (owner !== undefined && owner !== serverId) return { ok: false, owner };
        const fence = this.live(this.fences, roomId);
        if (owner !== undefined && fence?.startsWith(`${serverId}:`)) {
            this.rooms.set(roomId, this.lease(serverId));
            return { ok: true, fence };
        }
        const n = fence === undefined ? 0 : Number(/:(\d+)$/.exec(fence)?.[1] ?? 0);
        const token = `${serverId}:${n + 1}`;
        this.rooms.set(roomId, this.lease(serverId));
        this.fences.set(roomId, this.lease(token, fenceTtlMs));
        return { ok: true, fence: token };
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

    async refreshLeases(serverId: string, rooms: RoomLease[], users: { userId: string; roomId: string }[]): Promise<RefreshResult> {
        const lost: string[] = [];
        for (const r of rooms) {
            const owner = this.live(this.rooms, r.roomId);
            const fence = this.live(this.fences, r.roomId);
            if ((owner === undefined || owner === serverId) && (fence === undefined || fence === r.fence)) {
                this.rooms.set(r.roomId, this.lease(serverId));
                this.fences.set(r.roomId, this.lease(r.fence, fenceTtlMs));
            } else {
                lost.push(r.roomId);
            }
        }
        for (const u of users) {
            const room = this.live(this.users, u.userId);
            if (room === undefined || room === u.roomId) this.users.set(u.userId, this.lease(u.roomId));
        }
        return { lost };
    }

    async appendResult(entry: ResultEntry, fence: string): Promise<AppendResult> {
        if (entry.id === "") throw new Error('result id: "" is empty; the room server gives every settled round a unique id');
        const seen = this.live(this.written, entry.id);
        if (seen !== undefined) return { ok: true, id: seen };
        const current = this.live(this.fences, entry.room);
        if (current !== fence) {
            if (current !== undefined) return { ok: false, code: "fenced", holder: current };
            const owner = this.live(this.rooms, entry.room);
            if (owner !== undefined && owner !== entry.server) return { ok: false, code: "fenced", holder: owner };
            this.fences.set(entry.room, this.lease(fence, fenceTtlMs));
        }
        const id = `${this.now()}-${this.seq++}`;
        this.results.push([id, resultToFields(entry)]);
        this.written.set(entry.id, this.lease(id, resultDedupeMs));
        return { ok: true, id };
    }

    async useTicket(ticketId: string, ttlMs: number): Promise<boolean> {
        if (this.live(this.tickets, ticketId) !== undefined) return false;
        // Expired ids leave as Redis's keys do, so a long-running tool does not keep every ticket.
        for (const [id, l] of this.tickets) if (l.expiresAt <= this.now()) this.tickets.delete(id);
        this.tickets.set(ticketId, this.lease(true, Math.max(1, Math.ceil(ttlMs))));
        return true;
    }
}
