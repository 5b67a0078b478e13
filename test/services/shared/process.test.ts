import assert from "node:assert/strict";
import { spawnService, type ServiceProcess } from "../../../lib/services/process";

const entry = "test/services/shared/service-process.ts";

function lines(p: ServiceProcess): Record<string, unknown>[] {
    return p.logs.filter((l): l is Record<string, unknown> => typeof l === "object");
}

describe("runService (services/shared/process.ts)", () => {
    describe("#env", () => {
        it("must write one fatal line naming the variable and exit 1 when the environment is invalid", async function () {
            this.timeout(30_000);
            const p = spawnService({ entry, env: { FIXTURE_PORT: "abc" } });
            assert.deepEqual(await p.exited, { code: 1, signal: null });
            assert.equal(p.logs.length, 1, JSON.stringify(p.logs));
            const [line] = lines(p);
            assert.equal(line!.level, 60);
            assert.deepEqual(line!.problems, ['FIXTURE_PORT: "abc" is not a port (integer 1-65535); set it to e.g. 7000']);
            assert.equal(p.stderr(), "");
        });
    });

    describe("#signal", () => {
        it("must call stop once for SIGTERM, SIGTERM and SIGINT, and exit 0 within the deadline", async function () {
            this.timeout(30_000);
            const p = spawnService({ entry, env: { FIXTURE_STOP_MS: "500", FIXTURE_DEADLINE_MS: "5000" } });
            await p.waitForLog("started", (l) => l.msg === "started", 20_000);
            const t0 = Date.now();
            p.signal("SIGTERM");
            await p.waitForLog("stop called", (l) => l.msg === "stop called");
            p.signal("SIGTERM");
            p.signal("SIGINT");
            assert.deepEqual(await p.exited, { code: 0, signal: null });
            const elapsed = Date.now() - t0;
            assert.ok(elapsed < 5000, `exited after ${elapsed} ms`);
            assert.deepEqual(
                lines(p)
                    .filter((l) => l.msg === "stop called")
                    .map((l) => l.reason),
                ["SIGTERM"],
            );
            assert.ok(lines(p).some((l) => l.msg === "stopped"));
        });

        it("must exit 1 at the deadline when the stop hangs", async function () {
            this.timeout(30_000);
            const p = spawnService({ entry, env: { FIXTURE_STOP_MS: "60000", FIXTURE_DEADLINE_MS: "1000" } });
            await p.waitForLog("started", (l) => l.msg === "started", 20_000);
            const t0 = Date.now();
            p.signal("SIGTERM");
            assert.deepEqual(await p.exited, { code: 1, signal: null });
            const elapsed = Date.now() - t0;
            assert.ok(elapsed >= 900 && elapsed < 5000, `exited after ${elapsed} ms`);
            assert.ok(lines(p).some((l) => l.msg === "stop deadline passed; exiting" && l.level === 50));
            assert.ok(!lines(p).some((l) => l.msg === "stopped"));
        });
    });

    describe("#start", () => {
        it("must log one fatal line, stop what started and exit 1 when the start fails", async function () {
            this.timeout(30_000);
            const p = spawnService({ entry, env: { FIXTURE_FAIL_START: "yes" } });
            assert.deepEqual(await p.exited, { code: 1, signal: null });
            const fatal = lines(p).filter((l) => l.level === 60);
            assert.deepEqual(
                fatal.map((l) => [l.msg, l.err]),
                [["fixture service failed to start", "port taken"]],
            );
            assert.deepEqual(
                lines(p)
                    .filter((l) => l.msg === "stop called")
                    .map((l) => l.reason),
                ["start failed"],
            );
        });
    });
});
