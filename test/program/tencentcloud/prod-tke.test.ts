// Pulumi.prod-tke.yaml under mocks: every Tencent Cloud resource registered and wired, the gateways bound
// to their CLBs by TKE's annotation, the Kubernetes provider on the TKE kubeconfig, nothing secret in
// plaintext, and a fork of it reads the same outputs a fork of an Alibaba stack does.
import { strict as assert } from "node:assert";
import { annotations } from "../../../components/zone/specs/gateway-service";
import { fakeKubeconfig, secretValue } from "../../../lib/program/mocks";
import { type ProgramRun, runProgram, type StackInput, stackFile, testSecretValue } from "../../../lib/program/run";
import { assertEveryK8sResourceUsesTheProvider, ofType, one, types } from "../stacks/wiring";

const tc = (kind: string) => `pulumi-nodejs:dynamic/tencentcloud:${kind}`;
const credentialKeys = ["tencentcloud:secretId", "tencentcloud:secretKey"];

/** prod-tke with its credentials in config secrets, as `pulumi config set --secret tencentcloud:secretId` leaves them. */
function withCredentials(): StackInput {
    const input = stackFile("prod-tke");
    for (const key of credentialKeys) input.config[key] = testSecretValue(key);
    return { ...input, secretKeys: [...(input.secretKeys ?? []), ...credentialKeys] };
}

/** Every string in `value` that is not inside a secret-marked input. */
function plaintextStrings(value: unknown, out: string[] = []): string[] {
    if (secretValue(value).secret) return out;
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) plaintextStrings(v, out);
    else if (value && typeof value === "object") for (const v of Object.values(value)) plaintextStrings(v, out);
    return out;
}

