// Config variants of the committed stacks: reuse existing cloud resources, or an existing cluster with
// its own credentials.
import { strict as assert } from "node:assert";
import { secretValue } from "../../../lib/program/mocks";
import { runProgram, stackFile, StackInput, testSecretValue } from "../../../lib/program/run";
import { zone } from "../config/fixtures";
import { assertEveryK8sResourceUsesTheProvider, assertNoCloudResource, ofType, one, types } from "./wiring";

function dev(changes: Record<string, unknown>): StackInput {
    const input = stackFile("dev");
    return { ...input, config: { ...input.config, ...changes } };
}

describe("stack variants", () => {
    describe("#alicloud", () => {
        it("must reuse an existing ACR instance by id instead of creating one", async () => {
            const run = await runProgram(dev({ "gameops:registry": { namespace: "mygame", instanceId: "cri-shared01" } }));
            assert.equal(ofType(run, types.acrInstance).length, 0);
            assert.equal(one(run, types.acrNamespace).inputs.instanceId, "cri-shared01");
            for (const repo of ofType(run, types.acrRepo)) assert.equal(repo.inputs.instanceId, "cri-shared01");
            const lookup = run.mocks.calls.find((c) => c.token === "alicloud:cs/getRegistryEnterpriseInstances:getRegistryEnterpriseInstances");
            assert.deepEqual(lookup?.inputs.ids, ["cri-shared01"]);
            assert.equal(run.outputs.imageRegistry, "acme-shared01-registry-vpc.cn-hangzhou.cr.aliyuncs.com/mygame");
        });

        it("must bind an existing SLB by id and create none for it, nor for a zone without a LoadBalancer Service", async () => {
            const run = await runProgram(
                dev({
                    "gameops:zones": [
                        { ...zone(101, "s101"), gateway: { loadBalancer: { id: "lb-bp1existing" } } },
                        { ...zone(102, "s102"), gateway: { service: "ClusterIP" } },
                        zone(103, "s103"),
                    ],
                }),
            );
            const slbs = ofType(run, types.slb);
            assert.deepEqual(
                slbs.map((s) => s.inputs.loadBalancerName),
                ["gameops-dev-s103-gateway"],
            );
            assert.deepEqual(run.outputs.loadBalancerIds, { s101: "lb-bp1existing", s103: slbs[0].id });
        });

        it("must use images.registry over the stack's own registry when set", async () => {
            const run = await runProgram(dev({ "gameops:images": { registry: "registry.example.com/studio", tag: "2.0.0" } }));
            assert.equal(run.outputs.imageRegistry, "registry.example.com/studio");
            assert.equal(run.outputs.imageTag, "2.0.0");
        });

        it("must label the environment with gameops:env over the stack name", async () => {
            const run = await runProgram(dev({ "gameops:env": "staging" }));
            assert.equal(run.outputs.envName, "staging");
            assert.equal(one(run, types.cluster).inputs.name, "gameops-staging");
            assert.equal(one(run, types.vpc).inputs.tags["gameops.io/env"], "staging");
        });
    });

    describe("#existing", () => {
        const kube = "gameops:kubeconfig";
        const password = "gameops:registryPassword";
        const jwt = "gameops:jwtKey";
        const input: StackInput = {
            stack: "onprem",
            config: {
                "gameops:cloud": "existing",
                "gameops:cluster": { context: "onprem-admin", loadBalancer: "tencent-clb" },
                "gameops:registry": { server: "registry.example.com", namespace: "mygame", username: "ci" },
                "gameops:images": { tag: "1.2.0" },
                "gameops:zones": [{ ...zone(1, "s1"), gateway: { loadBalancer: { id: "lb-clb001" } } }],
                [kube]: testSecretValue(kube),
                [password]: testSecretValue(password),
                [jwt]: testSecretValue(jwt),
            },
            secretKeys: [kube, password, jwt],
        };

        it("must build the provider from the kubeconfig secret and the named context, with no cloud resource", async () => {
            const run = await runProgram(input);
            assertNoCloudResource(run);
            const provider = one(run, types.k8sProvider);
            assert.deepEqual(secretValue(provider.inputs.kubeconfig), { secret: true, value: testSecretValue(kube) });
            assert.equal(provider.inputs.context, "onprem-admin");
            assertEveryK8sResourceUsesTheProvider(run);
        });

        it("must export the registry, its credentials as one secret, the vendor and the configured load balancer", async () => {
            const run = await runProgram(input);
            assert.equal(run.outputs.imageRegistry, "registry.example.com/mygame");
            assert.equal(run.outputs.loadBalancerVendor, "tencent-clb");
            assert.deepEqual(run.outputs.loadBalancerIds, { s1: "lb-clb001" });
            assert.deepEqual(run.outputs.registryCredentials, { server: "registry.example.com", username: "ci", password: testSecretValue(password) });
            assert.ok(run.secretOutputs.includes("registryCredentials"));
            assert.ok(run.secretOutputs.includes("kubeconfig"));
        });
    });
});
