import { strict as assert } from "node:assert";
import { redisCidr } from "../../../components/zone/specs/namespace";
import { baseZone, deployZone, type ZoneRun } from "./fixtures";
import { allowed, podLabels, type Endpoint } from "./reachability";

function policies(resources: { type: string; inputs: Record<string, any> }[]): Record<string, any> {
    return Object.fromEntries(
        resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => [r.inputs.metadata.name, r.inputs]),
    );
}

/** The zone's policies and the pod labels of each of its workloads, as registered. */
function zoneNetwork(run: ZoneRun): { policy: Record<string, any>[]; pods: Record<"gateway" | "roomA" | "roomB" | "cron" | "redis", Endpoint> } {
    const workload = (kind: string, name: string): Endpoint => {
        const r = run.resources.find((x) => x.inputs.kind === kind && x.inputs.metadata?.name === name);
        // An external Redis has no pod; a label set no policy names stands in for "no such pod".
        return { pod: r !== undefined ? podLabels(r.inputs) : { absent: "true" } };
    };
    return {
        policy: Object.values(policies(run.resources)),
        pods: {
            gateway: workload("Deployment", "gateway"),
            roomA: workload("StatefulSet", "room-a"),
            roomB: workload("StatefulSet", "room-b"),
            cron: workload("CronJob", "cron-leaderboard"),
            redis: workload("StatefulSet", "redis"),
        },
    };
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
        it("must deny everything by default and allow gateway to room, the zone to Redis, DNS and the gateway's public port", async () => {
            const run = await deployZone(baseZone);
            const p = policies(run.resources);
            assert.deepEqual(Object.keys(p).sort(), [
                "allow-dns",
                "allow-gateway-public",
                "allow-gateway-to-room-egress",
                "allow-gateway-to-room-ingress",
                "allow-zone-to-redis-egress",
                "allow-zone-to-redis-ingress",
                "default-deny",
            ]);
            for (const policy of Object.values(p)) assert.equal(policy.metadata.namespace, "s101");
            assert.deepEqual(p["default-deny"].spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            assert.deepEqual(p["allow-gateway-to-room-ingress"].spec, {
                podSelector: { matchLabels: { "gameops.io/zone": "s101", "app.kubernetes.io/name": "room" } },
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [{ podSelector: { matchLabels: { "gameops.io/zone": "s101", "app.kubernetes.io/name": "gateway" } } }],
                        ports: [{ protocol: "TCP", port: 7000 }],
                    },
                ],
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

        it("must let through exactly the connections the services make (services/CONTRACT.md) and nothing else", async () => {
            const run = await deployZone(baseZone);
            const { policy, pods } = zoneNetwork(run);
            const outside: Endpoint = { outside: true };
            const can = (from: Endpoint, to: Endpoint, port: number) => allowed(policy, from, to, port);
            // What the services need.
            assert.ok(can(outside, pods.gateway, 60006), "players → gateway ws");
            for (const group of [pods.roomA, pods.roomB]) assert.ok(can(pods.gateway, group, 7000), "gateway → room gRPC");
            for (const client of [pods.gateway, pods.roomA, pods.roomB, pods.cron]) {
                assert.ok(can(client, pods.redis, 6379), "service → Redis");
                assert.ok(can(client, outside, 53), "DNS");
            }
            // Nothing more: no admin port, no other direction, no pod outside the zone.
            for (const pod of Object.values(pods)) assert.ok(!can(outside, pod, 9090), "admin port from outside");
            assert.ok(!can(outside, pods.roomA, 7000), "room gRPC from outside the zone");
            assert.ok(!can(outside, pods.redis, 6379), "Redis from outside the zone");
            assert.ok(!can(pods.roomA, pods.gateway, 60006), "room → gateway");
            assert.ok(!can(pods.roomA, pods.roomB, 7000), "room → room");
            assert.ok(!can(pods.cron, pods.roomA, 7000), "cron → room");
            assert.ok(!can(pods.gateway, pods.roomA, 9090), "gateway → room admin");
            assert.ok(!can(pods.gateway, pods.redis, 7000), "Redis on another port");
            assert.ok(!can(pods.gateway, outside, 443), "egress to the internet");
        });

        it("must let the services reach an external Redis and open no in-cluster Redis path", async () => {
            const run = await deployZone({ ...baseZone, redis: { mode: "external", host: "10.0.3.7", port: 6380 } });
            const { policy, pods } = zoneNetwork(run);
            const names = Object.keys(policies(run.resources));
            assert.ok(!names.some((n) => n.startsWith("allow-zone-to-redis")), names.join(", "));
            for (const client of [pods.gateway, pods.roomA, pods.cron]) assert.ok(allowed(policy, client, { outside: true }, 6380), "service → external Redis");
            assert.ok(!allowed(policy, pods.gateway, { outside: true }, 6379), "another port of the external host");
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
