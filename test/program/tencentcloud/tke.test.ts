// The TKE cluster and node-pool providers through the real SDK against the stand-in: a cluster goes
// Creating → Running with progress in the log, opens its endpoint and hands back its kubeconfig; a
// create that times out is retried and adopts the cluster instead of making a second; updates are in
// place where TKE allows; deletion protection refuses a delete with the fix.
import { strict as assert } from "node:assert";
import { clusterProvider, nodePoolProvider } from "../../../components/tencentcloud/providers/tke";
import { vpcProvider } from "../../../components/tencentcloud/providers/network";
import { rejection, useStandIn } from "./stand-in/fixture";

const tags = { "gameops.io/env": "prod-tke", "managed-by": "pulumi" };

describe("tencentcloud TKE providers", () => {
    const t = useStandIn();
    let vpcId: string;
    before(async () => {
        vpcId = (await vpcProvider.create!({ ...t.conn, name: "gameops-tke", cidrBlock: "10.0.0.0/16", tags })).id;
    });
    const clusterInputs = (name: string) => ({
        ...t.conn,
        name,
        version: "1.30.0",
        vpcId,
        networkType: "GR",
        clusterCidr: "172.16.0.0/16",
        serviceCidr: "192.168.0.0/20",
        maxNodePodNum: 64,
        subnetIds: ["subnet-a", "subnet-b"],
        deletionProtection: false,
        publicEndpoint: true,
        tags,
    });

    it("must create a managed cluster, wait for Running and its public endpoint, and return the kubeconfig", async () => {
        t.api.state.settle.cluster = 3;
        const made = await clusterProvider.create!(clusterInputs("gameops-a"));
        assert.match(made.id, /^cls-/);
        assert.equal(made.outs.status, "Running");
        assert.match(made.outs.kubeconfig, new RegExp(`server: "https://${made.id}\\.ccs\\.tencent-cloud\\.com"`));
        const create = t.api.calls.find((c) => c.action === "CreateCluster")!.params;
        assert.deepEqual(create, {
            ClusterType: "MANAGED_CLUSTER",
            ClusterCIDRSettings: { ClusterCIDR: "172.16.0.0/16", ServiceCIDR: "192.168.0.0/20", MaxNodePodNum: 64 },
            ClusterBasicSettings: {
                ClusterName: "gameops-a",
                ClusterVersion: "1.30.0",
                VpcId: vpcId,
                TagSpecification: [
                    {
                        ResourceType: "cluster",
                        Tags: [
                            { Key: "gameops.io/env", Value: "prod-tke" },
                            { Key: "managed-by", Value: "pulumi" },
                        ],
                    },
                ],
            },
            ClusterAdvancedSettings: { NetworkType: "GR", ContainerRuntime: "containerd", KubeProxyMode: "ipvs", DeletionProtection: false },
        });
        assert.deepEqual(t.api.calls.find((c) => c.action === "CreateClusterEndpoint")!.params.IsExtranet, true);
        assert.deepEqual(
            t.lines.filter((l) => l.startsWith("TKE cluster: cluster ")).map((l) => l.replace(/ \(\d+ s\)$/, "")),
            [
                `TKE cluster: cluster ${made.id}: Creating`,
                `TKE cluster: cluster ${made.id}: Running`,
                `TKE cluster: cluster ${made.id} public endpoint: Creating`,
                `TKE cluster: cluster ${made.id} public endpoint: Created`,
            ],
        );
    });

    it("must take the pods' addresses from the subnets on VPC-CNI", async () => {
        const made = await clusterProvider.create!({ ...clusterInputs("gameops-cni"), networkType: "VPC-CNI", publicEndpoint: false });
        const create = t.api.calls.find((c) => c.action === "CreateCluster")!.params;
        assert.deepEqual(create.ClusterCIDRSettings, { EniSubnetIds: ["subnet-a", "subnet-b"], ServiceCIDR: "192.168.0.0/20", MaxNodePodNum: 64 });
        assert.equal(create.ClusterAdvancedSettings.VpcCniType, "tke-route-eni");
        assert.deepEqual(t.api.calls.find((c) => c.action === "CreateClusterEndpoint")!.params, {
            ClusterId: made.id,
            IsExtranet: false,
            SubnetId: "subnet-a",
        });
    });

    it("must time out with the fix, and a retried create must adopt the cluster, not make a second", async () => {
        t.api.state.settle.cluster = 1000;
        const timing = { ...t.conn.timing, timeoutMs: 100 };
        const message = await rejection(() => clusterProvider.create!({ ...clusterInputs("gameops-slow"), timing }));
        assert.match(
            message,
            /^tencentcloud: cluster cls-\w+ is still Creating after \d+ s; run `pulumi up` again: it finds the resource by its name and tags and waits for it instead of creating another$/,
        );
        const id = /cluster (cls-\w+)/.exec(message)![1];
        t.api.state.clusters.get(id)!.pending = 2;
        const retried = await clusterProvider.create!({ ...clusterInputs("gameops-slow"), timing });
        assert.equal(retried.id, id);
        assert.equal(t.api.actions().filter((a) => a === "tke:CreateCluster").length, 1, "one CreateCluster over both attempts");
        assert.ok(t.lines.some((l) => l === `TKE cluster: ${id} already exists with this name and tags (an earlier create did not finish); adopting it`));
    });

    it("must diff: replace on the network, update in place otherwise", async () => {
        const made = await clusterProvider.create!(clusterInputs("gameops-diff"));
        assert.deepEqual((await clusterProvider.diff!(made.id, made.outs, { ...clusterInputs("gameops-diff"), networkType: "VPC-CNI" })).replaces, [
            "networkType",
        ]);
        const inPlace = await clusterProvider.diff!(made.id, made.outs, { ...clusterInputs("gameops-diff"), version: "1.32.2", deletionProtection: true });
        assert.deepEqual(inPlace, { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.equal((await clusterProvider.diff!(made.id, made.outs, clusterInputs("gameops-diff"))).changes, false);
    });

    it("must upgrade, rename and protect in place, then refuse a protected delete with the fix", async () => {
        const made = await clusterProvider.create!(clusterInputs("gameops-upd"));
        t.api.reset();
        const updated = await clusterProvider.update!(made.id, made.outs, { ...clusterInputs("gameops-upd2"), version: "1.32.2", deletionProtection: true });
        assert.deepEqual(
            t.api.actions().filter((a) => !a.includes("Describe")),
            ["tke:ModifyClusterAttribute", "tke:UpdateClusterVersion", "tke:EnableClusterDeletionProtection"],
        );
        assert.ok(t.lines.some((l) => /: (Upgrading|Running)/.test(l)));
        assert.equal(updated.outs.status, "Running");
        const refused = await rejection(() => clusterProvider.delete!(made.id, updated.outs));
        assert.equal(
            refused,
            `tencentcloud: TKE cluster ${made.id} has deletion protection on (gameops:protect: true); set gameops:protect to false and run \`pulumi up\` first, then delete it`,
        );
        const unprotected = await clusterProvider.update!(made.id, updated.outs, clusterInputs("gameops-upd2"));
        await clusterProvider.delete!(made.id, unprotected.outs);
        assert.equal(t.api.state.clusters.has(made.id), false);
        assert.deepEqual(await clusterProvider.read!(made.id, unprotected.outs), { id: "", props: {} });
    });

    describe("node pools", () => {
        let clusterId: string;
        before(async () => {
            clusterId = (await clusterProvider.create!(clusterInputs("gameops-pools"))).id;
        });
        const poolInputs = () => ({
            ...t.conn,
            clusterId,
            name: "game",
            vpcId,
            subnetIds: ["subnet-a", "subnet-b"],
            instanceTypes: ["SA5.2XLARGE16", "S5.2XLARGE16"],
            min: 3,
            max: 30,
            desired: 4,
            systemDiskGb: 100,
            dataDiskGb: 200,
            diskType: "CLOUD_PREMIUM",
            labels: { "gameops.io/pool": "game" },
            taints: [{ key: "gameops.io/dedicated", value: "game", effect: "NoSchedule" }],
            userScript: Buffer.from("#!/bin/bash\nsysctl -w vm.max_map_count=262144\n").toString("base64"),
            tags,
        });

        it("must create a pool with its instance types, sizes, labels, taints and data disk, and wait for normal", async () => {
            const pool = await nodePoolProvider.create!(poolInputs());
            assert.equal(pool.outs.lifeState, "normal");
            const p = t.api.calls.find((c) => c.action === "CreateClusterNodePool")!.params;
            assert.deepEqual(JSON.parse(p.AutoScalingGroupPara), {
                MinSize: 3,
                MaxSize: 30,
                DesiredCapacity: 4,
                VpcId: vpcId,
                SubnetIds: ["subnet-a", "subnet-b"],
                MultiZoneSubnetPolicy: "EQUALITY",
                RetryPolicy: "INCREMENTAL_INTERVALS",
            });
            const launch = JSON.parse(p.LaunchConfigurePara);
            assert.deepEqual(
                [launch.InstanceType, launch.InstanceTypes, launch.DataDisks],
                ["SA5.2XLARGE16", ["SA5.2XLARGE16", "S5.2XLARGE16"], [{ DiskType: "CLOUD_PREMIUM", DiskSize: 200 }]],
            );
            assert.deepEqual(p.InstanceAdvancedSettings.DataDisks[0].MountTarget, "/var/lib/containerd");
            assert.equal(p.InstanceAdvancedSettings.UserScript, poolInputs().userScript);
            assert.deepEqual(p.Labels, [{ Name: "gameops.io/pool", Value: "game" }]);
            assert.deepEqual(p.Taints, [{ Key: "gameops.io/dedicated", Value: "game", Effect: "NoSchedule" }]);
            assert.ok(t.lines.some((l) => l.startsWith(`TKE node pool: node pool game (${pool.id}): creating`)));
        });

        it("must adopt a pool of the same name on a retried create", async () => {
            const first = await nodePoolProvider.create!({ ...poolInputs(), name: "again" });
            const second = await nodePoolProvider.create!({ ...poolInputs(), name: "again" });
            assert.equal(second.id, first.id);
            assert.equal(t.api.actions().filter((a) => a === "tke:CreateClusterNodePool").length, 1);
        });

        it("must resize and relabel in place, replace on new instance types, and delete", async () => {
            const pool = await nodePoolProvider.create!({ ...poolInputs(), name: "resize" });
            const news = { ...poolInputs(), name: "resize", min: 2, max: 40, desired: 6, labels: { "gameops.io/pool": "resize", tier: "b" } };
            assert.deepEqual((await nodePoolProvider.diff!(pool.id, pool.outs, news)).replaces, []);
            assert.deepEqual((await nodePoolProvider.diff!(pool.id, pool.outs, { ...news, instanceTypes: ["SA5.4XLARGE32"] })).replaces, ["instanceTypes"]);
            await nodePoolProvider.update!(pool.id, pool.outs, news);
            const state = t.api.state.nodePools.get(pool.id)!;
            assert.deepEqual(
                [state.MinNodesNum, state.MaxNodesNum, state.DesiredNodesNum, state.Labels],
                [
                    2,
                    40,
                    6,
                    [
                        { Name: "gameops.io/pool", Value: "resize" },
                        { Name: "tier", Value: "b" },
                    ],
                ],
            );
            await nodePoolProvider.delete!(pool.id, { ...pool.outs, ...news });
            assert.equal(t.api.state.nodePools.has(pool.id), false);
            assert.deepEqual(t.api.calls.find((c) => c.action === "DeleteClusterNodePool")!.params, {
                ClusterId: clusterId,
                NodePoolIds: [pool.id],
                KeepInstance: false,
            });
        });
    });
});
