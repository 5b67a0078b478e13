import assert from "node:assert/strict";
import { RateLimiter } from "../../../../services/shared/edge/rate-limit";

describe("RateLimiter", () => {
    describe("#take", () => {
        it("must allow exactly perSecond messages in a burst", () => {
            let now = 0;
            const rl = new RateLimiter(5, () => now);
            const taken = Array.from({ length: 6 }, () => rl.take());
            assert.deepEqual(taken, [true, true, true, true, true, false]);
        });

        it("must never cut off a client that sends steadily at the limit", () => {
            let now = 0;
            const rl = new RateLimiter(50, () => now);
            for (let i = 0; i < 500; i++) {
                now += 20;
                assert.equal(rl.take(), true, `message ${i}`);
            }
        });

        it("must refill over time after a burst", () => {
            let now = 0;
            const rl = new RateLimiter(10, () => now);
            for (let i = 0; i < 10; i++) rl.take();
            assert.equal(rl.take(), false);
            now += 100;
            assert.equal(rl.take(), true);
            assert.equal(rl.take(), false);
        });

        it("must allow a burst of its capacity, then refill at its rate (the gateway's direct sit-downs: 10, then 1 a second)", () => {
            let now = 0;
            const rl = new RateLimiter(1, () => now, 10);
            const burst = Array.from({ length: 11 }, () => rl.take());
            assert.deepEqual(burst, [...Array(10).fill(true), false]);
            now += 999;
            assert.equal(rl.take(), false);
            now += 1;
            assert.deepEqual([rl.take(), rl.take()], [true, false]);
        });
    });
});
