import { strict as assert } from "node:assert";
import { MemoryDirectory, RedisDirectory, keys } from "../../../services/directory";
import { redisPerSuite } from "../../../lib/services/redis";
import { waitFor } from "../../../lib/services/wait";
import type { Env } from "./contract/env";
import { resultContract } from "./contract/results";
import { roomContract } from "./contract/rooms";
import { serverContract } from "./contract/servers";
import { ticketContract } from "./contract/tickets";

/** The one contract both directory implementations keep (services/CONTRACT.md "Directory"). */
function contract(name: string, make: () => Promise<Env>): void {
    describe(name, () => {
        let env: Env;
        beforeEach(async () => {
            env = await make();
        });
        const current = () => env;
        serverContract(current);
        roomContract(current);
        resultContract(current);
        ticketContract(current);
    });
}

describe("Directory", () => {
    let clock = 0;
    let mem: MemoryDirectory;
    contract("MemoryDirectory", async () => {
        clock = 1_000_000;
        mem = new MemoryDirectory({ ttlMs: 1000, leaseMs: 300 }, () => clock);
        return {
            dir: mem,
            ttlMs: 1000,
            leaseMs: 300,
            afterTtl: async (_what, gone) => {
                clock += 1001;
                assert.equal(await gone(), true);
            },
            afterLease: async (_what, lapsed) => {
                clock += 301;
                assert.equal(await lapsed(), true);
            },
            elapse: async (ms) => {
                clock += ms;
            },
            results: async () => mem.results,
        };
    });

    const redis = redisPerSuite();
    const prefix = "test:";
    // Long enough that a loaded machine's timer overrun (< ttl/2) cannot flip the keep-alive tests.
    const ttlMs = 1000;
    const leaseMs = 300;
    contract("RedisDirectory", async () => {
        await redis.client.flushdb();
        const dir = new RedisDirectory(redis.client, { prefix, ttlMs, leaseMs });
        return {
            dir,
            ttlMs,
            leaseMs,
            afterTtl: (what, gone) => waitFor(what, gone, { timeoutMs: ttlMs * 10 }).then(() => undefined),
            // Waits from the last write; the check itself proves the record outlived the lease.
            afterLease: (what, lapsed) => waitFor(what, lapsed, { timeoutMs: ttlMs * 10 }).then(() => undefined),
            // Elapsing real time below the TTL is what the TTL test is about; it asserts nothing by itself.
            elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
            results: async () => (await redis.client.xrange(keys(prefix).results, "-", "+")) as [string, string[]][],
        };
    });

    describe("RedisDirectory scripts", () => {
        /** Calls of `cmd` so far (INFO commandstats, e.g. cmdstat_evalsha:calls=3,...). */
        const calls = async (cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(await redis.client.info("commandstats"))?.[1] ?? 0);
        const round = (n: number) => ({ id: `sha-${n}`, room: "r-sha", round: n, server: "s1", settledAt: n, winners: [], dice: new Map() });

        it("must run by EVALSHA, sending a script's text only when Redis does not have it (also after a SCRIPT FLUSH)", async () => {
            await redis.client.flushdb();
            await redis.client.script("FLUSH");
            await redis.client.config("RESETSTAT");
            const dir = new RedisDirectory(redis.client, { prefix, ttlMs, leaseMs });
            await dir.claimRoom("r-sha", "s1");
            for (let n = 1; n <= 5; n++) assert.deepEqual((await dir.appendResult(round(n), "s1:1")).ok, true);
            // Two scripts (claim, append): each sent once as text (its first EVALSHA answered NOSCRIPT), then by hash.
            assert.equal(await calls("eval"), 2);
            assert.ok((await calls("evalsha")) >= 4, "appends 2-5 ran by hash");
            await redis.client.script("FLUSH");
            assert.equal((await dir.appendResult(round(6), "s1:1")).ok, true);
            assert.equal(await calls("eval"), 3, "after a flush the text is sent again, once");
            assert.equal(await redis.client.xlen(keys(prefix).results), 6);
        });
    });
});
