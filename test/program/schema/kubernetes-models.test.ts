// Every Kubernetes object every committed stack registers validates against the official schema.
import { strict as assert } from "node:assert";
import type { RegisteredResource } from "../../../lib/program/mocks";
import { kubeObjects, unwrapSecrets } from "../../../lib/program/objects";
import { committedStacks, runStack } from "../../../lib/program/stacks";

/** Custom resources whose schema kubernetes-models does not ship (ECK; checked by the logging tests). */
const customGroups = /\.k8s\.elastic\.co$/;

type Model = new (data: unknown) => { validate(): void };

/** The kubernetes-models class for an apiVersion/kind, or undefined for a custom resource. */
export function modelFor(apiVersion: string, kind: string): Model | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (customGroups.test(group)) return undefined;
    const modulePath = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
    let mod: Record<string, unknown>;
    try {
        mod = require(modulePath);
    } catch {
        throw new Error(`${apiVersion} is not a Kubernetes API group/version kubernetes-models knows (${modulePath})`);
    }
    const model = mod[kind];
    if (typeof model !== "function") throw new Error(`${apiVersion} has no kind ${kind}`);
    return model as Model;
}

function describeObject(r: RegisteredResource): string {
    const m = r.inputs.metadata ?? {};
    return `${r.inputs.apiVersion} ${r.inputs.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name} (resource ${r.name})`;
}

describe("kubernetes-models", () => {
    describe("#modelFor", () => {
        it("must find core, grouped and autoscaling/v2 kinds and skip ECK custom resources", () => {
            assert.equal(modelFor("v1", "Secret"), require("kubernetes-models/v1").Secret);
            assert.equal(modelFor("apps/v1", "StatefulSet"), require("kubernetes-models/apps/v1").StatefulSet);
            assert.equal(modelFor("autoscaling/v2", "HorizontalPodAutoscaler"), require("kubernetes-models/autoscaling/v2").HorizontalPodAutoscaler);
            assert.equal(modelFor("elasticsearch.k8s.elastic.co/v1", "Elasticsearch"), undefined);
            assert.throws(() => modelFor("apps/v1", "Statefulset"), { message: "apps/v1 has no kind Statefulset" });
        });
        it("must reject an invalid object, naming the field", () => {
            const StatefulSet = modelFor("apps/v1", "StatefulSet")!;
            const bad = new StatefulSet({
                apiVersion: "apps/v1",
                kind: "StatefulSet",
                metadata: { name: "x" },
                spec: { replicas: "two", selector: {}, template: {} },
            });
            assert.throws(() => bad.validate(), /replicas/);
        });
    });

    for (const stack of committedStacks()) {
        describe(`#${stack}`, () => {
            it("must register only objects that validate against the Kubernetes schema", async () => {
                const run = await runStack(stack);
                const objects = kubeObjects(run.resources);
                assert.ok(objects.length > 0, `stack ${stack} registered no Kubernetes object`);
                let checked = 0;
                for (const r of objects) {
                    const Model = modelFor(r.inputs.apiVersion, r.inputs.kind);
                    if (Model === undefined) continue;
                    try {
                        new Model(unwrapSecrets(r.inputs)).validate();
                    } catch (err) {
                        assert.fail(`stack ${stack}: ${describeObject(r)} is invalid: ${(err as Error).message}`);
                    }
                    checked++;
                }
                assert.ok(checked >= 15, `only ${checked} objects checked`);
            });
        });
    }
});
