import { strict as assert } from "node:assert";
import { startRedis, type TestRedis } from "../../../lib/services/redis";
import { spawnService } from "../../../lib/services/process";
import { startRoom } from "./room-process";

describe("prestop", function () {
    this.timeout(30_000);
    let redis: TestRedis;
    before(async () => {
        redis = await startRedis();
    });
    after(() => redis.stop());

    describe("#drain", () => {
        it("must SIGTERM the server and return only after it exited", async () => {
            const room = await startRoom(redis.url, "prestop-1");
            try {
                const hook = spawnService({
                    entry: "services/room/prestop.ts",
                    env: { PRESTOP_TARGET_PID: String(room.pid), DRAIN_SECONDS: "20", PRESTOP_POLL_MS: "20" },
                });
                const [hookExit, serverExit] = await Promise.all([hook.exited, room.exited]);
                assert.deepEqual([hookExit.code, serverExit.code], [0, 0]);
                assert.deepEqual(hook.logs, [{ msg: "prestop: server exited", pid: room.pid }]);
            } finally {
                await room.kill();
            }
        });
        it("must give up after DRAIN_SECONDS when the server keeps running", async () => {
            // A process that ignores SIGTERM stands in for a server whose rooms never end.
            const stubborn = spawnService({ entry: "test/services/room/ignore-sigterm.ts", env: {} });
            await stubborn.waitForLog("armed", (l) => l.msg === "armed");
            try {
                const started = Date.now();
                const hook = spawnService({
                    entry: "services/room/prestop.ts",
                    env: { PRESTOP_TARGET_PID: String(stubborn.pid), DRAIN_SECONDS: "1", PRESTOP_POLL_MS: "20" },
                });
                assert.equal((await hook.exited).code, 0);
                assert.ok(Date.now() - started >= 1000);
                assert.deepEqual(hook.logs, [{ msg: "prestop: drain time is up", pid: stubborn.pid }]);
            } finally {
                await stubborn.kill();
            }
        });
    });
});
