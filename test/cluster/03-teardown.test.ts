// `npm run local:down` (README, top) leaves the host as it found it.
import assert from "node:assert/strict";
import { hostState } from "./harness/host";
import { clusterDir, readme } from "./harness/local";
import { hostBefore } from "./harness/state";

describe("npm run local:down", () => {
    describe("#host", () => {
        it("must leave no process, mount, iptables chain, link or network namespace behind, and restore the kernel settings", async function () {
            this.timeout(300_000);
            const t0 = Date.now();
            await readme("npm run local:down");
            process.stdout.write(`      local:down took ${Math.round((Date.now() - t0) / 1000)}s\n`);
            const before = hostBefore.get();
            const after = hostState(clusterDir);
            assert.deepEqual(after.processes, before.processes, "processes");
            assert.deepEqual(after.mounts, before.mounts, "mounts");
            assert.deepEqual(after.chains, before.chains, "iptables chains");
            assert.deepEqual(after.links, before.links, "network links");
            assert.deepEqual(after.netns, before.netns, "network namespaces");
            assert.deepEqual(after.kernel, before.kernel, "kernel settings");
        });
    });
});
