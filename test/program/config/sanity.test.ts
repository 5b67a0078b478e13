import { strict as assert } from "node:assert";
import { runProgram } from "../../../lib/program/run";
import { alicloudStack, existingStack, forkStack } from "./fixtures";

const parents = { "acme/gameops/dev": { kubeconfig: "k", imageRegistry: "r/ns", imageTag: "1.0.0", loadBalancerVendor: "alicloud-slb" } };

describe("config fixtures", () => {
    describe("#valid", () => {
        it("must evaluate the alicloud base config", async () => {
            const run = await runProgram(alicloudStack());
            assert.ok(run.resources.some((r) => r.type === "alicloud:cs/managedKubernetes:ManagedKubernetes"));
        });
        it("must evaluate the existing base config", async () => {
            const run = await runProgram(existingStack());
            assert.ok(run.resources.some((r) => r.type === "pulumi:providers:kubernetes"));
        });
        it("must evaluate the fork base config", async () => {
            const run = await runProgram({ ...forkStack(), parents });
            assert.ok(run.resources.some((r) => r.type === "pulumi:pulumi:StackReference"));
        });
    });
});