describe("Pulumi.prod-tke.yaml", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(withCredentials());
    });

    describe("#resources", () => {
        it("must register the VPC, a subnet per availability zone, TKE, its node pools, TCR and a CLB per zone", () => {
            const count = (kind: string) => ofType(run, tc(kind)).length;
            assert.deepEqual(
                ["Vpc", "Subnet", "TkeCluster", "TkeNodePool", "TcrInstance", "TcrNamespace", "TcrRepository", "TcrToken", "Clb"].map((k) => [k, count(k)]),
                [
                    ["Vpc", 1],
                    ["Subnet", 2],
                    ["TkeCluster", 1],
                    ["TkeNodePool", 2],
                    ["TcrInstance", 1],
                    ["TcrNamespace", 1],
                    ["TcrRepository", 4],
                    ["TcrToken", 1],
                    ["Clb", 2],
                ],
            );
            assert.deepEqual(
                ofType(run, tc("Subnet")).map((s) => [s.inputs.zone, s.inputs.cidrBlock]),
                [
                    ["ap-guangzhou-3", "10.0.1.0/24"],
                    ["ap-guangzhou-4", "10.0.2.0/24"],
                ],
            );
            assert.deepEqual(
                ofType(run, tc("TcrRepository")).map((r) => r.inputs.name),
                ["gateway", "room", "cron", "rules"],
            );
        });

        it("must build the cluster as the stack file says, with deletion protection on", () => {
            const cluster = one(run, tc("TkeCluster")).inputs;
            assert.deepEqual(
                [
                    cluster.name,
                    cluster.version,
                    cluster.networkType,
                    cluster.clusterCidr,
                    cluster.serviceCidr,
                    cluster.publicEndpoint,
                    cluster.deletionProtection,
                ],
                ["gameops-prod-tke", "1.30.0", "GR", "172.16.0.0/16", "192.168.0.0/20", true, true],
            );
            const pools = ofType(run, tc("TkeNodePool")).map((p) => [
                p.inputs.name,
                p.inputs.min,
                p.inputs.max,
                p.inputs.desired,
                p.inputs.dataDiskGb,
                p.inputs.labels,
            ]);
            assert.deepEqual(pools, [
                ["system", 3, 3, 3, 100, { "gameops.io/role": "system", "gameops.io/pool": "system" }],
                ["game", 3, 30, 4, 200, { "gameops.io/role": "game", "gameops.io/pool": "game" }],
            ]);
            // Elasticsearch on mmapfs: every node raises vm.max_map_count, as ACK nodes do through their user data.
            for (const pool of ofType(run, tc("TkeNodePool"))) {
                assert.match(Buffer.from(pool.inputs.userScript, "base64").toString(), /^vm\.max_map_count=262144$/m);
            }
        });

        it("must protect every resource that holds data or addresses", () => {
            for (const kind of ["Vpc", "Subnet", "TkeCluster", "TkeNodePool", "TcrInstance", "TcrNamespace", "TcrRepository", "Clb"]) {
                const opts = run.options.filter((o) => o.type === tc(kind));
                assert.ok(opts.length > 0, kind);
                for (const o of opts) assert.equal(o.protect, true, `${o.type}::${o.name} is not protected`);
            }
            for (const clb of ofType(run, tc("Clb"))) assert.equal(clb.inputs.deleteProtect, true);
            assert.equal(one(run, tc("TcrInstance")).inputs.deletionProtection, true);
        });
    });

    describe("#wiring", () => {
        it("must wire each resource to the ids of the ones it lives in", () => {
            const vpc = one(run, tc("Vpc"));
            const subnets = ofType(run, tc("Subnet"));
            for (const s of subnets) assert.equal(s.inputs.vpcId, vpc.id);
            const cluster = one(run, tc("TkeCluster"));
            assert.equal(cluster.inputs.vpcId, vpc.id);
            assert.deepEqual(
                cluster.inputs.subnetIds,
                subnets.map((s) => s.id),
            );
            for (const pool of ofType(run, tc("TkeNodePool"))) {
                assert.equal(pool.inputs.clusterId, cluster.id);
                assert.deepEqual(
                    pool.inputs.subnetIds,
                    subnets.map((s) => s.id),
                );
            }
            for (const clb of ofType(run, tc("Clb"))) assert.equal(clb.inputs.vpcId, vpc.id);
            const registry = one(run, tc("TcrInstance"));
            for (const kind of ["TcrNamespace", "TcrRepository", "TcrToken"])
                for (const r of ofType(run, tc(kind))) assert.equal(r.inputs.registryId, registry.id);
            for (const repo of ofType(run, tc("TcrRepository"))) assert.equal(repo.inputs.namespace, "gameops");
        });

        it("must bind each zone's gateway Service to its own CLB by TKE's annotation", () => {
            const clbs = ofType(run, tc("Clb"));
            assert.deepEqual(
                clbs.map((c) => c.inputs.name),
                ["gameops-prod-tke-s1-gateway", "gameops-prod-tke-s2-gateway"],
            );
            const services = run.resources.filter((r) => r.type === "kubernetes:core/v1:Service" && r.inputs.metadata?.name === "gateway");
            assert.deepEqual(
                services.map((s) => [s.inputs.metadata.namespace, s.inputs.spec.type, s.inputs.metadata.annotations]),
                [
                    ["s1", "LoadBalancer", { [annotations.tencentExistingLb]: clbs[0].id }],
                    ["s2", "LoadBalancer", { [annotations.tencentExistingLb]: clbs[1].id }],
                ],
            );
            assert.deepEqual(run.outputs.loadBalancerIds, { s1: clbs[0].id, s2: clbs[1].id });
            assert.equal(run.outputs.loadBalancerVendor, "tencent-clb");
        });

        it("must give the one Kubernetes provider the TKE kubeconfig as a secret", () => {
            assert.deepEqual(secretValue(one(run, types.k8sProvider).inputs.kubeconfig), { secret: true, value: fakeKubeconfig });
            assertEveryK8sResourceUsesTheProvider(run);
        });

        it("must deliver the TCR token as a docker-registry Secret in each zone", () => {
            const token = one(run, tc("TcrToken"));
            const pulls = run.resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.type === "kubernetes.io/dockerconfigjson");
            assert.deepEqual(pulls.map((p) => p.inputs.metadata.namespace).sort(), ["s1", "s2"]);
            for (const pull of pulls) {
                const data = secretValue(pull.inputs.stringData);
                assert.equal(data.secret, true, "the pull secret's data is a Pulumi secret");
                assert.match(JSON.stringify(data.value), /tcr-token-/);
            }
            assert.ok(token.id.startsWith("tk-"));
        });

        it("must export what a fork reads, in the same shape as an Alibaba stack", () => {
            assert.deepEqual(Object.keys(run.outputs).sort(), [
                "clusterId",
                "envName",
                "imageRegistry",
                "imageTag",
                "kubeconfig",
                "loadBalancerIds",
                "loadBalancerVendor",
                "logging",
                "registryCredentials",
                "registryEndpoint",
                "registryNamespace",
                "zones",
            ]);
            const registry = one(run, tc("TcrInstance"));
            assert.equal(run.outputs.imageRegistry, `${registry.id}.tencentcloudcr.com/gameops`);
            assert.equal(run.outputs.clusterId, one(run, tc("TkeCluster")).id);
            assert.deepEqual(Object.keys(run.outputs.registryCredentials).sort(), ["password", "server", "username"]);
            assert.deepEqual(run.secretOutputs.sort(), ["kubeconfig", "registryCredentials"]);
        });
    });

    describe("#secrets", () => {
        it("must hand the credentials to every Tencent resource only as a secret", () => {
            const tencent = run.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/tencentcloud:"));
            for (const r of tencent) {
                const creds = secretValue(r.inputs.credentials);
                assert.equal(creds.secret, true, `${r.type}::${r.name}`);
                assert.deepEqual(creds.value, { secretId: testSecretValue("tencentcloud:secretId"), secretKey: testSecretValue("tencentcloud:secretKey") });
            }
        });

        it("must never put a secret in plaintext into any resource's inputs or the serialized providers", () => {
            const secrets = [...credentialKeys, "gameops:jwtKey"].map(testSecretValue);
            for (const r of run.resources) {
                const plain = plaintextStrings(r.inputs).join("\n");
                for (const s of secrets) assert.ok(!plain.includes(s), `${r.type}::${r.name} has a secret in plaintext`);
                assert.ok(!plain.includes("tcr-token-") || r.type !== tc("TcrToken"), "the token is an output only");
            }
        });
    });
});

