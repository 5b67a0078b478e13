// Configs that deploy but break the zone: routing to a group with no pods, a version rule no client
// matches, an autoscaler silently dropped, a drain that cuts rounds short, two gateways on one SLB.
import { strict as assert } from "node:assert";
import { parentLoadBalancerProblems } from "../../../components/stack/fork-rules";
import { alicloudStack, expectProblems, withConfig, zone } from "./fixtures";

const ali = alicloudStack();
const withZone = (z: Record<string, unknown>) => withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), ...z }] });
const slbFix = "and a zone's gateway needs a load balancer of its own (its Service takes over the SLB's listeners with force-override-listeners)";

describe("release rules in stack config", () => {
    describe("#routing", () => {
        it("must refuse an active group with 0 replicas", () =>
            expectProblems(withZone({ room: { active: "b", groups: { a: { replicas: 2 }, b: { replicas: 0 } } } }), [
                'gameops:zones[0].room.active: "b" has 0 replicas (room.groups.b.replicas), so new players would find no room server; scale groups.b up first, then make it active',
            ]));

        it("must refuse a version rule to a group with 0 replicas", () =>
            expectProblems(
                withZone({
                    room: { active: "a", groups: { a: { replicas: 2 }, b: { replicas: 0 } }, versionRules: [{ minClientVersion: "1.3.0", group: "b" }] },
                }),
                [
                    'gameops:zones[0].room.versionRules[0].group: "b" has 0 replicas (room.groups.b.replicas), so the clients this rule routes would find no room server; scale groups.b up first, or route the rule to another group',
                ],
            ));

        it("must refuse a version rule whose min is not below its max", () =>
            expectProblems(
                withZone({
                    room: {
                        active: "a",
                        groups: { a: { replicas: 2 } },
                        versionRules: [{ minClientVersion: "2.0.0", maxClientVersion: "1.10.0", group: "a" }],
                    },
                }),
                [
                    'gameops:zones[0].room.versionRules[0].minClientVersion: "2.0.0" is not below maxClientVersion 1.10.0, so the rule matches no client (it matches versions from min up to, not including, max); set minClientVersion below maxClientVersion',
                ],
            ));
    });

    describe("#gateway", () => {
        it("must refuse maxReplicas on a stopped gateway instead of dropping the autoscaler", () =>
            expectProblems(withZone({ gateway: { replicas: 0, maxReplicas: 3 } }), [
                "gameops:zones[0].gateway.maxReplicas: 3 is set while replicas is 0, and an autoscaler cannot scale up from 0 (Kubernetes requires minReplicas >= 1), so none would be made; set replicas to 1 or more, or remove maxReplicas to keep the gateway stopped",
            ]));

        it("must refuse two zones bound to one SLB", () => {
            const gateway = { loadBalancer: { id: "lb-bp1abc" } };
            return expectProblems(
                withConfig(ali, {
                    "gameops:zones": [
                        { ...zone(1, "s1"), gateway },
                        { ...zone(2, "s2"), gateway },
                    ],
                }),
                [
                    `gameops:zones[1].gateway.loadBalancer.id: "lb-bp1abc" is already bound by zones[0], ${slbFix}; give each zone its own id, or remove it and one is created`,
                ],
            );
        });
    });

    describe("#drain", () => {
        it("must refuse a drain shorter than a round plus settlement, as its message says", () =>
            expectProblems(withZone({ room: { active: "a", drainSeconds: 39, groups: { a: { replicas: 1 } } } }), [
                "gameops:zones[0].room.drainSeconds: 39 is too short; a round plus settlement takes 35 s, so a stopping room server needs 40 s or more to let its rooms finish; use 40 or more",
            ]));
    });

    describe("#parentLoadBalancerProblems", () => {
        const forkZone = (name: string, id?: string) => ({ name, gateway: { loadBalancer: id === undefined ? {} : { id } } });

        it("must refuse a fork zone bound to an SLB its parent's zone binds", () => {
            assert.deepEqual(parentLoadBalancerProblems("acme/gameops/dev", { s101: "lb-bp1abc" }, [forkZone("s901", "lb-bp1abc")]), [
                `gameops:zones[0].gateway.loadBalancer.id: "lb-bp1abc" is already bound by zone s101 of the parent stack acme/gameops/dev (its loadBalancerIds output), ${slbFix}; give the fork's zone another id, or remove it and one is created`,
            ]);
        });

        it("must accept other ids, no id, and a parent without the output", () => {
            assert.deepEqual(parentLoadBalancerProblems("acme/gameops/dev", { s101: "lb-bp1abc" }, [forkZone("s901", "lb-bp1xyz"), forkZone("s902")]), []);
            assert.deepEqual(parentLoadBalancerProblems("acme/gameops/dev", undefined, [forkZone("s901", "lb-bp1abc")]), []);
        });
    });
});
