import assert from "node:assert/strict";
import { WriteBatcher, type Flushable } from "../../../../services/shared/edge/write-batch";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder(): Flushable & { flushes: number } {
    const r = {
        flushes: 0,
        flush: () => {
            r.flushes++;
        },
    };
    return r;
}

describe("WriteBatcher", () => {
    describe("#hold", () => {
        it("must flush each held connection once, after the turn", async () => {
            const b = new WriteBatcher();
            const c1 = recorder();
            const c2 = recorder();
            b.hold(c1);
            b.hold(c1);
            b.hold(c2);
            assert.deepEqual([c1.flushes, c2.flushes, b.pending], [0, 0, 2]);
            await nextTurn();
            assert.deepEqual([c1.flushes, c2.flushes, b.pending], [1, 1, 0]);
        });

        it("must flush again in the next turn", async () => {
            const b = new WriteBatcher();
            const c = recorder();
            b.hold(c);
            await nextTurn();
            b.hold(c);
            await nextTurn();
            assert.equal(c.flushes, 2);
        });
    });
});
