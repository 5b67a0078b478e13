// How records and results are laid out in Redis (strings only).
import type { ResultEntry, ServerRecord } from "./types";

export function keys(prefix: string) {
    return {
        server: (id: string) => `${prefix}server:${id}`,
        servers: `${prefix}servers`,
        room: (id: string) => `${prefix}room:${id}`,
        user: (id: string) => `${prefix}user:${id}`,
        results: `${prefix}results`,
        /** Marks a round id as appended (value: its stream entry id), for resultDedupeMs. */
        resultWritten: (id: string) => `${prefix}results:written:${id}`,
        /** A server's lease: exists (value: instance) while its heartbeats come in time. */
        lease: (id: string) => `${prefix}lease:${id}`,
        /** A room's current fencing token ("<serverId>:<n>"), fenceTtlMs past its owner's last refresh. */
        fence: (roomId: string) => `${prefix}fence:${roomId}`,
        /** A used seat ticket's id, until the ticket expires (direct player port). */
        ticket: (id: string) => `${prefix}ticket:${id}`,
    };
}

export function serverToHash(r: ServerRecord): Record<string, string> {
    return {
        instance: r.instance,
        addr: r.addr,
        // Always written, "" for none: HSET merges, and an address the server lost must not linger.
        wsUrl: r.wsUrl ?? "",
        group: r.group,
        version: r.version,
        state: r.state,
        rooms: String(r.rooms),
        players: String(r.players),
        updatedAt: String(r.updatedAt),
    };
}

/** undefined for a missing or half-written hash (it is then treated as gone). */
export function serverFromHash(id: string, h: Record<string, string>): ServerRecord | undefined {
    const { addr, group, version, state } = h;
    // A record of a server from before instances existed has none: anyone may take its id over.
    const instance = h.instance ?? "";
    const rooms = Number(h.rooms);
    const players = Number(h.players);
    const updatedAt = Number(h.updatedAt);
    if (!addr || group === undefined || version === undefined) return undefined;
    if (state !== "ready" && state !== "draining") return undefined;
    if (![rooms, players, updatedAt].every(Number.isFinite)) return undefined;
    const rec: ServerRecord = { id, instance, addr, group, version, state, rooms, players, updatedAt };
    if (h.wsUrl) rec.wsUrl = h.wsUrl;
    return rec;
}

/**
 * Result fields. Ids are written as JSON strings of decimal digits: player ids are int64 and a
 * JSON number would lose precision above 2^53 in JavaScript readers.
 */
export function resultToFields(e: ResultEntry): string[] {
    const dice: Record<string, number> = {};
    for (const [id, p] of e.dice) dice[id.toString()] = p;
    return [
        "room",
        e.room,
        "round",
        String(e.round),
        "server",
        e.server,
        "settledAt",
        String(e.settledAt),
        "winners",
        JSON.stringify(e.winners.map((w) => w.toString())),
        "dice",
        JSON.stringify(dice),
        "id",
        e.id,
        ...(e.payout !== undefined ? ["payout", String(e.payout)] : []),
    ];
}

export type ParsedResult = { ok: true; value: ResultEntry } | { ok: false; reason: string };

const decimalId = /^-?\d{1,19}$/;

/** undefined for text that is not JSON. */
function parseJson(text: string | undefined): unknown {
    try {
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
    } catch {
        return undefined;
    }
}

/**
 * Reads one results-stream entry. Every field is checked, not just parsed: a consumer such as the
 * leaderboard must be able to skip a bad entry, and an unchecked NaN timestamp would instead throw
 * later (RangeError on the daily board's date) on every run, stalling the stream for good.
 */
export function resultFromFields(fields: string[]): ParsedResult {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
    const bad = (reason: string): ParsedResult => ({ ok: false, reason: `result entry is malformed: ${reason}` });
    if (!f.room) return bad(`room: ${JSON.stringify(f.room ?? null)} is not a room id`);
    if (!f.server) return bad(`server: ${JSON.stringify(f.server ?? null)} is not a server id`);
    if (!/^\d{1,15}$/.test(f.round ?? "")) return bad(`round: ${JSON.stringify(f.round ?? null)} is not a round number`);
    const settledAt = /^\d{1,15}$/.test(f.settledAt ?? "") ? Number(f.settledAt) : NaN;
    if (Number.isNaN(new Date(settledAt).getTime())) {
        return bad(`settledAt: ${JSON.stringify(f.settledAt ?? null)} is not a time in ms since the epoch`);
    }
    const winners = parseJson(f.winners);
    if (!Array.isArray(winners) || !winners.every((w) => typeof w === "string" && decimalId.test(w))) {
        return bad(`winners: ${JSON.stringify(f.winners ?? null)} is not a JSON array of decimal id strings`);
    }
    const dice = parseJson(f.dice);
    const points = typeof dice === "object" && dice !== null && !Array.isArray(dice) ? Object.entries(dice) : undefined;
    if (points === undefined || !points.every(([id, p]) => decimalId.test(id) && Number.isInteger(p))) {
        return bad(`dice: ${JSON.stringify(f.dice ?? null)} is not a JSON object of decimal id -> integer points`);
    }
    if (f.payout !== undefined && !/^[1-9]\d{0,6}$/.test(f.payout)) return bad(`payout: ${JSON.stringify(f.payout)} is not a whole number of points from 1`);
    return {
        ok: true,
        value: {
            ...(f.payout !== undefined ? { payout: Number(f.payout) } : {}),
            id: f.id ?? "",
            room: f.room,
            round: Number(f.round),
            server: f.server,
            settledAt,
            winners: winners.map((w: string) => BigInt(w)),
            dice: new Map(points.map(([id, p]) => [BigInt(id), p as number])),
        },
    };
}
