import assert from "node:assert/strict";
import { Registry } from "prom-client";
import { hotCounter } from "../../../services/shared/hot-counter";

const valueOf = async (registry: Registry) => (await registry.getMetricsAsJSON())[0]!.values[0]?.value ?? 0;

describe("hotCounter", () => {
    it("must expose every inc() at the next scrape, and count each once across scrapes", async () => {
        const registry = new Registry();
        const c = hotCounter(registry, "test_messages_total", "Messages");
        assert.equal(await valueOf(registry), 0);
        c.inc();
        c.inc();
        c.inc();
        assert.equal(await valueOf(registry), 3);
        assert.equal(await valueOf(registry), 3, "a second scrape adds nothing new");
        c.inc();
        c.inc();
        assert.equal(await valueOf(registry), 5);
        assert.match(await registry.metrics(), /^# TYPE test_messages_total counter$/m);
    });
});
