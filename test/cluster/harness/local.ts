// The project as a newcomer has it: a fresh copy, `npm run local:up` (README, top), and the README's
// release commands against that stack. The cluster's state lives in the repository's .tools/cluster,
// so `npm run cluster:down` there cleans up after a failed run as well.
import * as os from "node:os";
import * as path from "node:path";
import { readmeCommand } from "../../e2e/harness/readme";
import { type Result, repoRoot, Workspace } from "../../e2e/harness/workspace";

export const clusterDir = process.env.GAMEOPS_CLUSTER_DIR ?? path.join(repoRoot, ".tools", "cluster");

let workspace: Promise<Workspace> | undefined;

/** The copy every file of the tier shares, with the toolchain's caches of this machine (not its private HOME's). */
export function localWorkspace(): Promise<Workspace> {
    workspace ??= (async () => {
        const ws = await Workspace.create("cluster", path.join(clusterDir, "admin.kubeconfig"));
        const cache = process.env.GAMEOPS_CACHE ?? path.join(os.homedir(), ".cache", "gameops");
        Object.assign(ws.env, {
            GAMEOPS_CLUSTER_DIR: clusterDir,
            GAMEOPS_CACHE: cache,
            GAMEOPS_TOOLS: process.env.GAMEOPS_TOOLS ?? path.join(cache, "tools"),
            GAMEOPS_SHARED: process.env.GAMEOPS_SHARED ?? path.join(repoRoot, "..", "shared"),
            // The stack local:up creates lives on the workspace's own backend (scripts/local.sh).
            PULUMI_BACKEND_URL: `file://${ws.file(".tools/local/backend")}`,
            // The egress CA for npm ci inside image builds, when this machine has one.
            ...(process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : {}),
        });
        return ws;
    })();
    return workspace;
}

/** Runs a README line in the workspace, failing with its output. */
export async function readme(command: string): Promise<Result> {
    return (await localWorkspace()).must(readmeCommand(command));
}
