// The args of every Alibaba Cloud resource, from the pure spec functions (no mocks, no engine).
import { strict as assert } from "node:assert";
import { clusterAddons, clusterArgs, nodePoolArgs, nodeUserData, AckClusterArgs } from "../../../components/alicloud/ack-cluster";
import {
    acrDomains,
    bundledServices,
    namespaceArgs,
    registryInstanceArgs,
    repoArgs,
    vpcLinkArgs,
    AcrRegistryArgs,
} from "../../../components/alicloud/acr-registry";
import { nodeSysctls, zonesNeedingSlb } from "../../../components/alicloud/rules";
import { loggingSchema } from "../../../components/logging/schema";
import { slbArgs } from "../../../components/alicloud/gateway-load-balancer";
import { vpcArgs, vswitchArgs, NetworkArgs } from "../../../components/alicloud/network";
import { alicloudClusterSchema, alicloudNetworkSchema, alicloudRegistrySchema } from "../../../components/alicloud/schema";
import { cloudName, cloudTags } from "../../../components/alicloud/specs/tags";
import { zoneSchema } from "../../../components/zone/schema";

const ctx = { stack: "dev", envName: "dev" };
const network = alicloudNetworkSchema.parse({
    vswitches: [
        { zoneId: "cn-shanghai-e", cidr: "10.1.0.0/16" },
        { zoneId: "cn-shanghai-f", cidr: "10.2.0.0/16" },
    ],
});
const cluster = alicloudClusterSchema.parse({ version: "1.31", nodePools: [{ name: "game", instanceTypes: ["ecs.c7.xlarge"], min: 0, max: 6 }] });

