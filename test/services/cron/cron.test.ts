import { strict as assert } from "node:assert";
import { Writable } from "node:stream";
import Redis from "ioredis";
import { RedisDirectory, type ResultEntry } from "../../../services/directory";
import { runDirectorySweep } from "../../../services/cron/directory-sweep";
import { leaderboardKeys, nextStreamId, runLeaderboard } from "../../../services/cron/leaderboard";
import { createLogger } from "../../../services/shared/logger";
import { startRedis, type TestRedis } from "../../../lib/services/redis";
import { spawnService } from "../../../lib/services/process";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const P = "c:";
const day1 = Date.UTC(2026, 10, 21, 23, 59, 0);
const day2 = Date.UTC(2026, 10, 22, 0, 1, 0);

const result = (round: number, settledAt: number, winners: bigint[]): ResultEntry => ({
    id: `r1-${round}-${settledAt}`,
    room: "r1",
    round,
    server: "s1",
    settledAt,
    winners,
    dice: new Map(winners.map((w) => [w, 6])),
});
/** Every result of these tests is written by s1 under its claim's fencing token. */
const s1Fence = "s1:1";

describe("cron", function () {
    this.timeout(20_000);
    let server: TestRedis;
    let redis: Redis;
    let dir: RedisDirectory;
    const lk = leaderboardKeys(P);
    before(async () => {
        server = await startRedis();
        redis = new Redis(server.url);
        dir = new RedisDirectory(redis, { prefix: P, ttlMs: 60_000 });
    });
    after(async () => {
        redis.disconnect();
        await server.stop();
    });
    beforeEach(() => redis.flushdb());

    const scores = async (key: string) => {
        const flat = await redis.zrange(key, 0, -1, "WITHSCORES");
        const out: Record<string, number> = {};
        for (let i = 0; i < flat.length; i += 2) out[flat[i]] = Number(flat[i + 1]);
        return out;
    };
    const seed = async () => {
        await dir.appendResult(result(1, day1, [1n, 2n]), s1Fence);
        await dir.appendResult(result(2, day1, [1n]), s1Fence);
        await dir.appendResult(result(3, day2, [9007199254740993n]), s1Fence);
        await dir.appendResult(result(4, day2, []), s1Fence);
    };

    describe("#leaderboard", () => {
        it("must count wins per UTC day and overall", async () => {
            await seed();
            const s = await runLeaderboard({ redis, prefix: P, log });
            assert.deepEqual([s.entries, s.wins, s.malformed], [4, 4, 0]);
            assert.deepEqual(await scores(`${P}leaderboard:daily:2026-11-21`), { "2": 1, "1": 2 });
            assert.deepEqual(await scores(`${P}leaderboard:daily:2026-11-22`), { "9007199254740993": 1 });
            assert.deepEqual(await scores(lk.all), { "2": 1, "9007199254740993": 1, "1": 2 });
        });
        it("must add each round's payout to its winners' scores (1 for an entry without one)", async () => {
            await dir.appendResult({ ...result(1, day1, [1n, 2n]), payout: 5 }, s1Fence);
            await dir.appendResult(result(2, day1, [1n]), s1Fence);
            const s = await runLeaderboard({ redis, prefix: P, log });
            assert.deepEqual([s.entries, s.wins], [2, 3]);
            assert.deepEqual(await scores(lk.all), { "2": 5, "1": 6 });
        });

        it("must give daily boards a TTL of LEADERBOARD_DAILY_TTL_DAYS and keep the all-time board", async () => {
            await seed();
            await runLeaderboard({ redis, prefix: P, log, dailyTtlDays: 3 });
            const ttl = await redis.ttl(`${P}leaderboard:daily:2026-11-21`);
            assert.ok(ttl > 3 * 86_400 - 60 && ttl <= 3 * 86_400, `ttl ${ttl}`);
            assert.equal(await redis.ttl(lk.all), -1);
        });
        it("must advance the checkpoint and trim the consumed entries", async () => {
            await seed();
            const s = await runLeaderboard({ redis, prefix: P, log });
            assert.equal(await redis.get(lk.checkpoint), s.checkpoint);
            assert.equal(await redis.xlen(`${P}results`), 0);
        });
        it("must give the same scores when run twice", async () => {
            await seed();
            await runLeaderboard({ redis, prefix: P, log });
            const first = await scores(lk.all);
            const again = await runLeaderboard({ redis, prefix: P, log });
            assert.deepEqual([again.entries, await scores(lk.all)], [0, first]);
        });
        it("must not double-count when the trim failed after the commit", async () => {
            await seed();
            const flaky = new Redis(server.url);
            flaky.xtrim = (() => Promise.reject(new Error("connection lost"))) as typeof flaky.xtrim;
            await assert.rejects(runLeaderboard({ redis: flaky, prefix: P, log }), /connection lost/);
            flaky.disconnect();
            assert.equal(await redis.xlen(`${P}results`), 4);
            await runLeaderboard({ redis, prefix: P, log });
            assert.deepEqual([await scores(lk.all), await redis.xlen(`${P}results`)], [{ "2": 1, "9007199254740993": 1, "1": 2 }, 0]);
        });
        it("must count only new entries on the next run, across small batches", async () => {
            await seed();
            await runLeaderboard({ redis, prefix: P, log, batch: 3 });
            await dir.appendResult(result(5, day2, [2n]), s1Fence);
            await dir.appendResult(result(6, day2, [2n]), s1Fence);
            const s = await runLeaderboard({ redis, prefix: P, log, batch: 1 });
            assert.deepEqual([s.entries, await scores(lk.all)], [2, { "9007199254740993": 1, "1": 2, "2": 3 }]);
        });
        it("must count every entry exactly once when two runs race", async () => {
            for (let i = 0; i < 40; i++) await dir.appendResult(result(i, day1, [BigInt(i % 3)]), s1Fence);
            const [a, b] = [new Redis(server.url), new Redis(server.url)];
            const [ra, rb] = await Promise.all([
                runLeaderboard({ redis: a, prefix: P, log, batch: 4 }),
                runLeaderboard({ redis: b, prefix: P, log, batch: 4 }),
            ]);
            a.disconnect();
            b.disconnect();
            assert.equal(ra.entries + rb.entries, 40);
            assert.deepEqual(await scores(lk.all), { "2": 13, "0": 14, "1": 13 });
        });
        it("must skip and count a malformed entry", async () => {
            await redis.xadd(`${P}results`, "*", "room", "r1", "winners", "not json");
            await dir.appendResult(result(1, day1, [5n]), s1Fence);
            const s = await runLeaderboard({ redis, prefix: P, log });
            assert.deepEqual([s.entries, s.malformed, await scores(lk.all)], [2, 1, { "5": 1 }]);
        });
        it("must skip an entry with a bad timestamp instead of failing every run on it", async () => {
            await redis.xadd(`${P}results`, "*", "room", "r1", "round", "1", "server", "s1", "winners", '["7"]', "dice", '{"7":6}');
            await dir.appendResult(result(2, day1, [5n]), s1Fence);
            const s = await runLeaderboard({ redis, prefix: P, log });
            assert.deepEqual([s.entries, s.malformed, await scores(lk.all), await redis.xlen(`${P}results`)], [2, 1, { "5": 1 }, 0]);
        });
        it("must compute the next stream id for XTRIM MINID", () => {
            assert.deepEqual([nextStreamId("1700000000000-0"), nextStreamId("5-41")], ["1700000000000-1", "5-42"]);
        });
    });

    describe("#directory-sweep", () => {
        it("must remove only index entries, rooms and users of gone servers", async () => {
            await dir.putServer({ id: "live", instance: "i-live", addr: "a:1", group: "a", version: "1", state: "ready", rooms: 1, players: 1, updatedAt: 1 });
            await redis.sadd(`${P}servers`, "dead");
            await dir.claimRoom("r-live", "live");
            await dir.claimRoom("r-dead", "dead");
            await dir.setUserRoom("1", "r-live");
            await dir.setUserRoom("2", "r-dead");
            await dir.setUserRoom("3", "r-missing");
            const s = await runDirectorySweep({ redis, prefix: P, log });
            assert.deepEqual([s.servers, s.rooms, s.users.sort()], [["dead"], ["r-dead"], ["2", "3"]]);
            assert.deepEqual(
                [
                    await redis.smembers(`${P}servers`),
                    await dir.roomOwner("r-live"),
                    await dir.userRoom("1"),
                    await dir.roomOwner("r-dead"),
                    await dir.userRoom("2"),
                ],
                [["live"], "live", "r-live", undefined, undefined],
            );
        });
        it("must keep the index entry, room and user of a server that registers while the sweep runs", async () => {
            await redis.sadd(`${P}servers`, "back");
            await dir.claimRoom("r-old", "back");
            // The pod comes back under the same id right after the sweep first found it gone.
            const racing = new Proxy(redis, {
                get(target, prop, receiver) {
                    if (prop !== "exists") return Reflect.get(target, prop, receiver) as unknown;
                    return async (...args: [string]) => {
                        const n = await target.exists(...args);
                        if (args[0] === `${P}server:back` && n === 0) {
                            await dir.putServer({
                                id: "back",
                                instance: "i-back",
                                addr: "b:1",
                                group: "a",
                                version: "1",
                                state: "ready",
                                rooms: 1,
                                players: 1,
                                updatedAt: 2,
                            });
                            await dir.claimRoom("r-new", "back");
                            await dir.setUserRoom("8", "r-new");
                        }
                        return n;
                    };
                },
            });
            const s = await runDirectorySweep({ redis: racing, prefix: P, log });
            assert.deepEqual(s, { servers: [], rooms: [], users: [] });
            assert.deepEqual(
                [await redis.smembers(`${P}servers`), await dir.roomOwner("r-old"), await dir.roomOwner("r-new"), await dir.userRoom("8")],
                [["back"], "back", "back", "r-new"],
            );
        });
        it("must remove nothing on a second run", async () => {
            await redis.sadd(`${P}servers`, "dead");
            await dir.claimRoom("r-dead", "dead");
            await runDirectorySweep({ redis, prefix: P, log });
            assert.deepEqual(await runDirectorySweep({ redis, prefix: P, log }), { servers: [], rooms: [], users: [] });
        });
    });

    describe("#main", () => {
        it("must exit 2 listing the jobs for an unknown job", async () => {
            const p = spawnService({ entry: "services/cron/main.ts", args: ["reindex"], env: {} });
            assert.deepEqual(await p.exited, { code: 2, signal: null });
            assert.equal(p.stderr(), 'job: "reindex" is not a known job; run one of: leaderboard, directory-sweep\n');
        });
        it("must run the leaderboard job as a process and exit 0", async () => {
            await seed();
            const p = spawnService({ entry: "services/cron/main.ts", args: ["leaderboard"], env: { REDIS_URL: server.url, REDIS_PREFIX: P } });
            assert.deepEqual(await p.exited, { code: 0, signal: null });
            assert.deepEqual(await scores(lk.all), { "2": 1, "9007199254740993": 1, "1": 2 });
        });
        it("must exit 1 naming the variable when the environment is invalid", async () => {
            const p = spawnService({ entry: "services/cron/main.ts", args: ["directory-sweep"], env: { REDIS_URL: "localhost" } });
            assert.deepEqual(await p.exited, { code: 1, signal: null });
            const line = p.logs.find((l) => typeof l === "object" && l.level === 60) as Record<string, unknown>;
            assert.deepEqual(line.problems, ['REDIS_URL: "localhost" is not a redis URL (redis://host:port/db); set it to e.g. redis://127.0.0.1:6379/0']);
        });
    });
});
