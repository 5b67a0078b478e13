// Every object Logging registers is checked against its schema: built-in kinds with
// kubernetes-models 4.5.1, the ECK custom resources against the fields their CRDs require, the Helm
// release against what the helm.sh/v3 Release needs. An unknown type fails the test.
import assert from "node:assert/strict";
import type { RegisteredResource } from "../../../lib/program/mocks";
import { runLogging, type LoggingRun } from "./fixture";

interface Model {
    validate(): void;
}

/** `apps/v1` → `kubernetes-models/apps/v1`; the core group `v1` → `kubernetes-models/v1`. */
function modelFor(apiVersion: string, kind: string): new (data: unknown) => Model {
    const mod = require(`kubernetes-models/${apiVersion}`) as Record<string, new (data: unknown) => Model>;
    const model = mod[kind];
    if (!model) throw new Error(`kubernetes-models has no ${apiVersion} ${kind}`);
    return model;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Required by the v1 CRDs ECK installs (spec.version; nodeSets[].name/count; Kibana's cluster reference). */
function checkEckResource(r: RegisteredResource): void {
    const { kind, metadata, spec } = r.inputs;
    assert.match(metadata.name, dnsLabel);
    assert.match(metadata.namespace, dnsLabel);
    assert.match(spec.version, /^\d+\.\d+\.\d+$/, `${kind} spec.version`);
    if (kind === "Elasticsearch") {
        assert.ok(Array.isArray(spec.nodeSets) && spec.nodeSets.length > 0, "spec.nodeSets");
        for (const set of spec.nodeSets) {
            assert.match(set.name, dnsLabel, "nodeSets[].name");
            assert.ok(Number.isInteger(set.count) && set.count >= 1, "nodeSets[].count");
            // ECK reads the data volume from a claim of exactly this name.
            assert.deepEqual(
                set.volumeClaimTemplates.map((t: any) => t.metadata.name),
                ["elasticsearch-data"],
            );
            assert.ok(set.podTemplate.spec.containers.every((c: any) => c.name === "elasticsearch"));
        }
    } else {
        assert.equal(kind, "Kibana");
        assert.ok(Number.isInteger(spec.count) && spec.count >= 1, "spec.count");
        assert.match(spec.elasticsearchRef?.name, dnsLabel, "spec.elasticsearchRef.name");
        assert.ok(spec.podTemplate.spec.containers.every((c: any) => c.name === "kibana"));
    }
}

function checkAll(run: LoggingRun): string[] {
    const checked: string[] = [];
    for (const r of run.resources) {
        const label = `${r.type}::${r.name}`;
        if (!r.type.startsWith("kubernetes:")) continue;
        if (r.type === "kubernetes:helm.sh/v3:Release") {
            assert.equal(typeof r.inputs.chart, "string", `${label} chart`);
            assert.match(r.inputs.version, /^\d+\.\d+\.\d+$/, `${label} version is pinned`);
            assert.match(r.inputs.repositoryOpts.repo, /^https:\/\//, `${label} repository`);
        } else if (/^kubernetes:(elasticsearch|kibana)\.k8s\.elastic\.co\/v1:/.test(r.type)) {
            checkEckResource(r);
        } else {
            const Model = modelFor(r.inputs.apiVersion, r.inputs.kind);
            try {
                new Model(r.inputs).validate();
            } catch (err) {
                assert.fail(`${label} (${r.inputs.kind} ${r.inputs.metadata?.name}) is invalid: ${(err as Error).message}`);
            }
        }
        checked.push(label);
    }
    return checked;
}

describe("Logging objects", () => {
    describe("#schema", () => {
        it("must validate every built-in object with kubernetes-models and the ECK resources against their required fields", async () => {
            const run = await runLogging(
                {
                    elasticsearch: { nodes: 3, storageClass: "alicloud-disk-essd", allowMmap: false },
                    kibana: { count: 2, ingress: { host: "kibana.prod.example.com", tlsSecretName: "kibana-tls", className: "nginx" } },
                },
                { envName: "prod", protect: true },
            );
            const checked = checkAll(run);
            assert.equal(checked.length, 12, checked.join(", "));
        });

        it("must validate the smallest configuration too", async () => {
            const checked = checkAll(await runLogging({ kibana: false }));
            assert.equal(checked.length, 10, checked.join(", "));
        });

        it("must catch an invalid object (the check is not a no-op)", () => {
            const Model = modelFor("apps/v1", "DaemonSet");
            const broken = {
                apiVersion: "apps/v1",
                kind: "DaemonSet",
                metadata: { name: "x" },
                spec: { selector: {}, template: { spec: { containers: [{ image: "x" }] } } },
            };
            assert.throws(() => new Model(broken).validate(), /must have required property name/);
        });
    });
});
