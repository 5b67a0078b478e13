import type { ServerRecord } from "./types";

/**
 * Placement of a NEW room: the least-loaded (players, then rooms, then id) `ready` server of
 * `group`, skipping `excluded` ids. Pure so gateways and tests share it.
 */
export function pickServer(
  servers: readonly ServerRecord[],
  group: string,
  excluded: ReadonlySet<string> = new Set(),
): ServerRecord | undefined {
  let best: ServerRecord | undefined;
  for (const s of servers) {
    if (s.state !== "ready" || s.group !== group || excluded.has(s.id)) continue;
    if (best === undefined || compareLoad(s, best) < 0) best = s;
  }
  return best;
}

function compareLoad(a: ServerRecord, b: ServerRecord): number {
  return a.players - b.players || a.rooms - b.rooms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
