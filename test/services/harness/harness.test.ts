import { strict as assert } from "node:assert";
import Redis from "ioredis";
import { freePort } from "../../../lib/services/ports";
import { startRedis } from "../../../lib/services/redis";

describe("test harness", () => {
    describe("#freePort", () => {
        it("must not hand out a port twice, though the OS offers a released port again at once", async () => {
            const ports: number[] = [];
            for (let i = 0; i < 300; i++) ports.push(await freePort());
            assert.equal(new Set(ports).size, ports.length);
        });
    });
    describe("#startRedis", () => {
        it("must start two independent redis-servers on different free ports and stop them", async () => {
            const [a, b] = await Promise.all([startRedis(), startRedis()]);
            try {
                assert.notEqual(a.port, b.port);
                assert.notEqual(a.port, 6379);
                const ca = new Redis(a.url);
                const cb = new Redis(b.url);
                await ca.set("k", "a");
                assert.equal(await cb.get("k"), null);
                assert.equal(await ca.get("k"), "a");
                ca.disconnect();
                cb.disconnect();
            } finally {
                await Promise.all([a.stop(), b.stop()]);
            }
            const c = new Redis(a.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
            c.on("error", () => undefined);
            await assert.rejects(c.connect());
            c.disconnect();
        });
    });
});
