// Pure round arithmetic: who won, and what a viewer may see of the dice.

/** Every player tied on the highest points; nobody when nobody shook. */
export function winnersOf(dice: ReadonlyMap<bigint, number>): bigint[] {
  const max = Math.max(0, ...dice.values());
  return [...dice].filter(([, p]) => p === max && max > 0).map(([id]) => id);
}

/** During a round a viewer sees its own points and 0 for everyone else seated. */
export function hiddenDice(seated: readonly bigint[], shaken: ReadonlyMap<bigint, number>, viewer: bigint): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of seated) out[id.toString()] = id === viewer ? (shaken.get(id) ?? 0) : 0;
  return out;
}

export function diceRecord(dice: ReadonlyMap<bigint, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, p] of dice) out[id.toString()] = p;
  return out;
}
