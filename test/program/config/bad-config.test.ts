// Every bad stack config fails with ONE error that lists every problem (key path, value found, what
// is allowed, the fix) and registers nothing.
import { strict as assert } from "node:assert";
import { runFailing, testSecretValue } from "../../../lib/program/run";
import { alicloudStack, existingStack, expectProblems, withConfig, zone } from "./fixtures";

const ali = alicloudStack();
const net = ali.config["gameops:network"] as Record<string, unknown>;
const cluster = ali.config["gameops:cluster"] as { nodePools: Record<string, unknown>[] };
const jwt = "gameops:jwtKey";

describe("loadStackConfig", () => {
    describe("#header", () => {
        it("must say how many problems there are and that nothing was created", async () => {
            const { error } = await runFailing(withConfig(ali, { "gameops:cloud": undefined }));
            assert.equal(
                error.message,
                'gameops: stack config "cfg" has 1 problem; nothing was created:\n' +
                    "  - gameops:cloud: is required; set it to one of alicloud, tencentcloud, existing (or set gameops:forkOf to fork a stack)",
            );
            assert.equal(error.name, "StackConfigError");
        });
    });

    describe("#cloud", () => {
        it("must refuse an unknown cloud", () =>
            expectProblems(withConfig(ali, { "gameops:cloud": "gcp" }), [
                'gameops:cloud: "gcp" is not a supported cloud; use one of alicloud, tencentcloud, existing',
            ]));

        it("must read an alicloud network as the wrong shape for tencentcloud, naming both keys", () =>
            expectProblems(withConfig(ali, { "gameops:cloud": "tencentcloud", "alicloud:region": undefined, "tencentcloud:region": "ap-guangzhou" }), [
                "gameops:network.subnets: is required (a list); set it in Pulumi.<stack>.yaml",
                'gameops:network: unknown key "vswitches"; remove it or check the spelling against Pulumi.yaml',
                'gameops:cluster.version: "1.31.1-aliyun.1" is not a TKE Kubernetes version; write it like 1.30.0',
                'gameops:cluster.nodePools[0].instanceTypes[0]: "ecs.g7.xlarge" is not a CVM instance type; write it like SA5.LARGE8',
            ]));

        it("must treat the empty default Pulumi.yaml declares as not set", () =>
            expectProblems(withConfig(ali, { "gameops:cloud": "" }), [
                "gameops:cloud: is required; set it to one of alicloud, tencentcloud, existing (or set gameops:forkOf to fork a stack)",
            ]));
    });

    describe("#required", () => {
        it("must name a missing required map", () =>
            expectProblems(withConfig(ali, { "gameops:cluster": undefined }), ["gameops:cluster: is required (a map); set it in Pulumi.<stack>.yaml"]));

        it("must name a missing required field inside a map", () =>
            expectProblems(withConfig(ali, { "gameops:images": { registry: "registry.example.com/mygame" } }), [
                "gameops:images.tag: is required (a string); set it in Pulumi.<stack>.yaml",
            ]));

        it("must treat an empty map (the Pulumi.yaml default) as a missing one", () =>
            expectProblems(withConfig(ali, { "gameops:images": {} }), ["gameops:images: is required (a map); set it in Pulumi.<stack>.yaml"]));

        it("must require alicloud:region on cloud alicloud", () =>
            expectProblems(withConfig(ali, { "alicloud:region": undefined }), [
                "alicloud:region: is required for cloud alicloud; set it with `pulumi config set alicloud:region cn-hangzhou`",
            ]));

        it("must require jwtKey when zones are set", () =>
            expectProblems(withConfig(ali, { [jwt]: undefined }, []), [
                'gameops:jwtKey: is required when zones are set (the gateways verify player tokens with it); set it with `pulumi config set --secret jwtKey "$(openssl rand -base64 32)"`',
            ]));

        it("must require an image registry on an existing cluster without gameops:registry", () =>
            expectProblems(withConfig(existingStack(), { "gameops:images": { tag: "1.2.0" } }), [
                "gameops:images.registry: is required on cloud existing unless gameops:registry is set; set it to the <host>/<namespace> your cluster pulls from, e.g. localhost:5000/gameops",
            ]));
    });

    describe("#types", () => {
        it("must refuse a string where a boolean belongs", () =>
            expectProblems(withConfig(ali, { "gameops:protect": "yes" }), ['gameops:protect: "yes" is not a boolean; use true or false']));

        it("must refuse a string where a whole number belongs", () =>
            expectProblems(withConfig(ali, { "gameops:cluster": { ...cluster, nodePools: [{ ...cluster.nodePools[0], max: "three" }] } }), [
                'gameops:cluster.nodePools[0].max: "three" is not a number; write a number without quotes, e.g. 3',
            ]));
    });

    describe("#network", () => {
        it("must refuse a CIDR with bits outside its prefix", () =>
            expectProblems(withConfig(ali, { "gameops:network": { ...net, vpcCidr: "10.0.0.1/8" } }), [
                'gameops:network.vpcCidr: "10.0.0.1/8" is not an IPv4 CIDR block; write it like 10.0.0.0/16',
            ]));

        it("must refuse a vSwitch outside the VPC", () =>
            expectProblems(withConfig(ali, { "gameops:network": { ...net, vswitches: [{ zoneId: "cn-hangzhou-i", cidr: "192.168.0.0/24" }] } }), [
                'gameops:network.vswitches[0].cidr: "192.168.0.0/24" is not inside vpcCidr 10.0.0.0/8; pick a block within it',
            ]));

        it("must refuse a pod CIDR that overlaps the VPC", () =>
            expectProblems(withConfig(ali, { "gameops:network": { ...net, podCidr: "10.128.0.0/16" } }), [
                'gameops:network.podCidr: "10.128.0.0/16" overlaps vpcCidr 10.0.0.0/8, and pods and services need their own range; pick a block outside it, e.g. 172.20.0.0/16',
            ]));

        it("must refuse two vSwitches in one availability zone", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:network": {
                        ...net,
                        vswitches: [
                            { zoneId: "cn-hangzhou-i", cidr: "10.1.0.0/16" },
                            { zoneId: "cn-hangzhou-i", cidr: "10.2.0.0/16" },
                        ],
                    },
                }),
                ['gameops:network.vswitches[1].zoneId: "cn-hangzhou-i" is listed twice (also vswitches[0]); give each availability zone one vSwitch'],
            ));
    });

    describe("#cluster", () => {
        it("must refuse a node pool whose min is above its max", () =>
            expectProblems(withConfig(ali, { "gameops:cluster": { ...cluster, nodePools: [{ ...cluster.nodePools[0], min: 5, max: 3 }] } }), [
                "gameops:cluster.nodePools[0].min: 5 is greater than max 3; set min <= max",
            ]));

        it("must refuse a malformed ACK version", () =>
            expectProblems(withConfig(ali, { "gameops:cluster": { ...cluster, version: "v1.31" } }), [
                'gameops:cluster.version: "v1.31" is not an ACK Kubernetes version; write it like 1.31 or 1.31.1-aliyun.1',
            ]));
    });

    describe("#keys", () => {
        it("must name a misspelt top-level key and suggest the right one", () =>
            expectProblems(withConfig(ali, { "gameops:zone": [] }), [
                "gameops:zone: is not a gameops config key (did you mean gameops:zones?); remove it or check the spelling against Pulumi.yaml",
            ]));

        it("must name an unknown nested key", () =>
            expectProblems(withConfig(ali, { "gameops:cluster": { ...cluster, nodepools: [] } }), [
                'gameops:cluster: unknown key "nodepools"; remove it or check the spelling against Pulumi.yaml',
            ]));
    });

    describe("#secrets", () => {
        it("must refuse a secret key stored in plaintext, without showing it", async () => {
            const input = withConfig(ali, {}, []);
            await expectProblems(input, ["gameops:jwtKey: is stored in plaintext; set it with `pulumi config set --secret jwtKey`"]);
            const { error } = await runFailing(input);
            assert.ok(!error.message.includes(testSecretValue(jwt)));
        });

        it("must refuse a jwtKey that is not base64 of 32 bytes, without showing it", () =>
            expectProblems(withConfig(ali, { [jwt]: "not base64!" }), [
                'gameops:jwtKey: (secret, not shown) is not standard base64 of at least 32 bytes; set a new one with `pulumi config set --secret jwtKey "$(openssl rand -base64 32)"`',
            ]));

        it("must refuse a kubeconfig on a stack that makes its own cluster", () =>
            expectProblems(withConfig(ali, { "gameops:kubeconfig": "apiVersion: v1" }, [jwt, "gameops:kubeconfig"]), [
                "gameops:kubeconfig: is set on an alicloud stack, which makes its own cluster and registry credentials; remove it (`pulumi config rm kubeconfig`)",
            ]));

        it("must refuse a registry username without its password", () =>
            expectProblems(withConfig(existingStack(), { "gameops:registry": { server: "registry.example.com", namespace: "mygame", username: "ci" } }), [
                'gameops:registry.username: "ci" has no password; set it with `pulumi config set --secret registryPassword <password>` (or remove the username for a public registry)',
            ]));
    });

    describe("#images", () => {
        it("must refuse the latest tag", () =>
            expectProblems(withConfig(ali, { "gameops:images": { tag: "latest" } }), [
                'gameops:images.tag: "latest" is not allowed as an image tag; pin a version such as 1.2.0 (or a sha256 digest) so releases are repeatable',
            ]));

        it("must refuse a malformed image registry", () =>
            expectProblems(withConfig(ali, { "gameops:images": { tag: "1.2.0", registry: "https://Registry.example.com" } }), [
                'gameops:images.registry: "https://Registry.example.com" is not an image registry path; write it like registry.example.com/mygame',
            ]));
    });

    describe("#zones", () => {
        it("must refuse two zones with one id", () =>
            expectProblems(withConfig(ali, { "gameops:zones": [zone(101, "s101"), zone(101, "s102")] }), [
                "gameops:zones[1].id: 101 is already used by zones[0]; give every zone its own id",
            ]));

        it("must refuse two zones with one name", () =>
            expectProblems(withConfig(ali, { "gameops:zones": [zone(101, "s101"), zone(102, "s101")] }), [
                'gameops:zones[1].name: "s101" is already used by zones[0]; give every zone its own name',
            ]));

        it("must refuse an active group that is not declared", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:zones": [zone(101, "s101"), { ...zone(102, "s102"), room: { active: "c", groups: { a: { replicas: 1 }, b: { replicas: 1 } } } }],
                }),
                ['gameops:zones[1].room.active: "c" is not a group; use one of a, b'],
            ));

        it("must refuse a room engine there is not, naming both there are", () =>
            expectProblems(
                withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), room: { engine: "agones", active: "a", groups: { a: { replicas: 1 } } } }] }),
                [
                    'gameops:zones[0].room.engine: "agones" is not a room engine; use statefulset (StatefulSets, releases by A/B cutover or canary) or okg (OpenKruise Game: in-place rules updates, lossless release)',
                ],
            ));

        it("must refuse an okg-only field under the StatefulSet engine", () =>
            expectProblems(
                withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), room: { active: "a", groups: { a: { replicas: 1, release: "lossless" } } } }] }),
                [
                    'gameops:zones[0].room.groups.a.release: "lossless" is only for room.engine okg (OpenKruise Game); set room.engine to okg or remove groups.a.release',
                ],
            ));

        it("must refuse a direct player port under the StatefulSet engine, naming the fix", () =>
            expectProblems(
                withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), room: { active: "a", groups: { a: { replicas: 1, direct: { port: 7400 } } } } }] }),
                [
                    'gameops:zones[0].room.groups.a.direct: {"port":7400} is only for room.engine okg with a network (a StatefulSet gives its room pods no public address); set room.engine to okg and groups.a.network, or remove groups.a.direct',
                ],
            ));

        it("must refuse a drain the room server cannot run", () =>
            expectProblems(
                withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), room: { active: "a", drainSeconds: 0, groups: { a: { replicas: 1 } } } }] }),
                [
                    "gameops:zones[0].room.drainSeconds: 0 is too short; a round plus settlement takes 35 s, so a stopping room server needs 40 s or more to let its rooms finish; use 40 or more",
                ],
            ));

        it("must refuse an SLB id that is not one on alicloud", () =>
            expectProblems(withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), gateway: { loadBalancer: { id: "clb-123" } } }] }), [
                'gameops:zones[0].gateway.loadBalancer.id: "clb-123" is not an SLB instance id; it looks like lb-bp1xxxxxxxx (or remove it and an SLB is created)',
            ]));

        it("must refuse volumes smaller than an ACK cloud disk on alicloud", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:zones": [{ ...zone(101, "s101"), redis: { mode: "in-cluster", storage: "1Gi" } }],
                    "gameops:logging": { enabled: true, elasticsearch: { storage: "10Gi" } },
                }),
                [
                    'gameops:zones[0].redis.storage: "1Gi" is smaller than the 20Gi an ACK cloud disk starts at (the volume would never be created); set 20Gi or more',
                    'gameops:logging.elasticsearch.storage: "10Gi" is smaller than the 20Gi an ACK cloud disk starts at (the volume would never be created); set 20Gi or more',
                ],
            ));

        it("must refuse a load balancer id on an existing cluster without a load balancer vendor", () =>
            expectProblems(withConfig(existingStack(), { "gameops:zones": [{ ...zone(1, "s1"), gateway: { loadBalancer: { id: "lb-bp1abc" } } }] }), [
                'gameops:zones[0].gateway.loadBalancer.id: "lb-bp1abc" needs a cloud load balancer, but gameops:cluster.loadBalancer is none; set it to alicloud-slb or tencent-clb (or remove the id)',
            ]));
    });

    describe("#logging", () => {
        it("must refuse a zone named like the index of pods outside every zone", () =>
            expectProblems(withConfig(ali, { "gameops:logging": { enabled: true }, "gameops:zones": [zone(1, "system")] }), [
                'gameops:zones[0].name: "system" is reserved while logging is enabled (pods of no zone are logged to gameops-<env>-system-*); rename the zone',
            ]));
    });

    describe("#many", () => {
        it("must list every problem of a config in one error", () =>
            expectProblems(
                withConfig(ali, {
                    "alicloud:region": undefined,
                    "gameops:network": { ...net, podCidr: "10.128.0.0/16" },
                    "gameops:cluster": { ...cluster, version: "1.x", nodePools: [{ ...cluster.nodePools[0], min: 4, max: 2 }] },
                    "gameops:images": { tag: "latest" },
                    "gameops:zones": [zone(101, "s101"), zone(101, "s101")],
                }),
                [
                    'gameops:network.podCidr: "10.128.0.0/16" overlaps vpcCidr 10.0.0.0/8, and pods and services need their own range; pick a block outside it, e.g. 172.20.0.0/16',
                    'gameops:cluster.version: "1.x" is not an ACK Kubernetes version; write it like 1.31 or 1.31.1-aliyun.1',
                    "gameops:cluster.nodePools[0].min: 4 is greater than max 2; set min <= max",
                    'gameops:images.tag: "latest" is not allowed as an image tag; pin a version such as 1.2.0 (or a sha256 digest) so releases are repeatable',
                    "gameops:zones[1].id: 101 is already used by zones[0]; give every zone its own id",
                    'gameops:zones[1].name: "s101" is already used by zones[0]; give every zone its own name',
                ],
            ));

        it("must list problems found by the schema and by secret checks together", () =>
            expectProblems(withConfig(ali, { "gameops:protect": "no", "gameops:kubeconfig": "x" }, []), [
                "gameops:jwtKey: is stored in plaintext; set it with `pulumi config set --secret jwtKey`",
                "gameops:kubeconfig: is stored in plaintext; set it with `pulumi config set --secret kubeconfig`",
                'gameops:protect: "no" is not a boolean; use true or false',
            ]));
    });
});
