import { strict as assert } from "node:assert";
import { zoneProblems } from "../../../components/zone/rules";
import { dnsLabelProblem as nameProblem } from "../../../components/primitives/patterns";
import { baseZone, deployZone, jwtPlaintext, zoneConfig } from "./fixtures";
import { containers, isSecretValue, kubeObjects, podSpecs, unwrapSecrets } from "../../../lib/program/objects";

/** Objects of the first run whose registered inputs differ in the second, by `<type>/<name>`. */
function changed(a: { type: string; name: string; inputs: unknown }[], b: { type: string; name: string; inputs: unknown }[]): string[] {
    const key = (r: { type: string; name: string }) => `${r.type}/${r.name}`;
    const before = new Map(a.map((r) => [key(r), JSON.stringify(r.inputs)]));
    const after = new Map(b.map((r) => [key(r), JSON.stringify(r.inputs)]));
    const keys = new Set([...before.keys(), ...after.keys()]);
    return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

describe("GameZone", () => {
    describe("#security", () => {
        it("must run every container non-root, read-only, without capabilities or privilege escalation, seccomp RuntimeDefault", async () => {
            const run = await deployZone(baseZone);
            const workloads = kubeObjects(run.resources).filter((r) => podSpecs(r.inputs).length > 0);
            assert.equal(workloads.length, 6); // gateway, room-a, room-b, redis, 2 cron jobs
            for (const w of workloads) {
                for (const pod of podSpecs(w.inputs)) {
                    assert.equal(pod.securityContext.runAsNonRoot, true, w.name);
                    assert.deepEqual(pod.securityContext.seccompProfile, { type: "RuntimeDefault" }, w.name);
                    assert.equal(pod.automountServiceAccountToken, false, w.name);
                    assert.ok(
                        pod.volumes.some((v: any) => v.name === "tmp" && v.emptyDir),
                        `${w.name} has an emptyDir /tmp`,
                    );
                }
                for (const c of containers(w.inputs)) {
                    const sc = c.securityContext;
                    assert.equal(sc.runAsNonRoot, true, `${w.name}/${c.name}`);
                    assert.equal(sc.readOnlyRootFilesystem, true, `${w.name}/${c.name}`);
                    assert.equal(sc.allowPrivilegeEscalation, false, `${w.name}/${c.name}`);
                    assert.deepEqual(sc.capabilities, { drop: ["ALL"] }, `${w.name}/${c.name}`);
                    assert.deepEqual(sc.seccompProfile, { type: "RuntimeDefault" }, `${w.name}/${c.name}`);
                    assert.equal(sc.runAsUser, w.inputs.metadata.name === "redis" ? 999 : 10001, `${w.name}/${c.name}`);
                    assert.ok(
                        c.volumeMounts.some((m: any) => m.mountPath === "/tmp"),
                        `${w.name}/${c.name} mounts /tmp`,
                    );
                }
            }
        });

        it("must hand the JWT key to pods only through the Secret, which holds it as a Pulumi secret", async () => {
            const run = await deployZone(baseZone);
            const jwt = kubeObjects(run.resources).find((r) => r.inputs.metadata.name === "gateway-jwt")!;
            assert.ok(isSecretValue(jwt.inputs.stringData), "stringData is a Pulumi secret");
            assert.deepEqual(unwrapSecrets(jwt.inputs.stringData), { "jwt-key": jwtPlaintext });
            for (const r of kubeObjects(run.resources)) {
                if (r.inputs.kind === "Secret") continue;
                const text = JSON.stringify(r.inputs);
                assert.ok(!text.includes(jwtPlaintext), `${r.type}/${r.name} holds the JWT key in plaintext`);
                assert.ok(!text.includes("4dabf18193072939515e22adb298388d"), `${r.type}/${r.name} holds a secret value`);
            }
        });
    });

    describe("#labels", () => {
        it("must label every object and pod with gameops.io/zone, gameops.io/env and app.kubernetes.io/*", async () => {
            const run = await deployZone(baseZone, { envName: "dev" });
            for (const r of kubeObjects(run.resources)) {
                const labels = r.inputs.metadata.labels;
                assert.equal(labels["gameops.io/zone"], "s101", r.name);
                assert.equal(labels["gameops.io/env"], "dev", r.name);
                assert.equal(labels["app.kubernetes.io/part-of"], "gameops", r.name);
                assert.equal(labels["app.kubernetes.io/managed-by"], "pulumi", r.name);
                const template = r.inputs.spec?.template ?? r.inputs.spec?.jobTemplate?.spec?.template;
                if (template) assert.equal(template.metadata.labels["gameops.io/env"], "dev", `${r.name} pods`);
            }
        });
    });

    describe("#names", () => {
        it("must keep every name and namespace a DNS label of at most 63 characters", async () => {
            const run = await deployZone({ ...baseZone, name: "a-twenty-char-zone-1" }, { namePrefix: "a-very-long-fork-stack-name-for-tests-x-" });
            const names = kubeObjects(run.resources).flatMap((r) => [r.inputs.metadata.name, r.inputs.metadata.namespace].filter(Boolean));
            assert.ok(names.includes("a-very-long-fork-stack-name-for-tests-x-a-twenty-char-zone-1"));
            for (const name of names) assert.equal(nameProblem(name), undefined, name);
        });

        it("must refuse a namespace name over 63 characters before registering anything", () => {
            const problems = zoneProblems({ namePrefix: `${"x".repeat(50)}-`, jwtKey: undefined }, zoneConfig({ ...baseZone, name: "zone-with-long-name" }));
            assert.equal(
                problems[0],
                `gameops:zones (zone "zone-with-long-name"): namespace "${"x".repeat(50)}-zone-with-long-name" is 70 characters long; Kubernetes allows at most 63; use a shorter fork stack name or zone name`,
            );
        });
    });

    describe("#ordering", () => {
        it("must make every part of the zone wait for the namespace", async () => {
            const run = await deployZone(baseZone);
            const nsChildren = new Set(run.options.filter((o) => o.parent === "gameops:zone:ZoneNamespace::s101-namespace").map((o) => o.name));
            const k8sObjects = run.options.filter(
                (o) => o.type.startsWith("kubernetes:") && o.type !== "kubernetes:core/v1:Namespace" && !o.type.startsWith("pulumi:"),
            );
            for (const o of k8sObjects) {
                if (nsChildren.has(o.name)) {
                    assert.ok(o.dependsOn.includes("kubernetes:core/v1:Namespace::s101-namespace"), o.name);
                } else {
                    assert.ok(o.dependsOn.includes("gameops:zone:ZoneNamespace::s101-namespace"), o.name);
                }
            }
            const gateway = run.options.find((o) => o.type === "kubernetes:apps/v1:Deployment")!;
            assert.ok(gateway.dependsOn.includes("gameops:zone:ZoneRedis::s101-redis"));
        });
    });

    describe("#wiring", () => {
        it("must register every Kubernetes object with the environment's provider under a zone component", async () => {
            const run = await deployZone(baseZone);
            const components = new Set(run.options.filter((o) => o.type.startsWith("gameops:zone:")).map((o) => `${o.type}::${o.name}`));
            const k8s = run.options.filter((o) => o.type.startsWith("kubernetes:"));
            assert.equal(k8s.length, 26);
            for (const o of k8s) {
                assert.equal(o.providerType, "pulumi:providers:kubernetes::k8s", o.name);
                assert.ok(o.parent !== undefined && components.has(o.parent), `${o.name} has parent ${o.parent}`);
            }
            for (const o of run.options.filter((o) => o.type.startsWith("gameops:zone:") && o.type !== "gameops:zone:GameZone")) {
                assert.equal(o.parent, "gameops:zone:GameZone::s101", o.name);
            }
        });

        it("must register nothing when the zone cannot be built on its environment", async () => {
            await assert.rejects(deployZone({ ...baseZone, redis: { mode: "external", host: "10.0.0.5" } }, { namePrefix: "dev-alice-" }), {
                message: /^gameops:zones \(zone "s101"\)\.redis\.mode: "external" is not allowed on a fork/,
            });
        });
    });

    describe("#ab", () => {
        it("must change only the routing ConfigMap when room.active flips", async () => {
            const a = await deployZone({
                ...baseZone,
                room: { ...baseZone.room, active: "a", groups: { a: { replicas: 2 }, b: { replicas: 2, tag: "1.1.0" } } },
            });
            const b = await deployZone({
                ...baseZone,
                room: { ...baseZone.room, active: "b", groups: { a: { replicas: 2 }, b: { replicas: 2, tag: "1.1.0" } } },
            });
            assert.deepEqual(changed(a.resources, b.resources), ["kubernetes:core/v1:ConfigMap/s101-gateway-routing"]);
            assert.equal(a.outputs.activeGroup, "a");
            assert.equal(b.outputs.activeGroup, "b");
        });
    });

    describe("#fork", () => {
        it("must prefix the namespace with the fork's prefix", async () => {
            const run = await deployZone({ ...baseZone, name: "s901" }, { namePrefix: "dev-alice-", envName: "dev-alice" });
            const namespaces = new Set(kubeObjects(run.resources).map((r) => r.inputs.metadata.namespace ?? r.inputs.metadata.name));
            assert.deepEqual([...namespaces], ["dev-alice-s901"]);
        });

        it("must refuse an external Redis on a fork with a clear error", () => {
            const zone = zoneConfig({ ...baseZone, redis: { mode: "external", host: "10.0.0.5" } });
            assert.deepEqual(zoneProblems({ namePrefix: "dev-alice-", jwtKey: undefined }, zone).slice(0, 2), [
                `gameops:zones (zone "s101").redis.mode: "external" is not allowed on a fork (gameops:forkOf is set); a fork always runs its own in-cluster Redis so it never touches the parent's data; remove redis or set it to { mode: in-cluster }`,
                `gameops:zones (zone "s101"): the environment has no JWT key; set it with \`pulumi config set --secret jwtKey <base64 key>\``,
            ]);
            assert.deepEqual(zoneProblems({ namePrefix: "", jwtKey: undefined }, zone).length, 1);
        });
    });
});
