import { strict as assert } from "node:assert";
import { redisCidr } from "../../../components/zone/specs/namespace";
import { baseZone, deployZone } from "./fixtures";

function policies(resources: { type: string; inputs: Record<string, any> }[]): Record<string, any> {
    return Object.fromEntries(
        resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => [r.inputs.metadata.name, r.inputs]),
    );
}

describe("ZoneNamespace", () => {
    describe("#namespace", () => {
        it("must create the zone's namespace with zone and env labels and the restricted pod standard", async () => {
            const run = await deployZone(baseZone, { envName: "staging" });
            const ns = run.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!.inputs;
            assert.equal(ns.metadata.name, "s101");
            assert.equal(ns.metadata.labels["gameops.io/zone"], "s101");
            assert.equal(ns.metadata.labels["gameops.io/env"], "staging");
            assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            assert.equal(run.outputs.namespace, "s101");
        });
    });

    describe("#networkPolicies", () => {
        it("must deny everything by default and allow the zone, DNS and the gateway's public port", async () => {
            const run = await deployZone(baseZone);
            const p = policies(run.resources);
            assert.deepEqual(Object.keys(p).sort(), ["allow-dns", "allow-gateway-public", "allow-same-namespace", "default-deny"]);
            for (const policy of Object.values(p)) assert.equal(policy.metadata.namespace, "s101");
            assert.deepEqual(p["default-deny"].spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            assert.deepEqual(p["allow-same-namespace"].spec, {
                podSelector: {},
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: {} }] }],
                egress: [{ to: [{ podSelector: {} }] }],
            });
            assert.deepEqual(p["allow-dns"].spec.egress, [
                {
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ]);
            assert.deepEqual(p["allow-gateway-public"].spec, {
                podSelector: { matchLabels: { "gameops.io/zone": "s101", "app.kubernetes.io/name": "gateway" } },
                policyTypes: ["Ingress"],
                ingress: [{ ports: [{ protocol: "TCP", port: 60006 }] }],
            });
            // The public policy selects exactly the gateway pods.
            const gatewayPods = run.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!.inputs.spec.template.metadata.labels;
            for (const [k, v] of Object.entries(p["allow-gateway-public"].spec.podSelector.matchLabels)) assert.equal(gatewayPods[k], v);
        });

        it("must allow egress to an external Redis by IP and port only", async () => {
            const run = await deployZone({ ...baseZone, redis: { mode: "external", host: "10.0.3.7", port: 6380 } });
            assert.deepEqual(policies(run.resources)["allow-external-redis"].spec, {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "10.0.3.7/32" } }], ports: [{ protocol: "TCP", port: 6380 }] }],
            });
        });

        it("must allow a Redis host name by port to any address (a policy cannot match names)", () => {
            assert.equal(redisCidr("r-bp1.redis.rds.aliyuncs.com"), "0.0.0.0/0");
            assert.equal(redisCidr("192.168.1.2"), "192.168.1.2/32");
        });
    });
});
