import { strict as assert } from "node:assert";
import { checkZoneIsolation, zoneIsolationPolicy } from "../../../policy/rules/zone-isolation";
import { copyOf } from "../harness";
import { stackResources, types, withReplaced } from "../fixtures";

const fix =
    'add a NetworkPolicy in namespace s101 with podSelector {} and policyTypes [Ingress] and no ingress rules (components/zone creates it as "default-deny")';

describe(zoneIsolationPolicy.name, () => {
    describe("#checkZoneIsolation", () => {
        it("must refuse a zone namespace without its default-deny policy, on that namespace", async () => {
            const resources = (await stackResources("dev")).filter((r) => r.name !== "s101-namespace-default-deny");
            const ns = copyOf(resources, types.namespace, "s101-namespace");
            assert.deepEqual(checkZoneIsolation(resources), [
                { urn: ns.urn, message: `Namespace s101 (gameops.io/zone=s101) has no default-deny ingress NetworkPolicy; ${fix}` },
            ]);
        });

        it("must not take a policy that allows some ingress, or selects some pods, for default-deny", async () => {
            const resources = await stackResources("dev");
            const allowing = copyOf(resources, types.networkPolicy, "s101-namespace-default-deny");
            (allowing.props.spec as Record<string, unknown>).ingress = [{ from: [{ podSelector: {} }] }];
            assert.equal(checkZoneIsolation(withReplaced(resources, allowing)).length, 1);
            const selecting = copyOf(resources, types.networkPolicy, "s101-namespace-default-deny");
            (selecting.props.spec as Record<string, unknown>).podSelector = { matchLabels: { "app.kubernetes.io/name": "room" } };
            assert.equal(checkZoneIsolation(withReplaced(resources, selecting)).length, 1);
        });

        it("must not take a default-deny policy in another namespace for this zone's", async () => {
            const resources = await stackResources("dev");
            const elsewhere = copyOf(resources, types.networkPolicy, "s101-namespace-default-deny");
            (elsewhere.props.metadata as Record<string, unknown>).namespace = "logging";
            assert.equal(checkZoneIsolation(withReplaced(resources, elsewhere)).length, 1);
        });

        it("must accept a policy without policyTypes and rules (Kubernetes reads it as Ingress)", async () => {
            const resources = await stackResources("local");
            const bare = copyOf(resources, types.networkPolicy, "s1-namespace-default-deny");
            bare.props.spec = { podSelector: {} };
            assert.deepEqual(checkZoneIsolation(withReplaced(resources, bare)), []);
        });

        it("must ask nothing of namespaces that are not zones (logging)", async () => {
            const resources = (await stackResources("dev")).filter((r) => r.type !== types.networkPolicy);
            const zones = resources.filter((r) => r.type === types.namespace).map((r) => r.name);
            assert.deepEqual(zones, ["logging-operator-ns", "logging-ns", "s101-namespace"]);
            assert.equal(checkZoneIsolation(resources).length, 1);
        });
    });
});
