// Pure round arithmetic: who won, and what a viewer may see of the dice.

/** Every player tied on the highest points; nobody when nobody shook. */
export function winnersOf(dice: ReadonlyMap<bigint, number>): bigint[] {
    const max = Math.max(0, ...dice.values());
    return [...dice].filter(([, p]) => p === max && max > 0).map(([id]) => id);
}

/**
 * During a round: only who has shaken, with the viewer's own points and 0 for the others. A
 * reference client reads "my id is listed" as "I already shook", so nobody else may be listed.
 */
export function hiddenDice(shaken: ReadonlyMap<bigint, number>, viewer: bigint): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, p] of shaken) out[id.toString()] = id === viewer ? p : 0;
    return out;
}

export function diceRecord(dice: ReadonlyMap<bigint, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, p] of dice) out[id.toString()] = p;
    return out;
}
