// Pulumi.prod.yaml: highly available and protected.
import { strict as assert } from "node:assert";
import { ProgramRun, runProgram, stackFile } from "../../../lib/program/run";
import { assertEveryK8sResourceUsesTheProvider, assertParents, ofType, one, types } from "./wiring";

describe("Pulumi.prod.yaml", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(stackFile("prod"));
    });

    describe("#ha", () => {
        it("must spread over three availability zones with two node pools", () => {
            assert.deepEqual(
                ofType(run, types.vswitch).map((v) => v.inputs.zoneId),
                ["cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"],
            );
            assert.deepEqual(
                ofType(run, types.nodePool).map((p) => [p.inputs.nodePoolName, p.inputs.scalingConfig.minSize, p.inputs.scalingConfig.maxSize]),
                [
                    ["system", 3, 3],
                    ["game", 3, 30],
                ],
            );
            for (const pool of ofType(run, types.nodePool)) assert.equal(pool.inputs.vswitchIds.length, 3);
        });

        it("must give each of the two zones its own SLB", () => {
            const slbs = ofType(run, types.slb);
            assert.deepEqual(
                slbs.map((s) => s.inputs.loadBalancerName),
                ["gameops-prod-s1-gateway", "gameops-prod-s2-gateway"],
            );
            assert.deepEqual(run.outputs.loadBalancerIds, { s1: slbs[0].id, s2: slbs[1].id });
            for (const slb of slbs) assert.equal(slb.inputs.loadBalancerSpec, "slb.s3.small");
        });
    });

    describe("#protection", () => {
        it("must turn on deletion protection on the cluster and the SLBs", () => {
            assert.equal(one(run, types.cluster).inputs.deletionProtection, true);
            for (const slb of ofType(run, types.slb)) assert.equal(slb.inputs.deleteProtection, "on");
        });

        it("must protect every cloud resource that holds data or addresses", () => {
            const mustProtect = [types.vpc, types.vswitch, types.cluster, types.nodePool, types.acrInstance, types.acrNamespace, types.acrRepo, types.slb];
            for (const type of mustProtect) {
                const opts = run.options.filter((o) => o.type === type);
                assert.ok(opts.length > 0, `no ${type}`);
                for (const o of opts) assert.equal(o.protect, true, `${o.type}::${o.name} is not protected`);
            }
        });

        it("must make released image tags immutable", () => {
            for (const repo of ofType(run, types.acrRepo)) assert.equal(repo.inputs.tagImmutability, true);
        });

        it("must use the Standard ACR edition the stack asks for", () => assert.equal(one(run, types.acrInstance).inputs.instanceType, "Standard"));
    });

    describe("#composition", () => {
        it("must deploy both zones and logging", () => {
            assert.deepEqual(
                run.options.filter((o) => o.type === "gameops:zone:GameZone").map((o) => o.name),
                ["s1", "s2"],
            );
            assert.ok(run.options.some((o) => o.type === "gameops:logging:Logging"));
        });

        it("must send every Kubernetes resource through the explicit provider", () => assertEveryK8sResourceUsesTheProvider(run));

        it("must give every child the right parent", () => assertParents(run));
    });
});
