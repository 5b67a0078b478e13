import { strict as assert } from "node:assert";
import { Writable } from "node:stream";
import type { RoomServerConfig } from "../../../services/room/config";
import { RoomServer, stopDeadlineMs } from "../../../services/room/server";
import { drainMarginSeconds } from "../../../components/zone/specs/room-group";
import { createLogger } from "../../../services/shared/logger";
import { redisPerSuite } from "../../../lib/services/redis";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });

function config(redisUrl: string, serverId: string): RoomServerConfig {
    return {
        redisUrl,
        redisPassword: undefined,
        redisPrefix: "lc:",
        logLevel: "silent",
        adminPort: 0,
        gameEnv: "prod",
        grpcPort: 0,
        serverId,
        advertiseAddr: "127.0.0.1:1",
        group: "a",
        version: "1",
        drainMs: 60_000,
        roundMs: 60_000,
        settleMs: 100,
        heartbeatMs: 200,
        ttlMs: 1000,
        closingNoticeMs: 1000,
        rulesFile: undefined,
        desiredVersionFile: undefined,
        localAdminPort: 0,
        direct: undefined,
    };
}

describe("RoomServer", function () {
    this.timeout(20_000);
    const redis = redisPerSuite();

    describe("#stop", () => {
        it("must, for a signal that arrives during start, finish starting, then stop cleanly with exit code 0 and no record left", async () => {
            const server = new RoomServer(config(redis.server.url, "early-1"), log);
            const starting = server.start();
            server.signal("SIGTERM");
            await starting;
            assert.deepEqual([await server.stopped, server.state], [0, "stopped"]);
            assert.deepEqual([await redis.client.exists("lc:server:early-1"), await redis.client.sismember("lc:servers", "early-1")], [0, 0]);
        });
        it("must finish every later step and exit 1 when one step of the stop throws", async () => {
            const server = new RoomServer(config(redis.server.url, "broken-1"), log);
            await server.start();
            // Stands in for any bug in a step: the stop must still deregister, close and settle.
            (server as unknown as { host: { dissolveAll(): void } }).host.dissolveAll = () => {
                throw new Error("boom");
            };
            assert.deepEqual([await server.stop("test"), await server.stopped, server.state], [1, 1, "stopped"]);
            assert.deepEqual([await redis.client.exists("lc:server:broken-1"), await redis.client.sismember("lc:servers", "broken-1")], [0, 0]);
        });
        it("must be idempotent: every later signal or stop() gets the same exit code", async () => {
            const server = new RoomServer(config(redis.server.url, "twice-1"), log);
            await server.start();
            assert.equal(await redis.client.hget("lc:server:twice-1", "state"), "ready");
            server.signal("SIGTERM");
            server.signal("SIGTERM");
            assert.deepEqual([await server.stop("again"), await server.stopped, await redis.client.exists("lc:server:twice-1")], [0, 0, 0]);
        });
    });
});

describe("stopDeadlineMs", () => {
    describe("#gracePeriod", () => {
        it("must let a stop that starts at the drain deadline end well inside the pod's termination grace period", () => {
            // After the drain deadline the kubelet waits drainMarginSeconds more before SIGKILL; the
            // preStop hook's own start (a node process, counted in the grace period) and main.ts's
            // 200 ms exit delay come on top of the stop itself.
            const prestopStartMs = 5_000;
            const exitDelayMs = 200;
            assert.ok(
                stopDeadlineMs + prestopStartMs + exitDelayMs < drainMarginSeconds * 1000,
                `stop ${stopDeadlineMs} ms + ${prestopStartMs + exitDelayMs} ms does not fit in a ${drainMarginSeconds} s margin`,
            );
        });
    });
});
