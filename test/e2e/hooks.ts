// Root hooks of the real-engine tier: the toolchain must be installed; the local control plane is
// started when no one runs it, and stopped again by whoever started it.
import { clusterRunning, clusterScript, kubectl, missingTools } from "./harness/kube";

let startedHere = false;

export const mochaHooks = {
    async beforeAll(this: Mocha.Context) {
        this.timeout(300_000);
        const missing = missingTools();
        if (missing.length > 0) {
            throw new Error(`the real-engine tier needs ${missing.join(", ")} in .tools/bin; install them with: bash scripts/toolchain.sh`);
        }
        if (!clusterRunning()) {
            clusterScript("up");
            startedHere = true;
        } else {
            // A cluster kept from an earlier run (GAMEOPS_E2E_KEEP_CLUSTER=1) still holds that run's zones,
            // whose stacks are gone with their workspaces: a fresh stack would conflict with them.
            await kubectl("delete", "namespaces", "-l", "gameops.io/env", "--wait=true", "--timeout=240s");
        }
    },
    afterAll(this: Mocha.Context) {
        this.timeout(60_000);
        if (startedHere && process.env.GAMEOPS_E2E_KEEP_CLUSTER !== "1") clusterScript("down");
    },
};
