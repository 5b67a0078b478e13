// A fork's zone must not bind an SLB its parent's zone binds; only the parent's loadBalancerIds output
// (read through the StackReference) knows them, so the check runs in the fork's environment builder.
import { strict as assert } from "node:assert";
import { runFailing } from "../../../lib/program/run";
import { expectedError, forkStack, withConfig, zone } from "./fixtures";

describe("fork and parent", () => {
    describe("#loadBalancer", () => {
        it("must refuse a fork zone bound to its parent's SLB, registering nothing but the StackReference (and the environment component that owns it)", async () => {
            const parents = {
                "acme/gameops/dev": {
                    kubeconfig: "k",
                    imageRegistry: "r/ns",
                    imageTag: "1.0.0",
                    loadBalancerVendor: "alicloud-slb",
                    loadBalancerIds: { s101: "lb-bp1abc" },
                },
            };
            const input = {
                ...withConfig(forkStack(), { "gameops:zones": [{ ...zone(901, "s901"), gateway: { loadBalancer: { id: "lb-bp1abc" } } }] }),
                parents,
            };
            const { error, resources } = await runFailing(input);
            assert.equal(
                error.message,
                expectedError(input.stack, [
                    `gameops:zones[0].gateway.loadBalancer.id: "lb-bp1abc" is already bound by zone s101 of the parent stack acme/gameops/dev (its loadBalancerIds output), and a zone's gateway needs a load balancer of its own (its Service takes over the SLB's listeners with force-override-listeners); give the fork's zone another id, or remove it and one is created`,
                ]),
            );
            assert.deepEqual(
                resources.map((r) => `${r.type}::${r.name}`).filter((r) => r !== "gameops:environment:StackEnvironment::environment"),
                ["pulumi:pulumi:StackReference::parent"],
            );
        });
    });
});
