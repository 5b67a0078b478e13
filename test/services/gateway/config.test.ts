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
