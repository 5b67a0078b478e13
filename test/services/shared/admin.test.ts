import { strict as assert } from "node:assert";
import { Counter, Registry } from "prom-client";
import { startAdmin, type AdminServer } from "../../../services/shared/admin";

describe("startAdmin", () => {
    let ready = true;
    let admin: AdminServer;
    const registry = new Registry();
    new Counter({ name: "test_things_total", help: "things", registers: [registry] }).inc(3);
    before(async () => {
        admin = await startAdmin({ port: 0, host: "127.0.0.1", ready: () => ready, registry });
    });
    after(() => admin.close());
    const get = async (p: string) => {
        const r = await fetch(`http://127.0.0.1:${admin.port}${p}`);
        return { status: r.status, body: await r.text() };
    };

    describe("#probes", () => {
        it("must answer /healthz with 200", async () => {
            assert.equal((await get("/healthz")).status, 200);
        });
        it("must answer /readyz from the callback (200, then 503)", async () => {
            ready = true;
            assert.equal((await get("/readyz")).status, 200);
            ready = false;
            assert.equal((await get("/readyz")).status, 503);
        });
        it("must serve the registry on /metrics", async () => {
            const r = await get("/metrics");
            assert.equal(r.status, 200);
            assert.match(r.body, /^test_things_total 3$/m);
        });
        it("must answer 404 for an unknown path", async () => {
            assert.equal((await get("/nope")).status, 404);
        });
    });
});
