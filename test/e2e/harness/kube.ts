// What is really in the API server: kubectl (the toolchain's, same version as the API server) with
// the local cluster's admin kubeconfig, and the cluster's lifecycle for the tier.
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./workspace";

const exec = promisify(execFile);
const toolsBin = path.join(repoRoot, ".tools", "bin");

const clusterDir = process.env.GAMEOPS_CLUSTER_DIR ?? path.join(repoRoot, ".tools", "cluster");
export const kubeconfig = path.join(clusterDir, "admin.kubeconfig");

/** Tools the tier needs, checked before anything starts, with the command that installs them. */
export function missingTools(): string[] {
    const needed = ["pulumi", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok"];
    const plugins = path.join(process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "plugins");
    const versions = (pkg: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8")).version;
    const providers = [`resource-kubernetes-v${versions("@pulumi/kubernetes")}`, `resource-random-v${versions("@pulumi/random")}`];
    return [
        ...needed.filter((tool) => !fs.existsSync(path.join(toolsBin, tool))),
        ...providers.filter((plugin) => !fs.existsSync(path.join(plugins, plugin))).map((p) => `the Pulumi plugin ${p}`),
    ];
}

export function clusterScript(verb: "up" | "down"): void {
    execFileSync("bash", [path.join(repoRoot, "scripts", "cluster.sh"), verb], { stdio: ["ignore", "ignore", "inherit"] });
}

export function clusterRunning(): boolean {
    try {
        execFileSync(path.join(toolsBin, "kubectl"), ["--kubeconfig", kubeconfig, "get", "--raw", "/readyz"], { stdio: "ignore", timeout: 5000 });
        return true;
    } catch {
        return false;
    }
}

export async function kubectl(...args: string[]): Promise<string> {
    const { stdout } = await exec(path.join(toolsBin, "kubectl"), ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 64 << 20 });
    return stdout;
}

// kubectl's JSON is untyped; the tests read the fields they assert on.
export type KubeObject = any;

/** One object, or undefined when the API server has none by that name. */
export async function get(kind: string, name: string, namespace?: string): Promise<KubeObject | undefined> {
    try {
        return JSON.parse(await kubectl("get", kind, name, ...(namespace ? ["-n", namespace] : []), "-o", "json"));
    } catch (err) {
        if (/NotFound|not found/.test(String((err as { stderr?: string }).stderr ?? err))) return undefined;
        throw err;
    }
}

export async function list(kind: string, namespace?: string, selector?: string): Promise<KubeObject[]> {
    const args = ["get", kind, ...(namespace ? ["-n", namespace] : ["-A"]), ...(selector ? ["-l", selector] : []), "-o", "json"];
    return JSON.parse(await kubectl(...args)).items;
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function until<T>(what: string, seconds: number, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    let last: unknown;
    for (;;) {
        try {
            const value = await check();
            if (value !== undefined) return value;
        } catch (err) {
            last = err;
        }
        if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds}s${last ? ` (last error: ${String(last)})` : ""}`);
        await new Promise((r) => setTimeout(r, 500));
    }
}
