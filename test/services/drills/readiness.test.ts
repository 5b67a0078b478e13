import assert from "node:assert/strict";
import { freePort } from "../../../lib/services/ports";
import { spawnService } from "../../../lib/services/process";
import { waitFor } from "../../../lib/services/wait";
import { Cluster, jwtKey } from "../../../lib/services/cluster";

describe("Gateway readiness", () => {
    let cluster: Cluster;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#redis", () => {
        it("must answer /readyz 503 while its Redis does not answer, stay live, and turn ready again when it does", async function () {
            this.timeout(60_000);
            const gw = await cluster.addGateway();
            assert.equal(await gw.proc.admin("/readyz"), 200);
            await cluster.redis.pause();
            try {
                await waitFor("/readyz 503 without Redis", async () => (await gw.proc.admin("/readyz")) === 503, { timeoutMs: 10_000 });
                assert.equal(await gw.proc.admin("/healthz"), 200);
                await gw.proc.waitForLog("the not-ready warning", (l) => l.msg === "redis does not answer; not ready");
            } finally {
                await cluster.redis.resume();
            }
            await waitFor("/readyz 200 with Redis back", async () => (await gw.proc.admin("/readyz")) === 200, { timeoutMs: 15_000 });
        });

        it("must never turn ready when Redis is unreachable from the start", async function () {
            this.timeout(30_000);
            const adminPort = await freePort();
            const gw = spawnService({
                entry: "services/gateway/main.ts",
                adminPort,
                env: {
                    REDIS_URL: `redis://127.0.0.1:${await freePort()}/0`,
                    ADMIN_PORT: String(adminPort),
                    GATEWAY_PORT: String(await freePort()),
                    JWT_KEY: jwtKey,
                    ROUTING_FILE: cluster.routingFile,
                },
            });
            try {
                await gw.waitForLog("the not-ready warning", (l) => l.msg === "redis does not answer; not ready", 15_000);
                assert.deepEqual([await gw.admin("/readyz"), await gw.admin("/healthz")], [503, 200]);
            } finally {
                await gw.kill();
            }
        });
    });
});
