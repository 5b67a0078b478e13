// The zones of every committed stack file, evaluated through index.ts.
import { strict as assert } from "node:assert";
import { dnsLabelProblem as nameProblem } from "../../../components/primitives/patterns";
import { runFailing, runProgram, stackFile, testSecretValue } from "../../../lib/program/run";
import { containers, kubeObjects, podSpecs, unwrapSecrets } from "../../../lib/program/objects";
import { captureRejections } from "./fixtures";
import { committedStacks, forkParent, runStack, stackInput } from "../../../lib/program/stacks";

const zoneObjects = (resources: Parameters<typeof kubeObjects>[0]) =>
    kubeObjects(resources).filter((r) => r.inputs.metadata?.labels?.["gameops.io/zone"] !== undefined);

describe("GameZone in the committed stacks", () => {
    for (const stack of committedStacks()) {
        describe(`#${stack}`, () => {
            it("must keep every Kubernetes name, namespace and label value DNS-safe and at most 63 characters", async () => {
                const run = await runStack(stack);
                const objects = kubeObjects(run.resources);
                assert.ok(zoneObjects(run.resources).length > 0, `stack ${stack} has no zone objects`);
                for (const r of objects) {
                    const meta = r.inputs.metadata;
                    for (const name of [meta.name, meta.namespace].filter((n) => n !== undefined)) {
                        assert.equal(nameProblem(name), undefined, `${r.type} ${r.name}: ${name}`);
                    }
                    for (const [k, v] of Object.entries(meta.labels ?? {})) {
                        assert.ok(
                            String(v).length <= 63 && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(String(v)),
                            `${r.type} ${r.name}: label ${k}=${v}`,
                        );
                    }
                }
            });

            it("must give every zone its NetworkPolicies and every zone container the restricted security context", async () => {
                const run = await runStack(stack);
                const zones = new Set(zoneObjects(run.resources).map((r) => r.inputs.metadata.labels["gameops.io/zone"]));
                for (const zone of zones) {
                    const inZone = zoneObjects(run.resources).filter((r) => r.inputs.metadata.labels["gameops.io/zone"] === zone);
                    const policies = inZone
                        .filter((r) => r.inputs.kind === "NetworkPolicy")
                        .map((r) => r.inputs.metadata.name)
                        .sort();
                    assert.deepEqual(
                        policies.filter((p) => !p.includes("redis")),
                        ["allow-dns", "allow-gateway-public", "allow-gateway-to-room-egress", "allow-gateway-to-room-ingress", "default-deny"],
                        `zone ${zone}`,
                    );
                    for (const r of inZone) {
                        for (const c of containers(r.inputs)) {
                            assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${zone} ${r.name}`);
                            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] }, `${zone} ${r.name}`);
                            assert.equal(c.securityContext.allowPrivilegeEscalation, false, `${zone} ${r.name}`);
                        }
                        for (const pod of podSpecs(r.inputs)) assert.equal(pod.securityContext.runAsNonRoot, true, `${zone} ${r.name}`);
                    }
                }
            });

            it("must register no stringified Output (an Output in a template string becomes Pulumi's warning text)", async () => {
                const run = await runStack(stack);
                for (const r of run.resources) {
                    assert.ok(
                        !JSON.stringify(unwrapSecrets(r.inputs)).includes("Calling [toString] on an [Output<T>]"),
                        `${r.type} ${r.name} has an Output in a string`,
                    );
                }
            });

            it("must keep every secret config value out of every non-Secret object", async () => {
                const input = await stackInput(stack);
                const run = await runProgram(input);
                const secrets = (input.secretKeys ?? []).map(testSecretValue);
                for (const r of kubeObjects(run.resources)) {
                    if (r.inputs.kind === "Secret") continue;
                    const text = JSON.stringify(unwrapSecrets(r.inputs));
                    for (const s of secrets) assert.ok(!text.includes(s), `${r.type} ${r.name} holds a secret value`);
                }
            });
        });
    }

    describe("#ab on dev", () => {
        it("must change only the routing ConfigMap when zones[0].room.active flips", async () => {
            const input = stackFile("dev");
            const zones = input.config["gameops:zones"] as any[];
            // Step 1 of the cutover (README): the other group has pods; step 2, the flip, is what is compared.
            const other = zones[0].room.active === "a" ? "b" : "a";
            const ready = structuredClone(zones);
            ready[0].room.groups[other] = { ...ready[0].room.groups[other], replicas: 2 };
            const flipped = structuredClone(ready);
            flipped[0].room.active = other;
            const a = await runProgram({ ...input, config: { ...input.config, "gameops:zones": ready } });
            const b = await runProgram({ ...input, config: { ...input.config, "gameops:zones": flipped } });
            const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;
            const before = new Map(a.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));
            const diff = b.resources.filter((r) => before.get(key(r)) !== JSON.stringify(r.inputs)).map(key);
            assert.equal(a.resources.length, b.resources.length);
            assert.deepEqual(diff, [`kubernetes:core/v1:ConfigMap::${zones[0].name}-gateway-routing`]);
        });
    });

    describe("#outputs", () => {
        it("must export each zone's namespace, gateway address, active group and per-group tag and replicas", async () => {
            const input = stackFile("dev");
            const zone = (input.config["gameops:zones"] as any[])[0];
            const stackTag = (input.config["gameops:images"] as { tag: string }).tag;
            const run = await runProgram(input);
            const out = run.outputs.zones[zone.name];
            assert.equal(out.namespace, zone.name);
            assert.equal(out.activeGroup, zone.room.active);
            assert.match(out.gatewayAddress, /^\d+\.\d+\.\d+\.\d+:60006$/);
            assert.deepEqual(out.groups, {
                a: { tag: zone.room.groups.a.tag ?? zone.tag ?? stackTag, replicas: zone.room.groups.a.replicas },
                b: { tag: zone.room.groups.b.tag ?? zone.tag ?? stackTag, replicas: zone.room.groups.b.replicas },
            });
        });
    });

    describe("#prod", () => {
        it("must protect and retain every zone's Redis StatefulSet and password Secret", async () => {
            const run = await runStack("prod");
            const redis = run.options.filter((o) => /-redis(-auth)?$/.test(o.name) && /:(StatefulSet|Secret)$/.test(o.type));
            assert.ok(redis.length >= 4, "two zones, each a StatefulSet and a Secret");
            for (const o of redis) {
                assert.equal(o.protect, true, o.name);
                assert.equal(o.retainOnDelete, true, o.name);
            }
        });
    });

    describe("#fork", () => {
        it("must register no cloud resource, read the parent by StackReference and use its registry", async () => {
            const input = await stackInput("dev-alice");
            const run = await runProgram(input);
            assert.deepEqual(
                run.resources.filter((r) => r.type.startsWith("alicloud:")).map((r) => r.type),
                [],
            );
            const refs = run.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
            assert.deepEqual(
                refs.map((r) => r.inputs.name),
                [forkParent],
            );
            const parent = input.parents![forkParent] as Record<string, string>;
            const gateway = kubeObjects(run.resources).find((r) => r.inputs.kind === "Deployment")!;
            assert.equal(containers(gateway.inputs)[0].image, `${parent.imageRegistry}/gateway:${parent.imageTag}`);
        });

        it("must name nothing like the parent's objects", async () => {
            const parent = await runStack("dev");
            const fork = await runStack("dev-alice");
            const id = (r: { inputs: Record<string, any> }) => `${r.inputs.kind}/${r.inputs.metadata.namespace ?? ""}/${r.inputs.metadata.name}`;
            const parentIds = new Set(kubeObjects(parent.resources).map(id));
            const parentNamespaces = new Set(
                kubeObjects(parent.resources).map((r) => r.inputs.metadata.namespace ?? (r.inputs.kind === "Namespace" ? r.inputs.metadata.name : undefined)),
            );
            const forkObjects = kubeObjects(fork.resources);
            assert.ok(forkObjects.length > 10);
            for (const r of forkObjects) {
                assert.ok(!parentIds.has(id(r)), `${id(r)} collides with the parent`);
                const ns = r.inputs.metadata.namespace ?? r.inputs.metadata.name;
                assert.match(ns, /^dev-alice-/, id(r));
                assert.ok(!parentNamespaces.has(ns), `${id(r)} is in a parent namespace`);
            }
        });

        it("must fail with a ResourceError and start no workload when the parent's image tag is latest", async () => {
            const input = await stackInput("dev-alice");
            input.parents = { [forkParent]: { ...input.parents![forkParent], imageTag: "latest" } };
            const rejections = captureRejections();
            let run: Awaited<ReturnType<typeof runProgram>>;
            try {
                run = await runProgram(input);
                await rejections.first;
            } finally {
                rejections.stop();
            }
            assert.ok(rejections.errors.length > 0);
            assert.match(rejections.errors[0].message, /image tag for (gateway|room|cron) is "latest", which is not allowed; pin a version/);
            assert.deepEqual(
                kubeObjects(run.resources)
                    .filter(
                        (r) =>
                            ["Deployment", "CronJob"].includes(r.inputs.kind) ||
                            (r.inputs.metadata.name.startsWith("room-") && r.inputs.kind === "StatefulSet"),
                    )
                    .map((r) => r.name),
                [],
            );
        });

        it("must refuse an external Redis on a fork and register nothing of that zone", async () => {
            const input = await stackInput("dev-alice");
            const zones = structuredClone(input.config["gameops:zones"] as any[]);
            zones[0].redis = { mode: "external", host: "10.0.0.5" };
            const { error, resources } = await runFailing({ ...input, config: { ...input.config, "gameops:zones": zones } });
            // Reported by GameZone itself or, earlier, by the stack config checks that reuse zoneProblems.
            const line = `gameops:zones (zone "${zones[0].name}").redis.mode: "external" is not allowed on a fork (gameops:forkOf is set); a fork always runs its own in-cluster Redis so it never touches the parent's data; remove redis or set it to { mode: in-cluster }`;
            assert.ok(error.message === line || error.message.split("\n").includes(`  - ${line}`), error.message);
            assert.deepEqual(
                resources.filter((r) => r.type.startsWith("gameops:zone:") || r.type.startsWith("kubernetes:core/v1:Namespace")).map((r) => r.name),
                [],
            );
        });
    });
});
