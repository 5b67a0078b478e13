// A bad `cloud: tencentcloud` stack config fails like every other: one error listing every problem
// (key, value, what is allowed, the fix), nothing registered.
import { testSecretValue } from "../../../lib/program/run";
import { expectProblems, tencentcloudStack, withConfig, zone } from "../config/fixtures";

const tc = tencentcloudStack();
const cluster = tc.config["gameops:cluster"] as { nodePools: Record<string, unknown>[] };
const jwt = "gameops:jwtKey";

describe("tencentcloud stack config", () => {
    it("must require tencentcloud:region", () =>
        expectProblems(withConfig(tc, { "tencentcloud:region": undefined }), [
            "tencentcloud:region: is required for cloud tencentcloud; set it with `pulumi config set tencentcloud:region ap-guangzhou`",
        ]));

    it("must refuse credentials kept in plaintext, and one without the other", () =>
        expectProblems(withConfig(tc, { "tencentcloud:secretKey": "abc" }), [
            "tencentcloud:secretKey: is stored in plaintext; set it with `pulumi config set --secret tencentcloud:secretKey <value>`",
            "tencentcloud:secretId: is not set while tencentcloud:secretKey is; set both with `pulumi config set --secret tencentcloud:secretId <value>` (or remove tencentcloud:secretKey and use TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY)",
        ]));

    it("must list every problem of a bad Tencent config in one error", () =>
        expectProblems(
            withConfig(
                tc,
                {
                    "gameops:network": {
                        vpcCidr: "10.0.0.0/16",
                        subnets: [
                            { zone: "ap-guangzhou-3", cidr: "10.9.0.0/24" },
                            { zone: "ap-guangzhou-3", cidr: "10.0.2.0/24" },
                            { zone: "guangzhou", cidr: "10.0.3.0/24" },
                        ],
                    },
                    "gameops:cluster": {
                        version: "1.30",
                        networkType: "flannel",
                        clusterCidr: "10.0.0.0/16",
                        serviceCidr: "192.168.0.0/20",
                        nodePools: [{ ...cluster.nodePools[0], instanceTypes: ["ecs.g7.xlarge"], min: 2, max: 4, desired: 9 }],
                    },
                    "gameops:registry": { namespace: "mygame", instanceId: "cri-abc" },
                    "gameops:zones": [{ ...zone(101, "s101"), gateway: { loadBalancer: { id: "lb-bp1abc" } } }],
                    "gameops:kubeconfig": testSecretValue("gameops:kubeconfig"),
                },
                [jwt, "gameops:kubeconfig"],
            ),
            [
                'gameops:network.subnets[2].zone: "guangzhou" is not a Tencent Cloud availability zone; write it like ap-guangzhou-3',
                'gameops:network.subnets[0].cidr: "10.9.0.0/24" is not inside vpcCidr 10.0.0.0/16; pick a block within it',
                'gameops:network.subnets[1].zone: "ap-guangzhou-3" is listed twice (also subnets[0]); give each availability zone one subnet',
                'gameops:cluster.version: "1.30" is not a TKE Kubernetes version; write it like 1.30.0',
                'gameops:cluster.networkType: "flannel" is not allowed; use one of GR, VPC-CNI',
                'gameops:cluster.nodePools[0].instanceTypes[0]: "ecs.g7.xlarge" is not a CVM instance type; write it like SA5.LARGE8',
                "gameops:cluster.nodePools[0].desired: 9 is outside min 2 .. max 4; set it between them (or remove it to start at min)",
                'gameops:registry.instanceId: "cri-abc" is not a TCR instance id; write your instance\'s id, which looks like tcr-xxxxxxxx (or remove it and an instance is created)',
            ],
        ));

    it("must refuse a taint effect Kubernetes does not have", () =>
        expectProblems(
            withConfig(tc, { "gameops:cluster": { ...cluster, nodePools: [{ ...cluster.nodePools[0], taints: [{ key: "dedicated", effect: "Never" }] }] } }),
            ['gameops:cluster.nodePools[0].taints[0].effect: "Never" is not allowed; use one of NoSchedule, PreferNoSchedule, NoExecute'],
        ));

    it("must check the keys that span the stack once the shape is right", () =>
        expectProblems(
            withConfig(
                tc,
                {
                    "gameops:cluster": { ...cluster, clusterCidr: "10.0.128.0/17" },
                    "gameops:zones": [{ ...zone(101, "s101"), gateway: { loadBalancer: { id: "lb-bp1abc" } } }],
                    "gameops:registryPassword": testSecretValue("gameops:registryPassword"),
                },
                [jwt, "gameops:registryPassword"],
            ),
            [
                "gameops:registryPassword: is set on a tencentcloud stack, which makes its own cluster and registry credentials; remove it (`pulumi config rm registryPassword`)",
                'gameops:cluster.clusterCidr: "10.0.128.0/17" overlaps network.vpcCidr 10.0.0.0/16, and global-router pods need their own range; pick a block outside it, e.g. 172.16.0.0/16',
                'gameops:zones[0].gateway.loadBalancer.id: "lb-bp1abc" is not a CLB instance id; it looks like lb-abcd1234 (or remove it and a CLB is created)',
            ],
        ));
});
