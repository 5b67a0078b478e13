import { strict as assert } from "node:assert";
import { formatIssue } from "../../../components/primitives/format";
import { zonesSchema } from "../../../components/zone/schema";
import { baseZone } from "./fixtures";

function problems(zone: unknown): string[] {
    const parsed = zonesSchema.safeParse([zone], { reportInput: true });
    return parsed.success ? [] : parsed.error.issues.map((i) => formatIssue("gameops", { ...i, path: ["zones", ...i.path] }));
}

describe("zoneSchema", () => {
    describe("#tags", () => {
        it("must refuse latest on a group with the exact error", () => {
            assert.deepEqual(problems({ ...baseZone, room: { active: "a", groups: { a: { replicas: 1, tag: "latest" } } } }), [
                `gameops:zones[0].room.groups.a.tag: "latest" is not allowed as an image tag; pin a version such as 1.2.0 (or a sha256 digest) so releases are repeatable`,
            ]);
        });
        it("must refuse latest on the zone, the gateway and a cron job", () => {
            const found = problems({
                ...baseZone,
                tag: "latest",
                gateway: { tag: "latest" },
                cron: [{ name: "leaderboard", schedule: "@daily", tag: "latest" }],
            });
            assert.deepEqual(
                found.map((p) => p.split(":")[1].split(" ")[0]),
                ["zones[0].tag", "zones[0].gateway.tag", "zones[0].cron[0].tag"],
            );
        });
        it("must refuse a latest Redis image", () => {
            assert.deepEqual(problems({ ...baseZone, redis: { mode: "in-cluster", image: "redis:latest" } }), [
                `gameops:zones[0].redis.image: "redis:latest" is not allowed: \`latest\` is not a version; pin one such as redis:7.2.5-alpine`,
            ]);
        });
        it("must accept a digest", () => {
            assert.deepEqual(problems({ ...baseZone, tag: `sha256:${"0".repeat(64)}` }), []);
        });
    });

    describe("#room", () => {
        it("must refuse a canary above the group's replicas", () => {
            assert.deepEqual(problems({ ...baseZone, room: { active: "a", groups: { a: { replicas: 2, canary: 3 } } } }), [
                `gameops:zones[0].room.groups.a.canary: 3 is more than replicas 2, and a canary updates at most every pod; set canary to 2 or less (or remove it)`,
            ]);
        });
        it("must refuse a version rule to an undeclared group", () => {
            assert.deepEqual(
                problems({ ...baseZone, room: { active: "a", groups: { a: { replicas: 1 } }, versionRules: [{ minClientVersion: "1.0.0", group: "b" }] } }),
                [`gameops:zones[0].room.versionRules[0].group: "b" is not a declared group; declare it under groups or use one of a`],
            );
        });
    });

    describe("#gateway", () => {
        it("must refuse maxReplicas below replicas", () => {
            assert.deepEqual(problems({ ...baseZone, gateway: { replicas: 4, maxReplicas: 2 } }), [
                `gameops:zones[0].gateway.maxReplicas: 2 is below replicas 4, and the autoscaler's ceiling must be at least its floor; set maxReplicas to 4 or more`,
            ]);
        });
        it("must refuse a nodePort on a ClusterIP service", () => {
            assert.deepEqual(problems({ ...baseZone, gateway: { service: "ClusterIP", nodePort: 30001 } }), [
                `gameops:zones[0].gateway.nodePort: 30001 needs service NodePort or LoadBalancer; remove it or set gateway.service: NodePort`,
            ]);
        });
        it("must refuse the admin port as the public port (both listen in the gateway container)", () => {
            assert.deepEqual(problems({ ...baseZone, gateway: { port: 9090 } }), [
                `gameops:zones[0].gateway.port: 9090 is the gateway's admin port (ADMIN_PORT, probes and /metrics); use another port such as the default 60006`,
            ]);
        });
        it("must resolve the load balancer block once, with the default SLB spec, when the zone names none", () => {
            const [parsed] = zonesSchema.parse([baseZone]);
            assert.deepEqual(parsed.gateway.loadBalancer, { spec: "slb.s2.small" });
            const [withId] = zonesSchema.parse([{ ...baseZone, gateway: { loadBalancer: { id: "lb-bp1abc" } } }]);
            assert.deepEqual(withId.gateway.loadBalancer, { id: "lb-bp1abc", spec: "slb.s2.small" });
        });
        it("must refuse a malformed CPU quantity", () => {
            assert.deepEqual(problems({ ...baseZone, gateway: { resources: { cpu: "half" } } }), [
                `gameops:zones[0].gateway.resources.cpu: "half" is not a CPU quantity; write millicores like 250m or cores like 1 or 0.5`,
            ]);
        });
    });

    describe("#redis", () => {
        it("must name the Redis mode found and the modes allowed", () => {
            assert.deepEqual(problems({ ...baseZone, redis: { mode: "cluster" } }), [
                `gameops:zones[0].redis.mode: "cluster" is not a Redis mode; use in-cluster (a Redis StatefulSet in the zone) or external (with host, port and an optional passwordKey)`,
            ]);
        });
        it("must ask for the mode when a Redis map has none", () => {
            assert.deepEqual(problems({ ...baseZone, redis: { host: "10.0.0.5" } }), [
                `gameops:zones[0].redis.mode: is required; set it to in-cluster (a Redis StatefulSet in the zone) or external (with host, port and an optional passwordKey)`,
            ]);
        });
    });

    describe("#cron", () => {
        it("must refuse the same job twice", () => {
            assert.deepEqual(
                problems({
                    ...baseZone,
                    cron: [
                        { name: "leaderboard", schedule: "@daily" },
                        { name: "leaderboard", schedule: "@hourly" },
                    ],
                }),
                [`gameops:zones[0].cron[1].name: "leaderboard" is already scheduled by cron[0]; one CronJob per job, give it one schedule`],
            );
        });
        it("must resolve the job defaults once", () => {
            const parsed = zonesSchema.parse([{ ...baseZone, cron: [{ name: "leaderboard", schedule: "@daily" }] }]);
            assert.deepEqual(parsed[0].cron[0], {
                name: "leaderboard",
                schedule: "@daily",
                startingDeadlineSeconds: 300,
                activeDeadlineSeconds: 600,
                backoffLimit: 2,
                successfulJobsHistoryLimit: 3,
                failedJobsHistoryLimit: 3,
            });
        });
    });
});
