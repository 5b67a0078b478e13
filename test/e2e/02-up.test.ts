// The local stack from `pulumi stack init` to `pulumi up` on a real API server: every object there with
// the spec the program asked for, the pods admitted under PodSecurity `restricted`, and no drift.
import { strict as assert } from "node:assert";
import { get, kubectl, list, until, type KubeObject } from "./harness/kube";
import { localStackUp } from "./harness/local-stack";
import { readmeCommand } from "./harness/readme";
import { Workspace } from "./harness/workspace";

interface StateResource {
    type: string;
    urn: string;
    inputs?: KubeObject;
    outputs?: KubeObject;
}

/** The Kubernetes objects in the stack's state, with the inputs the program gave them. */
export async function stateObjects(ws: Workspace): Promise<StateResource[]> {
    const exported = JSON.parse((await ws.must("pulumi stack export")).stdout);
    return (exported.deployment.resources as StateResource[]).filter(
        (r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm") && r.type !== "pulumi:providers:kubernetes",
    );
}

const secretSignature = "4dabf18193072939515e22adb298388d";

/** Where `expected` (an input) differs from `actual` (the live object); quantities compare by value. */
export function mismatches(expected: unknown, actual: unknown, at = ""): string[] {
    if (expected === null || expected === undefined) return [];
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
        return expected.flatMap((e, i) => mismatches(e, actual[i], `${at}[${i}]`));
    }
    if (typeof expected === "object") {
        // A secret in the exported state is ciphertext under Pulumi's signature key; it is not compared.
        if (secretSignature in (expected as object)) return [];
        if (actual === null || typeof actual !== "object") return [`${at}: missing`];
        return Object.entries(expected as object).flatMap(([k, v]) => mismatches(v, (actual as Record<string, unknown>)[k], `${at}.${k}`));
    }
    if (String(expected) === String(actual)) return [];
    return [`${at}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
}

function kindOf(type: string): string {
    return type.split(":").pop()!;
}

/** One pod as "name phase conditions [container waiting reasons]" for a failure message. */
function podSummary(p: KubeObject): string {
    const conditions = (p.status.conditions ?? []).map((c: KubeObject) => `${c.type}=${c.status}`).join(",");
    const waiting = (p.status.containerStatuses ?? [])
        .filter((c: KubeObject) => c.state?.waiting !== undefined)
        .map((c: KubeObject) => `${c.name}: ${c.state.waiting.reason}`);
    return `${p.metadata.name} ${p.status.phase} ${conditions}${waiting.length > 0 ? ` [${waiting.join(", ")}]` : ""}`;
}

describe("pulumi up of the local stack (real engine, real API server)", () => {
    let ws: Workspace;
    before(async () => {
        ws = await localStackUp();
    });

    it("must put every object of the state into the API server with the spec the program registered", async () => {
        const objects = await stateObjects(ws);
        assert.ok(objects.length >= 25, `${objects.length} Kubernetes objects in the state`);
        const problems: string[] = [];
        for (const r of objects) {
            const { metadata } = r.inputs!;
            const live = await get(kindOf(r.type), metadata.name, metadata.namespace);
            if (live === undefined) {
                problems.push(`${r.urn}: not in the API server`);
                continue;
            }
            const { stringData: _secret, metadata: meta, ...spec } = r.inputs!;
            problems.push(...mismatches({ ...spec, metadata: { labels: meta.labels, annotations: meta.annotations } }, live).map((m) => `${r.urn} ${m}`));
        }
        assert.deepEqual(problems, []);
    });

    it("must enforce PodSecurity restricted on the zone namespace and have every pod of it admitted, Running and Ready", async () => {
        const ns = await get("namespace", "s1");
        assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        // The admission plugin is really on: a pod with no securityContext (root, privilege escalation,
        // all capabilities, no seccomp profile) is refused in that namespace.
        const unrestricted = await kubectl("run", "unrestricted", "-n", "s1", "--image=busybox", "--dry-run=server", "-o", "name").then(
            () => "admitted",
            (err) => String(err.stderr),
        );
        assert.match(unrestricted, /violates PodSecurity "restricted:latest"/);

        // What the pods looked like at the last look, so a timeout says which one was not ready and why.
        let seen = "no pod listed yet";
        const pods = await until("the zone's pods Running and Ready", 120, async () => {
            const items = await list("pods", "s1");
            const ready = items.filter(
                (p: KubeObject) => p.status.phase === "Running" && p.status.conditions?.some((c: KubeObject) => c.type === "Ready" && c.status === "True"),
            );
            seen = items.map(podSummary).join("; ");
            return ready.length === 3 && items.length === 3 ? items : undefined;
        }).catch((err: Error) => {
            throw new Error(`${err.message}; the pods at the last look: ${seen}`);
        });
        assert.deepEqual(pods.map((p: KubeObject) => p.metadata.name.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, "-*")).sort(), ["gateway-*", "redis-0", "room-a-0"]);
        const refused = (await list("events", "s1")).filter((e: KubeObject) => e.reason === "FailedCreate");
        assert.deepEqual(
            refused.map((e: KubeObject) => e.message),
            [],
        );
    });

    it("must show no changes after up, and none after a refresh", async () => {
        await ws.must(readmeCommand("pulumi preview --diff") + " --expect-no-changes");
        await ws.must("pulumi refresh --yes");
        await ws.must("pulumi preview --diff --expect-no-changes");
    });
});
