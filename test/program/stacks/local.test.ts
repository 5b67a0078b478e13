// Pulumi.local.yaml: the current kube context; not one cloud resource.
import { strict as assert } from "node:assert";
import { ProgramRun, runProgram, stackFile } from "../../../lib/program/run";
import { assertEveryK8sResourceUsesTheProvider, assertNoCloudResource, assertParents, one, types } from "./wiring";

describe("Pulumi.local.yaml", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(stackFile("local"));
    });

    describe("#cloud", () => {
        it("must register no cloud resource and call no cloud API", () => assertNoCloudResource(run));
    });

    describe("#provider", () => {
        it("must build the one k8s provider from the current context (no kubeconfig, no context name)", () => {
            const provider = one(run, types.k8sProvider);
            assert.equal(provider.inputs.kubeconfig, undefined);
            assert.equal(provider.inputs.context, undefined);
        });

        it("must send every Kubernetes resource through it", () => assertEveryK8sResourceUsesTheProvider(run));

        it("must give every child the right parent", () => assertParents(run));
    });

    describe("#outputs", () => {
        it("must export the local registry, tag and vendor, and no kubeconfig", () => {
            assert.equal(run.outputs.imageRegistry, "localhost:5000/gameops");
            assert.equal(run.outputs.registryEndpoint, "localhost:5000");
            assert.equal(run.outputs.registryNamespace, "gameops");
            assert.equal(run.outputs.imageTag, "0.1.0");
            assert.equal(run.outputs.loadBalancerVendor, "none");
            assert.deepEqual(run.outputs.loadBalancerIds, {});
            assert.equal("kubeconfig" in run.outputs, false);
            assert.equal("logging" in run.outputs, false);
        });

        it("must deploy its one zone and no logging", () => {
            assert.deepEqual(
                run.options.filter((o) => o.type === "gameops:zone:GameZone").map((o) => o.name),
                ["s1"],
            );
            assert.equal(
                run.options.some((o) => o.type === "gameops:logging:Logging"),
                false,
            );
        });
    });
});
