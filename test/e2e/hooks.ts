// Root hooks of the real-engine tier: the toolchain must be installed; the local control plane is
// started when no one runs it, and stopped again by whoever started it.
import { clusterRunning, clusterScript, missingTools } from "./harness/kube";

let startedHere = false;

export const mochaHooks = {
    beforeAll(this: Mocha.Context) {
        this.timeout(180_000);
        const missing = missingTools();
        if (missing.length > 0) {
            throw new Error(`the real-engine tier needs ${missing.join(", ")} in .tools/bin; install them with: bash scripts/toolchain.sh`);
        }
        if (!clusterRunning()) {
            clusterScript("up");
            startedHere = true;
        }
    },
    afterAll(this: Mocha.Context) {
        this.timeout(60_000);
        if (startedHere && process.env.GAMEOPS_E2E_KEEP_CLUSTER !== "1") clusterScript("down");
    },
};
