// Root hooks of the real-node tier: root and the toolchain are needed; no kwok cluster may be running
// (the tier brings up its own real node with `npm run local:up`); whatever a failed run leaves is torn
// down at the end.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { clusterRunning, missingTools } from "../e2e/harness/kube";
import { repoRoot } from "../e2e/harness/workspace";
import { clusterDir } from "./harness/local";

const nodeTools = ["kubelet", "kube-proxy", "coredns", "buildkitd", "buildctl", "pause"];

export const mochaHooks = {
    beforeAll(this: Mocha.Context) {
        if (process.getuid?.() !== 0) throw new Error("the real-node tier needs root (network, mounts, cgroups): run it as root");
        const missing = [...missingTools(), ...nodeTools.filter((t) => !fs.existsSync(path.join(repoRoot, ".tools", "bin", t)))];
        if (missing.length > 0) throw new Error(`the real-node tier needs ${missing.join(", ")}; install them with: bash scripts/toolchain.sh`);
        const kind = fs.existsSync(path.join(clusterDir, "node-kind")) ? fs.readFileSync(path.join(clusterDir, "node-kind"), "utf8").trim() : "kwok";
        if (clusterRunning() && kind !== "real") {
            throw new Error(
                "a local cluster with kwok nodes is running (npm run test:e2e keeps it with GAMEOPS_E2E_KEEP_CLUSTER=1); stop it: npm run cluster:down",
            );
        }
    },
    afterAll(this: Mocha.Context) {
        this.timeout(120_000);
        // 03-teardown runs `npm run local:down`; after a failure before it, nothing may stay up.
        if (fs.existsSync(clusterDir)) execFileSync("bash", [path.join(repoRoot, "scripts", "cluster.sh"), "down"], { stdio: ["ignore", "ignore", "inherit"] });
    },
};
