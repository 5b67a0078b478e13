// Reading a live zone on the real node: its pods, their logs, and what Redis holds.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { kubectl, list } from "../../e2e/harness/kube";
import { repoRoot } from "../../e2e/harness/workspace";

export const namespace = "s1";

// kubectl's JSON is untyped; the tests read the fields they assert on.
type Pod = any;

export async function pods(selector: string): Promise<Pod[]> {
    return list("pods", namespace, selector);
}

/** Running and Ready through its probes, every container started and never restarted. */
export function podReady(pod: Pod): boolean {
    const ready = (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True");
    const statuses: { ready: boolean; state: { running?: unknown } }[] = pod.status?.containerStatuses ?? [];
    return pod.status?.phase === "Running" && ready && statuses.length > 0 && statuses.every((s) => s.ready && s.state.running !== undefined);
}

/** The JSON log lines of a pod's container (pino), parsed. */
async function logLines(pod: string, container?: string): Promise<Record<string, unknown>[]> {
    const out = await kubectl("logs", "-n", namespace, pod, ...(container ? ["-c", container] : []));
    return out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Follows a pod's log until its container exits (kubectl logs -f ends then); resolves with every line. */
export function followLog(pod: string): Promise<string[]> {
    return new Promise((resolve) => {
        const child = spawn(path.join(repoRoot, ".tools", "bin", "kubectl"), ["logs", "-f", "-n", namespace, pod], {
            env: { ...process.env, KUBECONFIG: path.join(process.env.GAMEOPS_CLUSTER_DIR ?? path.join(repoRoot, ".tools", "cluster"), "admin.kubeconfig") },
            stdio: ["ignore", "pipe", "ignore"],
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.on("close", () => resolve(out.split("\n").filter((l) => l !== "")));
    });
}

/** Results in the zone's Redis per room id (the results stream the room servers append to). */
export async function resultsByRoom(): Promise<Map<string, number>> {
    // REDISCLI_AUTH is set in the Redis container, so redis-cli authenticates without an argument.
    const script = `local r = {} for _, e in ipairs(redis.call('xrange', KEYS[1], '-', '+')) do local f = e[2] for i = 1, #f, 2 do if f[i] == 'room' then r[f[i + 1]] = (r[f[i + 1]] or 0) + 1 end end end local out = {} for k, v in pairs(r) do table.insert(out, k .. '=' .. v) end return out`;
    const out = await kubectl("exec", "-n", namespace, "redis-0", "--", "redis-cli", "eval", script, "1", "gameops:results");
    return new Map(
        out
            .split("\n")
            .filter((l) => l.includes("="))
            .map((l) => {
                const [room, n] = l.split("=");
                return [room!, Number(n)];
            }),
    );
}

/** When (epoch ms) a gateway pod logged the routing policy naming `group` active, if it has. */
export async function routingAppliedAt(pod: string, group: string, after: number): Promise<number | undefined> {
    const line = (await logLines(pod)).find((l) => {
        const policy = l.policy as { activeGroup?: string } | undefined;
        return String(l.msg).startsWith("routing policy") && policy?.activeGroup === group && (l.time as number) >= after;
    });
    return line?.time as number | undefined;
}

/** The room the directory holds each player in (`user:<id>`; undefined while not seated). */
export async function userRooms(ids: readonly bigint[]): Promise<(string | undefined)[]> {
    const out = await kubectl("exec", "-n", namespace, "redis-0", "--", "redis-cli", "mget", ...ids.map((id) => `gameops:user:${id}`));
    return out
        .split("\n")
        .slice(0, ids.length)
        .map((l) => (l.trim() === "" ? undefined : l.trim()));
}
