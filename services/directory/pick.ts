import type { ServerView } from "./types";

/**
 * Placement of a NEW room: the least-loaded (players, then rooms, then id) `ready` server of
 * `group` (of any group when undefined), skipping `excluded` ids, among the servers whose lease runs. A server whose lease lapsed
 * (a killed or frozen one until its record expires) is picked only when no leased one fits: a
 * heartbeat that was merely late must not make a group unplaceable. Pure so gateways and tests
 * share it.
 */
export function pickServer(servers: readonly ServerView[], group: string | undefined, excluded: ReadonlySet<string> = new Set()): ServerView | undefined {
    let best: ServerView | undefined;
    for (const s of servers) {
        if (s.state !== "ready" || (group !== undefined && s.group !== group) || excluded.has(s.id)) continue;
        if (best === undefined || compare(s, best) < 0) best = s;
    }
    return best;
}

function compare(a: ServerView, b: ServerView): number {
    return Number(b.leased) - Number(a.leased) || a.players - b.players || a.rooms - b.rooms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
