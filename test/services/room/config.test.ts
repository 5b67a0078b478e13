import os from "node:os";
import { strict as assert } from "node:assert";
import { loadRoomServerConfig } from "../../../services/room/config";
import { startRedis, type TestRedis } from "../../../lib/services/redis";
import { spawnService } from "../../../lib/services/process";

const ticketKeyB64 = Buffer.from("room-config-test-ticket-key-0123").toString("base64");

describe("loadRoomServerConfig", () => {
    describe("#defaults", () => {
        it("must resolve the contract's defaults", () => {
            const c = loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", SERVER_ID: "room-a-0", ADVERTISE_ADDR: "room-a-0.room:7000" });
            assert.deepEqual(
                [c.grpcPort, c.adminPort, c.group, c.drainMs, c.roundMs, c.settleMs, c.heartbeatMs, c.ttlMs, c.closingNoticeMs, c.gameEnv, c.redisPrefix],
                [7000, 9090, "a", 120_000, 30_000, 5_000, 2_000, 6_000, 10_000, "prod", "gameops:"],
            );
        });
    });
    describe("#advertiseAddr", () => {
        it("must default to the hostname and the gRPC port", () => {
            const c = loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_GRPC_PORT: "7100" });
            assert.equal(c.advertiseAddr, `${os.hostname()}:7100`);
        });
    });
    describe("#errors", () => {
        it("must name the variable, value and fix for a bad group", () => {
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_GROUP: "c" }), {
                message: 'invalid environment:\n  ROOM_GROUP: "c" is not one of a, b; set it to e.g. a',
            });
        });
        it("must refuse a TTL shorter than three heartbeat periods", () => {
            for (const ttl of ["2000", "5999"]) {
                assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", HEARTBEAT_MS: "2000", DIRECTORY_TTL_MS: ttl }), {
                    message: `invalid environment:\n  DIRECTORY_TTL_MS: "${ttl}" is less than 3 x HEARTBEAT_MS (2000), so one or two late heartbeats would make this server look crashed; set it to e.g. 6000`,
                });
            }
            assert.equal(loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", HEARTBEAT_MS: "2000", DIRECTORY_TTL_MS: "6000" }).ttlMs, 6000);
        });
        it("must read the okg engine's files and loopback port, and refuse a relative path or a shared port", () => {
            const c = loadRoomServerConfig({
                REDIS_URL: "redis://r:6379/0",
                RULES_FILE: "/etc/gameops/rules/rules.json",
                DESIRED_VERSION_FILE: "/etc/gameops/room-versions/versions.json",
                LOCAL_ADMIN_PORT: "9091",
            });
            assert.deepEqual(
                [c.rulesFile, c.desiredVersionFile, c.localAdminPort],
                ["/etc/gameops/rules/rules.json", "/etc/gameops/room-versions/versions.json", 9091],
            );
            const plain = loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0" });
            assert.deepEqual([plain.rulesFile, plain.desiredVersionFile, plain.localAdminPort], [undefined, undefined, 0]);
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", RULES_FILE: "rules.json" }), {
                message: 'invalid environment:\n  RULES_FILE: "rules.json" is not an absolute path; set it to e.g. /etc/gameops/rules/rules.json',
            });
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", LOCAL_ADMIN_PORT: "9090" }), {
                message: 'invalid environment:\n  LOCAL_ADMIN_PORT: "9090" is also ADMIN_PORT; give each its own port, e.g. LOCAL_ADMIN_PORT=9091',
            });
        });
        it("must refuse the same port for gRPC and admin before anything binds", () => {
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_GRPC_PORT: "9090" }), {
                message:
                    'invalid environment:\n  ROOM_GRPC_PORT: "9090" is also ADMIN_PORT; give each its own port, e.g. ROOM_GRPC_PORT=7000 and ADMIN_PORT=9090',
            });
        });
        it("must read the direct port with its ticket key and the edge's limits, and refuse it without the key or on a taken port", () => {
            const c = loadRoomServerConfig({
                REDIS_URL: "redis://r:6379/0",
                ROOM_WS_PORT: "7400",
                ROOM_TICKET_KEY: ticketKeyB64,
                MAX_MSGS_PER_SEC: "80",
            });
            assert.deepEqual(c.direct, {
                port: 7400,
                ticketKey: new Uint8Array(Buffer.from("room-config-test-ticket-key-0123")),
                limits: { maxFrameBytes: 4096, maxMsgsPerSec: 80, maxBufferedBytes: 65_536 },
                pingIntervalMs: 15_000,
                advertiseUrl: undefined,
                advertiseFile: undefined,
            });
            assert.equal(loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0" }).direct, undefined);
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_WS_PORT: "7400" }), {
                message:
                    "invalid environment:\n  ROOM_TICKET_KEY: required with ROOM_WS_PORT=7400 (the key the gateway signs seat tickets with); set it, or ROOM_WS_PORT=0",
            });
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_WS_PORT: "7000", ROOM_TICKET_KEY: ticketKeyB64 }), {
                message: 'invalid environment:\n  ROOM_WS_PORT: "7000" is also another port of this server; give it its own, e.g. ROOM_WS_PORT=7400',
            });
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_WS_PORT: "7400", ROOM_TICKET_KEY: "not base64!" }), {
                message:
                    "invalid environment:\n  ROOM_TICKET_KEY: a value of 11 characters is not standard base64 (A-Z a-z 0-9 + /, = padding); set it to e.g. ZGVmYXVsdF9rZXk=",
            });
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ROOM_WS_PORT: "7400", ROOM_TICKET_KEY: "ZGVmYXVsdF9rZXk=" }), {
                message:
                    'invalid environment:\n  ROOM_TICKET_KEY: a key of 11 bytes is shorter than 32; anyone who sees a ticket could find a shorter one by trying keys; set a new one, e.g. "$(openssl rand -base64 32)"',
            });
        });
        it("must read ADVERTISE_WS_URL and refuse one that is not a ws URL or that has no direct port to name", () => {
            const direct = { REDIS_URL: "redis://r:6379/0", ROOM_WS_PORT: "7400", ROOM_TICKET_KEY: ticketKeyB64 };
            assert.equal(loadRoomServerConfig({ ...direct, ADVERTISE_WS_URL: "wss://203.0.113.7:7400/" }).direct?.advertiseUrl, "wss://203.0.113.7:7400/");
            assert.throws(() => loadRoomServerConfig({ ...direct, ADVERTISE_WS_URL: "http://203.0.113.7:7400/" }), {
                message:
                    'invalid environment:\n  ADVERTISE_WS_URL: "http://203.0.113.7:7400/" is not a ws:// or wss:// URL without a query; set it to e.g. ws://127.0.0.1:7400/',
            });
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ADVERTISE_WS_URL: "ws://127.0.0.1:7400/" }), {
                message:
                    'invalid environment:\n  ADVERTISE_WS_URL: "ws://127.0.0.1:7400/" is set but ROOM_WS_PORT is 0 (no direct port to advertise); set ROOM_WS_PORT, e.g. 7400, or unset ADVERTISE_WS_URL',
            });
            assert.equal(
                loadRoomServerConfig({ ...direct, ADVERTISE_WS_FILE: "/etc/gameops/network/status" }).direct?.advertiseFile,
                "/etc/gameops/network/status",
            );
            assert.throws(() => loadRoomServerConfig({ ...direct, ADVERTISE_WS_FILE: "/n/status", ADVERTISE_WS_URL: "ws://127.0.0.1:7400/" }), {
                message:
                    'invalid environment:\n  ADVERTISE_WS_FILE: "/n/status" and ADVERTISE_WS_URL both name the direct port\'s address; keep one (the file on the okg engine, the URL elsewhere)',
            });
        });
        it("must refuse an ADVERTISE_ADDR without a port", () => {
            assert.throws(() => loadRoomServerConfig({ REDIS_URL: "redis://r:6379/0", ADVERTISE_ADDR: "room-a-0" }), {
                message: 'invalid environment:\n  ADVERTISE_ADDR: "room-a-0" is not host:port; set it to e.g. room-a-0.room-a.game.svc.cluster.local:7000',
            });
        });
    });
    describe("#process", () => {
        let redis: TestRedis;
        before(async () => {
            redis = await startRedis();
        });
        after(() => redis.stop());
        it("must exit 1 and log the problem when the environment is invalid", async () => {
            const svc = spawnService({ entry: "services/room/main.ts", env: { REDIS_URL: redis.url, ROUND_MS: "fast", LOG_LEVEL: "loud" } });
            assert.deepEqual(await svc.exited, { code: 1, signal: null });
            const line = svc.logs.find((l) => typeof l === "object" && l.level === 60) as Record<string, unknown>;
            assert.deepEqual(line.problems, [
                'LOG_LEVEL: "loud" is not one of trace, debug, info, warn, error, fatal, silent; set it to e.g. info',
                'ROUND_MS: "fast" is not an integer from 100 to 3600000; set it to e.g. 30000',
            ]);
        });
    });
});