describe("alicloud specs", () => {
    describe("#tags", () => {
        it("must name and tag resources by environment", () => {
            assert.equal(cloudName({ stack: "prod-cn", envName: "prod" }, "s1", "gateway"), "gameops-prod-s1-gateway");
            assert.deepEqual(cloudTags({ stack: "prod-cn", envName: "prod" }), {
                "gameops.io/env": "prod",
                "gameops.io/stack": "prod-cn",
                "managed-by": "pulumi",
            });
        });
    });

    describe("#network", () => {
        const args: NetworkArgs = { ...ctx, network, protect: false };
        it("must apply the schema's default VPC block", () => assert.equal(vpcArgs(args).cidrBlock, "10.0.0.0/8"));
        it("must place each vSwitch in its zone with its block", () => {
            assert.deepEqual(vswitchArgs(args, 1, "vpc-1"), {
                vpcId: "vpc-1",
                zoneId: "cn-shanghai-f",
                cidrBlock: "10.2.0.0/16",
                vswitchName: "gameops-dev-cn-shanghai-f",
                tags: cloudTags(ctx),
            });
        });
    });

    describe("#cluster", () => {
        const args: AckClusterArgs = { ...ctx, cluster, network, vswitchIds: ["vsw-1", "vsw-2"], protect: false };
        it("must take version, spec and default CIDRs from config", () => {
            const spec = clusterArgs(args);
            assert.equal(spec.version, "1.31");
            assert.equal(spec.clusterSpec, "ack.pro.small");
            assert.equal(spec.podCidr, "172.20.0.0/16");
            assert.equal(spec.serviceCidr, "192.168.0.0/16");
            assert.deepEqual(spec.vswitchIds, ["vsw-1", "vsw-2"]);
        });
        it("must turn deletion protection on exactly when protected", () => {
            assert.equal(clusterArgs(args).deletionProtection, false);
            assert.equal(clusterArgs({ ...args, protect: true }).deletionProtection, true);
        });
        it("must add the ACR credential helper only when a registry is given", () => {
            assert.deepEqual(
                (clusterAddons(undefined) as { name: string }[]).map((a) => a.name),
                ["flannel", "csi-plugin", "csi-provisioner"],
            );
            const withAcr = clusterAddons({ instanceId: "cri-1", region: "cn-shanghai", domains: ["a"] }) as { name: string }[];
            assert.equal(withAcr[3].name, "aliyun-acr-credential-helper");
        });
        it("must let the autoscaler own a pool's size between min and max, with zero allowed", () => {
            const spec = nodePoolArgs(args, cluster.nodePools[0], "c-1");
            assert.deepEqual(spec.scalingConfig, { enable: true, minSize: 0, maxSize: 6 });
            assert.equal(spec.desiredSize, undefined);
            assert.deepEqual(spec.instanceTypes, ["ecs.c7.xlarge"]);
            assert.equal(spec.systemDiskSize, 120);
            assert.equal(spec.systemDiskCategory, "cloud_essd");
            assert.deepEqual(spec.vswitchIds, ["vsw-1", "vsw-2"]);
        });
        it("must give a pool no user data when no node setting is needed", () => {
            assert.equal(nodePoolArgs(args, cluster.nodePools[0], "c-1").userData, undefined);
            assert.equal(nodeUserData({}), undefined);
        });
        it("must persist and load the requested sysctls in the pool's user data", () => {
            const spec = nodePoolArgs({ ...args, nodeSysctls: { "vm.max_map_count": "262144" } }, cluster.nodePools[0], "c-1");
            const script = Buffer.from(spec.userData as string, "base64").toString("utf8");
            assert.match(script, /^#!\/bin\/bash\n/);
            assert.match(script, /\nvm\.max_map_count=262144\n/);
            assert.match(script, /sysctl --load \/etc\/sysctl\.d\/90-gameops\.conf/);
        });
    });

    describe("#nodeSysctls", () => {
        const logging = (raw: object) => ({ logging: loggingSchema.parse(raw) });
        it("must raise vm.max_map_count only when Elasticsearch runs on mmapfs", () => {
            assert.deepEqual(nodeSysctls(logging({ enabled: true })), { "vm.max_map_count": "262144" });
            assert.deepEqual(nodeSysctls(logging({ enabled: true, elasticsearch: { allowMmap: false } })), {});
            assert.deepEqual(nodeSysctls(logging({ enabled: false })), {});
        });
    });

    describe("#registry", () => {
        const args: AcrRegistryArgs = {
            ...ctx,
            registry: alicloudRegistrySchema.parse({ namespace: "mygame" }),
            region: "cn-shanghai",
            vpcId: "vpc-1",
            vswitchId: "vsw-1",
            protect: false,
        };
        it("must derive the public and VPC domains of an instance", () =>
            assert.deepEqual(acrDomains("gameops-dev", "cn-shanghai"), {
                public: "gameops-dev-registry.cn-shanghai.cr.aliyuncs.com",
                vpc: "gameops-dev-registry-vpc.cn-shanghai.cr.aliyuncs.com",
            }));
        it("must buy a renewing subscription of the configured edition", () => {
            const spec = registryInstanceArgs(args);
            assert.deepEqual(
                [spec.instanceName, spec.instanceType, spec.paymentType, spec.renewalStatus],
                ["gameops-dev", "Basic", "Subscription", "AutoRenewal"],
            );
        });
        it("must keep the namespace private and not auto-create repositories", () =>
            assert.deepEqual(namespaceArgs(args, "cri-1"), { instanceId: "cri-1", name: "mygame", autoCreate: false, defaultVisibility: "PRIVATE" }));
        it("must make one private repository per bundled service, immutable when protected", () => {
            assert.deepEqual([...bundledServices], ["gateway", "room", "cron", "rules"]);
            assert.equal(repoArgs(args, "room", "cri-1", "mygame").tagImmutability, false);
            assert.equal(repoArgs({ ...args, protect: true }, "room", "cri-1", "mygame").tagImmutability, true);
            assert.equal(repoArgs(args, "room", "cri-1", "mygame").name, "room");
        });
        it("must link the VPC to the registry module", () =>
            assert.deepEqual(vpcLinkArgs(args, "cri-1"), {
                instanceId: "cri-1",
                vpcId: "vpc-1",
                vswitchId: "vsw-1",
                moduleName: "Registry",
                enableCreateDnsRecordInPvzt: true,
            }));
    });

    describe("#loadBalancer", () => {
        const args = { ...ctx, zoneName: "s1", spec: "slb.s2.small", zoneIds: ["cn-shanghai-e", "cn-shanghai-f"], protect: false };
        it("must make a pay-by-spec internet SLB across the first two zones", () => {
            const spec = slbArgs(args);
            assert.deepEqual([spec.addressType, spec.instanceChargeType, spec.loadBalancerSpec], ["internet", "PayBySpec", "slb.s2.small"]);
            assert.deepEqual([spec.masterZoneId, spec.slaveZoneId], ["cn-shanghai-e", "cn-shanghai-f"]);
            assert.equal((spec.tags as Record<string, string>)["gameops.io/zone"], "s1");
        });
        it("must turn delete protection on exactly when protected", () => {
            assert.equal(slbArgs(args).deleteProtection, "off");
            assert.equal(slbArgs({ ...args, protect: true }).deleteProtection, "on");
        });
        it("must leave the standby zone unset with a single availability zone", () =>
            assert.equal(slbArgs({ ...args, zoneIds: ["cn-shanghai-e"] }).slaveZoneId, undefined));
        it("must create SLBs only for LoadBalancer gateways without an existing id", () => {
            const z = (name: string, gateway: object) => zoneSchema.parse({ id: 1, name, gateway, room: { active: "a", groups: { a: { replicas: 1 } } } });
            const zones = [z("s1", {}), z("s2", { service: "LoadBalancer" }), z("s3", { service: "NodePort" }), z("s4", { loadBalancer: { id: "lb-1" } })];
            assert.deepEqual(
                zonesNeedingSlb(zones).map((zone) => zone.name),
                ["s1", "s2"],
            );
        });
    });
});
