// How records and results are laid out in Redis (strings only).
import type { ResultEntry, ServerRecord } from "./types";

export function keys(prefix: string) {
  return {
    server: (id: string) => `${prefix}server:${id}`,
    servers: `${prefix}servers`,
    room: (id: string) => `${prefix}room:${id}`,
    user: (id: string) => `${prefix}user:${id}`,
    results: `${prefix}results`,
  };
}

export function serverToHash(r: ServerRecord): Record<string, string> {
  return {
    addr: r.addr,
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
  const rooms = Number(h.rooms);
  const players = Number(h.players);
  const updatedAt = Number(h.updatedAt);
  if (!addr || group === undefined || version === undefined) return undefined;
  if (state !== "ready" && state !== "draining") return undefined;
  if (![rooms, players, updatedAt].every(Number.isFinite)) return undefined;
  return { id, addr, group, version, state, rooms, players, updatedAt };
}

/**
 * Result fields. Ids are written as JSON strings of decimal digits: player ids are int64 and a
 * JSON number would lose precision above 2^53 in JavaScript readers.
 */
export function resultToFields(e: ResultEntry): string[] {
  const dice: Record<string, number> = {};
  for (const [id, p] of e.dice) dice[id.toString()] = p;
  return [
    "room", e.room,
    "round", String(e.round),
    "server", e.server,
    "settledAt", String(e.settledAt),
    "winners", JSON.stringify(e.winners.map((w) => w.toString())),
    "dice", JSON.stringify(dice),
  ];
}

export type ParsedResult = { ok: true; value: ResultEntry } | { ok: false; reason: string };

export function resultFromFields(fields: string[]): ParsedResult {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  try {
    const winners = JSON.parse(f.winners ?? "") as unknown;
    const dice = JSON.parse(f.dice ?? "") as unknown;
    if (!Array.isArray(winners) || typeof dice !== "object" || dice === null) throw new Error("winners/dice have the wrong shape");
    return {
      ok: true,
      value: {
        room: f.room ?? "",
        round: Number(f.round),
        server: f.server ?? "",
        settledAt: Number(f.settledAt),
        winners: winners.map((w) => BigInt(String(w))),
        dice: new Map(Object.entries(dice as Record<string, number>).map(([k, v]) => [BigInt(k), Number(v)])),
      },
    };
  } catch (err) {
    return { ok: false, reason: `result entry is malformed: ${(err as Error).message}` };
  }
}
