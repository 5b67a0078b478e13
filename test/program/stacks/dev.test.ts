// Pulumi.dev.yaml: a small ACK environment with every cloud part and its key inputs.
import { strict as assert } from "node:assert";
import { fakeKubeconfig, secretValue } from "../../../lib/program/mocks";
import { ProgramRun, runProgram, stackFile } from "../../../lib/program/run";
import { assertEveryK8sResourceUsesTheProvider, assertParents, ofType, one, optionsOf, types } from "./wiring";

describe("Pulumi.dev.yaml", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(stackFile("dev"));
    });

    describe("#network", () => {
        it("must register the VPC and one vSwitch per configured availability zone inside it", () => {
            const vpc = one(run, types.vpc);
            assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/8");
            assert.equal(vpc.inputs.vpcName, "gameops-dev");
            const vsw = ofType(run, types.vswitch);
            assert.deepEqual(
                vsw.map((v) => [v.inputs.zoneId, v.inputs.cidrBlock]),
                [
                    ["cn-hangzhou-i", "10.1.0.0/16"],
                    ["cn-hangzhou-j", "10.2.0.0/16"],
                ],
            );
            for (const v of vsw) assert.equal(v.inputs.vpcId, vpc.id);
        });
    });

    describe("#cluster", () => {
        it("must register the managed ACK cluster with the configured version, CIDRs and vSwitches", () => {
            const cluster = one(run, types.cluster);
            assert.equal(cluster.inputs.version, "1.31.1-aliyun.1");
            assert.equal(cluster.inputs.clusterSpec, "ack.pro.small");
            assert.equal(cluster.inputs.podCidr, "172.20.0.0/16");
            assert.equal(cluster.inputs.serviceCidr, "192.168.0.0/16");
            assert.deepEqual(
                cluster.inputs.vswitchIds,
                ofType(run, types.vswitch).map((v) => v.id),
            );
            assert.equal(cluster.inputs.deletionProtection, false);
        });

        it("must register the node pool with its instance types and autoscaling bounds", () => {
            const pool = one(run, types.nodePool);
            assert.equal(pool.inputs.clusterId, one(run, types.cluster).id);
            assert.equal(pool.inputs.nodePoolName, "game");
            assert.deepEqual(pool.inputs.instanceTypes, ["ecs.g7.xlarge", "ecs.g6.xlarge"]);
            assert.deepEqual(pool.inputs.scalingConfig, { enable: true, minSize: 2, maxSize: 4 });
            assert.equal(pool.inputs.desiredSize, undefined);
        });

        it("must raise vm.max_map_count on the nodes because dev's Elasticsearch uses mmapfs", () => {
            const script = Buffer.from(one(run, types.nodePool).inputs.userData, "base64").toString("utf8");
            assert.match(script, /\nvm\.max_map_count=262144\n/);
        });

        it("must read the kubeconfig from the cluster credential and feed it to the one k8s provider", () => {
            const call = run.mocks.calls.find((c) => c.token === "alicloud:cs/getClusterCredential:getClusterCredential");
            assert.equal(call?.inputs.clusterId, one(run, types.cluster).id);
            assert.deepEqual(secretValue(one(run, types.k8sProvider).inputs.kubeconfig), { secret: true, value: fakeKubeconfig });
        });

        it("must export the kubeconfig as a secret", () => {
            assert.equal(run.outputs.kubeconfig, fakeKubeconfig);
            assert.ok(run.secretOutputs.includes("kubeconfig"));
        });

        it("must let the cluster pull from the registry without a pull secret", () => {
            const helper = (one(run, types.cluster).inputs.addons as { name: string; config?: string }[]).find(
                (a) => a.name === "aliyun-acr-credential-helper",
            );
            const config = JSON.parse(helper?.config ?? "{}");
            assert.equal(config.AcrInstanceInfo[0].instanceId, one(run, types.acrInstance).id);
            assert.equal(
                config.AcrInstanceInfo[0].domains,
                "gameops-dev-registry-vpc.cn-hangzhou.cr.aliyuncs.com,gameops-dev-registry.cn-hangzhou.cr.aliyuncs.com",
            );
        });
    });

    describe("#registry", () => {
        it("must register the ACR instance, its namespace and one repository per bundled service", () => {
            const instance = one(run, types.acrInstance);
            assert.equal(instance.inputs.instanceType, "Basic");
            assert.equal(instance.inputs.instanceName, "gameops-dev");
            const ns = one(run, types.acrNamespace);
            assert.deepEqual([ns.inputs.instanceId, ns.inputs.name], [instance.id, "gameops-dev"]);
            const repos = ofType(run, types.acrRepo);
            assert.deepEqual(
                repos.map((r) => r.inputs.name),
                ["gateway", "room", "cron", "rules"],
            );
            for (const r of repos) assert.deepEqual([r.inputs.instanceId, r.inputs.namespace, r.inputs.repoType], [instance.id, "gameops-dev", "PRIVATE"]);
        });

        it("must link the cluster's VPC to the registry and pull through the VPC endpoint", () => {
            const link = one(run, types.acrVpcLink);
            assert.equal(link.inputs.vpcId, one(run, types.vpc).id);
            assert.equal(link.inputs.vswitchId, ofType(run, types.vswitch)[0].id);
            assert.equal(run.outputs.imageRegistry, "gameops-dev-registry-vpc.cn-hangzhou.cr.aliyuncs.com/gameops-dev");
            assert.equal(run.outputs.registryEndpoint, "gameops-dev-registry.cn-hangzhou.cr.aliyuncs.com");
            assert.equal(run.outputs.registryNamespace, "gameops-dev");
            assert.equal(run.outputs.imageTag, "0.1.0");
        });
    });

    describe("#loadBalancer", () => {
        it("must register one internet SLB for the zone gateway and export its id for the zone", () => {
            const slb = one(run, types.slb);
            assert.equal(slb.inputs.addressType, "internet");
            assert.equal(slb.inputs.loadBalancerSpec, "slb.s2.small");
            assert.deepEqual([slb.inputs.masterZoneId, slb.inputs.slaveZoneId], ["cn-hangzhou-i", "cn-hangzhou-j"]);
            assert.equal(slb.inputs.deleteProtection, "off");
            assert.deepEqual(run.outputs.loadBalancerIds, { s101: slb.id });
            assert.equal(run.outputs.loadBalancerVendor, "alicloud-slb");
        });
    });

    describe("#composition", () => {
        it("must deploy logging and the zone into the environment", () => {
            assert.ok(run.options.some((o) => o.type === "gameops:logging:Logging"));
            assert.deepEqual(
                run.options.filter((o) => o.type === "gameops:zone:GameZone").map((o) => o.name),
                ["s101"],
            );
            assert.deepEqual(Object.keys(run.outputs.zones), ["s101"]);
            assert.ok(run.outputs.logging);
            assert.equal(run.outputs.envName, "dev");
            assert.equal(run.outputs.clusterId, one(run, types.cluster).id);
        });

        it("must send every Kubernetes resource through the explicit provider", () => assertEveryK8sResourceUsesTheProvider(run));

        it("must give every child the right parent", () => assertParents(run));

        it("must not protect anything in dev", () => {
            for (const o of run.options) assert.ok(!o.protect, `${o.type}::${o.name} is protected`);
            assert.equal(optionsOf(run, types.cluster, "cluster").protect, false);
        });
    });
});
