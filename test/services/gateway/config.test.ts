import assert from "node:assert/strict";
import { loadGatewayConfig } from "../../../services/gateway/config";

const base = { REDIS_URL: "redis://127.0.0.1:6390/0", JWT_KEY: "ZGVmYXVsdF9rZXk=", ROUTING_FILE: "/tmp/routing.json" };

describe("loadGatewayConfig", () => {
    describe("#defaults", () => {
        it("must apply the CONTRACT.md defaults", () => {
            const c = loadGatewayConfig(base);
            assert.deepEqual(
                [c.port, c.adminPort, c.maxFrameBytes, c.maxMsgsPerSec, c.pingIntervalMs, c.stopSeconds, c.redisPrefix, c.gameEnv],
                [60006, 9090, 4096, 50, 15000, 20, "gameops:", "prod"],
            );
            assert.equal(Buffer.from(c.jwtKey).toString(), "default_key");
            assert.equal(c.tickets, undefined, "no ROOM_TICKET_KEY: every player is relayed");
        });
        it("must read the seat-ticket key and its lifetime, and refuse a key shorter than HS256's 32 bytes", () => {
            const key = Buffer.from("gateway-config-test-ticket-key-0").toString("base64");
            const c = loadGatewayConfig({ ...base, ROOM_TICKET_KEY: key, ROOM_TICKET_SECONDS: "15" });
            assert.deepEqual([Buffer.from(c.tickets!.key).toString(), c.tickets!.seconds], ["gateway-config-test-ticket-key-0", 15]);
            assert.equal(loadGatewayConfig({ ...base, ROOM_TICKET_KEY: key }).tickets?.seconds, 30);
            assert.throws(() => loadGatewayConfig({ ...base, ROOM_TICKET_KEY: "ZGVmYXVsdF9rZXk=" }), {
                message:
                    'invalid environment:\n  ROOM_TICKET_KEY: a key of 11 bytes is shorter than 32; anyone who sees a ticket could find a shorter one by trying keys; set a new one, e.g. "$(openssl rand -base64 32)"',
            });
        });
    });

    describe("#errors", () => {
        it("must name every missing required variable", () => {
            assert.throws(() => loadGatewayConfig({}), {
                message: [
                    "invalid environment:",
                    "  REDIS_URL: is not set but required (a redis URL (redis://host:port/db)); set it to e.g. redis://127.0.0.1:6379/0",
                    "  JWT_KEY: is not set but required; set it to the base64 HMAC key, e.g. ZGVmYXVsdF9rZXk= (from a Kubernetes Secret)",
                    "  ROUTING_FILE: is not set but required (a path to the routing JSON/YAML file); set it to e.g. /etc/gameops/routing/routing.json",
                ].join("\n"),
            });
        });

        it("must name a bad number with its value", () => {
            assert.throws(() => loadGatewayConfig({ ...base, MAX_FRAME_BYTES: "2" }), {
                message: 'invalid environment:\n  MAX_FRAME_BYTES: "2" is not an integer from 4 to 16777216; set it to e.g. 4096',
            });
        });

        it("must reject a JWT_KEY that is not standard base64 without echoing it", () => {
            assert.throws(() => loadGatewayConfig({ ...base, JWT_KEY: "s3cr3t_-" }), {
                message:
                    "invalid environment:\n  JWT_KEY: a value of 8 characters is not standard base64 (A-Z a-z 0-9 + /, = padding); set it to e.g. ZGVmYXVsdF9rZXk=",
            });
        });
    });
});