describe("a fork of a Tencent Cloud stack", () => {
    it("must read the parent's TKE kubeconfig, TCR and credentials like a fork of an Alibaba stack", async () => {
        const parent = await runProgram(stackFile("prod-tke"));
        const jwt = "gameops:jwtKey";
        const fork = await runProgram({
            stack: "tke-alice",
            config: {
                "gameops:forkOf": "acme/gameops/prod-tke",
                "gameops:zones": [{ id: 901, name: "s901", room: { active: "a", groups: { a: { replicas: 1 }, b: { replicas: 0 } } } }],
                [jwt]: testSecretValue(jwt),
            },
            secretKeys: [jwt],
            parents: { "acme/gameops/prod-tke": parent.outputs },
        });
        assert.deepEqual(secretValue(one(fork, types.k8sProvider).inputs.kubeconfig), { secret: true, value: fakeKubeconfig });
        assert.equal(fork.outputs.imageRegistry, parent.outputs.imageRegistry);
        assert.equal(fork.outputs.loadBalancerVendor, "tencent-clb");
        assert.equal(fork.outputs.clusterId, parent.outputs.clusterId);
        assert.ok(fork.secretOutputs.includes("registryCredentials"));
        const pull = fork.resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.type === "kubernetes.io/dockerconfigjson");
        assert.deepEqual(
            pull.map((p) => p.inputs.metadata.namespace),
            ["tke-alice-s901"],
        );
        assert.equal(fork.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).length, 0, "a fork creates no cloud resource");
    });
});
