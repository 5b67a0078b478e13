// Directory contract: the results stream, written once per round and only by the room's owner.
import { strict as assert } from "node:assert";
import { resultFromFields, type ResultEntry } from "../../../../services/directory";
import type { CurrentEnv, Env } from "./env";

const round = (n: number, over: Partial<ResultEntry> = {}): ResultEntry => ({
    id: `u-${n}`,
    room: "r1",
    round: n,
    server: "s1",
    settledAt: 5000 + n,
    winners: [],
    dice: new Map(),
    ...over,
});

export function resultContract(current: CurrentEnv): void {
    let env: Env;
    beforeEach(() => {
        env = current();
    });

    describe("#results", () => {
        it("must append results with the contract's fields, ids as decimal strings", async () => {
            const big = 9007199254740993n;
            await env.dir.appendResult(
                {
                    id: "u-3",
                    room: "r1",
                    round: 3,
                    server: "s1",
                    settledAt: 1234,
                    winners: [big],
                    dice: new Map([
                        [big, 6],
                        [2n, 1],
                    ]),
                },
                "s1:1",
            );
            await env.dir.appendResult({ id: "u-4", room: "r1", round: 4, server: "s1", settledAt: 1300, winners: [], dice: new Map() }, "s1:1");
            const rows = await env.results();
            assert.equal(rows.length, 2);
            assert.ok(rows[0][0] < rows[1][0] || rows[0][0].length < rows[1][0].length);
            assert.deepEqual(rows[0][1], [
                "room",
                "r1",
                "round",
                "3",
                "server",
                "s1",
                "settledAt",
                "1234",
                "winners",
                '["9007199254740993"]',
                "dice",
                '{"2":1,"9007199254740993":6}',
                "id",
                "u-3",
            ]);
            const parsed = resultFromFields(rows[0][1]);
            assert.ok(parsed.ok);
            assert.deepEqual([parsed.value.winners, parsed.value.id], [[big], "u-3"]);
        });
        it("must append a round only once when the same round id is appended again (a retried XADD)", async () => {
            const first = await env.dir.appendResult(round(9), "s1:1");
            const again = await env.dir.appendResult(round(9), "s1:1");
            await env.dir.appendResult(round(10), "s1:1");
            assert.ok(first.ok);
            assert.deepEqual([again, (await env.results()).map(([id]) => id).indexOf(first.id), (await env.results()).length], [first, 0, 2]);
        });
    });

    describe("#fencing", () => {
        it("must write the rounds of the owner's claim", async () => {
            const c = await env.dir.claimRoom("r1", "s1");
            assert.ok(c.ok);
            assert.equal((await env.dir.appendResult(round(1), c.fence)).ok, true);
            assert.equal((await env.results()).length, 1);
        });
        it("must refuse, and not write, a round of a stale owner whose claim another server replaced", async () => {
            const stale = await env.dir.claimRoom("r1", "s1");
            assert.ok(stale.ok);
            // s1 froze past its TTL; s2 took the room over (the takeover releases s1's key, then claims).
            await env.dir.releaseRoom("r1", "s1");
            const fresh = await env.dir.claimRoom("r1", "s2");
            assert.ok(fresh.ok);
            assert.deepEqual(await env.dir.appendResult(round(7), stale.fence), { ok: false, code: "fenced", holder: fresh.fence });
            assert.equal((await env.dir.appendResult(round(8, { server: "s2" }), fresh.fence)).ok, true);
            assert.deepEqual(
                (await env.results()).map(([, f]) => f[f.indexOf("server") + 1]),
                ["s2"],
            );
        });
        it("must refuse a stale owner's round after the new owner let the room go", async () => {
            const stale = await env.dir.claimRoom("r1", "s1");
            assert.ok(stale.ok);
            await env.dir.releaseRoom("r1", "s1");
            await env.dir.claimRoom("r1", "s2");
            await env.dir.releaseRoom("r1", "s2");
            assert.deepEqual(await env.dir.appendResult(round(7), stale.fence), { ok: false, code: "fenced", holder: "s2:2" });
        });
        it("must accept the last owner's round after its claim expired unreplaced (nobody else wrote for the room)", async () => {
            const c = await env.dir.claimRoom("r1", "s1");
            assert.ok(c.ok);
            await env.afterTtl("s1's claim on r1 to expire", async () => (await env.dir.roomOwner("r1")) === undefined);
            assert.equal((await env.dir.appendResult(round(3), c.fence)).ok, true);
        });
        it("must answer a retried append with its first entry even after the room changed hands", async () => {
            const c = await env.dir.claimRoom("r1", "s1");
            assert.ok(c.ok);
            const first = await env.dir.appendResult(round(5), c.fence);
            await env.dir.releaseRoom("r1", "s1");
            await env.dir.claimRoom("r1", "s2");
            assert.deepEqual(await env.dir.appendResult(round(5), c.fence), first);
        });
    });
}
