// Pulumi.dev-alice.yaml: a fork of dev reads the parent through a StackReference and creates only its zone.
import { strict as assert } from "node:assert";
import { fakeKubeconfig, secretValue } from "../../../lib/program/mocks";
import { ProgramRun, runFailing, runProgram, stackFile, StackInput } from "../../../lib/program/run";
import { assertEveryK8sResourceUsesTheProvider, assertNoCloudResource, assertParents, one, types } from "./wiring";

const devOutputs = {
    envName: "dev",
    kubeconfig: fakeKubeconfig,
    imageRegistry: "gameops-dev-registry-vpc.cn-hangzhou.cr.aliyuncs.com/gameops-dev",
    imageTag: "0.1.0",
    registryEndpoint: "gameops-dev-registry.cn-hangzhou.cr.aliyuncs.com",
    registryNamespace: "gameops-dev",
    clusterId: "c0123456789abcdef0123456789abcdef",
    loadBalancerIds: { s101: "lb-bp1dev" },
    loadBalancerVendor: "alicloud-slb",
};

function fork(parent: Record<string, unknown> = devOutputs, changes: Record<string, unknown> = {}): StackInput {
    const input = stackFile("dev-alice");
    return { ...input, config: { ...input.config, ...changes }, parents: { "acme/gameops/dev": parent } };
}

describe("Pulumi.dev-alice.yaml", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(fork());
    });

    describe("#parent", () => {
        it("must read the parent stack through a StackReference", () => {
            assert.equal(one(run, types.stackReference).inputs.name, "acme/gameops/dev");
        });

        it("must register no cloud resource and call no cloud API", () => assertNoCloudResource(run));

        it("must build the one k8s provider from the parent's kubeconfig, kept secret", () => {
            assert.deepEqual(secretValue(one(run, types.k8sProvider).inputs.kubeconfig), { secret: true, value: fakeKubeconfig });
            assert.ok(run.secretOutputs.includes("kubeconfig"));
        });

        it("must take the image prefix, default tag and load balancer vendor from the parent", () => {
            assert.equal(run.outputs.imageRegistry, devOutputs.imageRegistry);
            assert.equal(run.outputs.imageTag, "0.1.0");
            assert.equal(run.outputs.loadBalancerVendor, "alicloud-slb");
            assert.equal(run.outputs.clusterId, devOutputs.clusterId);
        });

        it("must prefer the fork's own images.tag over the parent's", async () => {
            const own = await runProgram(fork(devOutputs, { "gameops:images": { tag: "0.2.0-alice.1" } }));
            assert.equal(own.outputs.imageTag, "0.2.0-alice.1");
        });

        it("must pull with the parent's registry credentials when the parent has them", async () => {
            const creds = { server: "registry.example.com", username: "ci", password: "pw-from-parent" };
            const withCreds = await runProgram(fork({ ...devOutputs, registryCredentials: creds }));
            const pull = withCreds.resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("-registry-pull"));
            assert.equal(pull.length, 1);
            assert.match(JSON.stringify(pull[0].inputs), /registry\.example\.com/);
            assert.ok(withCreds.secretOutputs.includes("registryCredentials"));
            assert.equal(
                run.resources.some((r) => r.name.endsWith("-registry-pull")),
                false,
            );
        });

        it("must refuse a parent that exports no load balancer vendor", async () => {
            const { error } = await runFailing(fork({ ...devOutputs, loadBalancerVendor: undefined }));
            assert.equal(
                error.message,
                "gameops:forkOf: stack acme/gameops/dev exports loadBalancerVendor null, not one of alicloud-slb, tencent-clb, none; run `pulumi up` on acme/gameops/dev with this version of gameops first",
            );
        });
    });

    describe("#isolation", () => {
        it("must deploy only its own zone, no logging, under names prefixed with the fork's stack", () => {
            assert.deepEqual(
                run.options.filter((o) => o.type === "gameops:zone:GameZone").map((o) => o.name),
                ["s901"],
            );
            assert.equal(
                run.options.some((o) => o.type === "gameops:logging:Logging"),
                false,
            );
            assert.equal(run.outputs.envName, "dev-alice");
            assert.match(JSON.stringify(run.outputs.zones.s901), /dev-alice-s901/);
        });

        it("must send every Kubernetes resource through the explicit provider", () => assertEveryK8sResourceUsesTheProvider(run));

        it("must give every child the right parent", () => assertParents(run));
    });
});
