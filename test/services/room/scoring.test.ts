import { strict as assert } from "node:assert";
import fc from "fast-check";
import { hiddenDice, winnersOf } from "../../../services/room/game/scoring";

describe("scoring", () => {
    describe("#winnersOf", () => {
        it("must name exactly the players on the highest points", () => {
            fc.assert(
                fc.property(fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 2n ** 62n }), fc.integer({ min: 1, max: 6 })), { maxLength: 8 }), (pairs) => {
                    const dice = new Map(pairs);
                    const max = Math.max(...dice.values());
                    const expected = [...dice].filter(([, p]) => p === max).map(([id]) => id);
                    assert.deepEqual(winnersOf(dice), dice.size === 0 ? [] : expected);
                }),
            );
        });
    });
    describe("#hiddenDice", () => {
        it("must list only who shook: the viewer's own points and 0 for the others", () => {
            assert.deepEqual(
                hiddenDice(
                    new Map([
                        [1n, 4],
                        [2n, 5],
                    ]),
                    2n,
                ),
                { "1": 0, "2": 5 },
            );
        });
        it("must not list a viewer who has not shaken (a reference client reads a listed id as 'I shook')", () => {
            assert.deepEqual(hiddenDice(new Map([[1n, 4]]), 3n), { "1": 0 });
        });
    });
});
