import { strict as assert } from "node:assert";
import { canaryPartition, drainMarginSeconds, roomStatefulSetArgs } from "../../../components/zone/specs/room-group";
import type { ZoneContext } from "../../../components/zone/specs/context";
import { baseZone, deployZone, object, zoneConfig } from "./fixtures";

const ctx: ZoneContext = {
    id: { zone: "s101", envName: "dev" },
    namespace: "s101",
    redis: { url: "redis://redis.s101.svc.cluster.local:6379/0", secretName: "redis-auth" },
};

describe("RoomGroup", () => {
    describe("#canary", () => {
        const table: { replicas: number; canary?: number; partition: number }[] = [
            { replicas: 4, partition: 0 },
            { replicas: 4, canary: 0, partition: 4 },
            { replicas: 4, canary: 1, partition: 3 },
            { replicas: 4, canary: 3, partition: 1 },
            { replicas: 4, canary: 4, partition: 0 },
            { replicas: 1, canary: 1, partition: 0 },
            { replicas: 0, partition: 0 },
        ];
        for (const row of table) {
            it(`must set partition ${row.partition} for replicas ${row.replicas}, canary ${row.canary ?? "unset"}`, () => {
                assert.equal(canaryPartition(row.replicas, row.canary), row.partition);
                const a = { replicas: row.replicas, ...(row.canary !== undefined ? { canary: row.canary } : {}) };
                // b is active: an active group needs pods, and a may have none.
                const group = zoneConfig({ ...baseZone, room: { active: "b", groups: { a, b: { replicas: 1 } } } }).room.groups.a!;
                const args = roomStatefulSetArgs(ctx, { group: "a", config: group, drainSeconds: 120, image: "r/room:1", tag: "1" }) as any;
                assert.deepEqual(args.spec.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: row.partition } });
                // Exactly `canary` ordinals (partition..replicas-1) take the new revision.
                assert.equal(row.replicas - row.partition, row.canary ?? row.replicas);
            });
        }
        it("must refuse a canary larger than the group", () => {
            assert.throws(() => canaryPartition(2, 3), { message: "canary 3 must be a whole number between 0 and replicas 2" });
        });
    });

    describe("#drain", () => {
        it("must wire preStop, grace = drainSeconds + margin, Parallel and skipAwait", async () => {
            const run = await deployZone({ ...baseZone, room: { ...baseZone.room, drainSeconds: 300 } });
            for (const group of ["a", "b"]) {
                const sts = object(run.resources, "apps/v1:StatefulSet", `room-${group}`);
                assert.equal(sts.metadata.annotations["pulumi.com/skipAwait"], "true");
                assert.equal(sts.spec.podManagementPolicy, "Parallel");
                const pod = sts.spec.template.spec;
                assert.equal(pod.terminationGracePeriodSeconds, 300 + drainMarginSeconds);
                assert.equal(drainMarginSeconds, 30);
                const c = pod.containers[0];
                assert.deepEqual(c.lifecycle, { preStop: { exec: { command: ["node", "services/room/prestop.js"] } } });
                assert.deepEqual(c.readinessProbe.httpGet, { path: "/readyz", port: "admin" });
                assert.deepEqual(c.livenessProbe.httpGet, { path: "/healthz", port: "admin" });
                const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
                assert.equal(env.DRAIN_SECONDS, "300");
                assert.equal(env.ROOM_GROUP, group);
                assert.equal(env.ROOM_VERSION, "1.0.0");
                assert.deepEqual(env.POD_NAME, { fieldRef: { fieldPath: "metadata.name" } });
                assert.equal(env.SERVER_ID, "$(POD_NAME)");
                assert.equal(env.ADVERTISE_ADDR, `$(POD_NAME).room-${group}.s101.svc.cluster.local:7000`);
                // POD_NAME must come before the variables that expand it.
                const names = c.env.map((e: any) => e.name);
                assert.ok(names.indexOf("POD_NAME") < names.indexOf("SERVER_ID"));
                assert.ok(names.indexOf("POD_NAME") < names.indexOf("ADVERTISE_ADDR"));
            }
        });

        it("must publish a headless Service per group that keeps draining pods resolvable", async () => {
            const run = await deployZone(baseZone);
            for (const group of ["a", "b"]) {
                const svc = object(run.resources, "core/v1:Service", `room-${group}`);
                assert.equal(svc.spec.clusterIP, "None");
                assert.equal(svc.spec.publishNotReadyAddresses, true);
                assert.deepEqual(svc.spec.selector, { "gameops.io/zone": "s101", "app.kubernetes.io/name": "room", "gameops.io/room-group": group });
                assert.equal(object(run.resources, "apps/v1:StatefulSet", `room-${group}`).spec.serviceName, `room-${group}`);
            }
        });

        it("must protect room servers from evictions with a PDB of maxUnavailable 0", async () => {
            const run = await deployZone(baseZone);
            const pdb = object(run.resources, "policy/v1:PodDisruptionBudget", "room-a");
            assert.equal(pdb.spec.maxUnavailable, 0);
            assert.deepEqual(pdb.spec.selector.matchLabels, object(run.resources, "apps/v1:StatefulSet", "room-a").spec.selector.matchLabels);
        });
    });

    describe("#placement", () => {
        it("must prefer one pod per node for each room group and the gateway, selecting exactly that workload's pods", async () => {
            const run = await deployZone(baseZone);
            for (const [type, name] of [
                ["apps/v1:StatefulSet", "room-a"],
                ["apps/v1:StatefulSet", "room-b"],
                ["apps/v1:Deployment", "gateway"],
            ]) {
                const workload = object(run.resources, type, name);
                const [term] = workload.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
                assert.equal(term.podAffinityTerm.topologyKey, "kubernetes.io/hostname", name);
                // The term selects the workload's own pods (its selector), not the other group's.
                assert.deepEqual(term.podAffinityTerm.labelSelector.matchLabels, workload.spec.selector.matchLabels, name);
            }
        });
    });

    describe("#replicas", () => {
        it("must keep a group with 0 replicas as a StatefulSet with replicas 0", async () => {
            const run = await deployZone(baseZone);
            assert.equal(object(run.resources, "apps/v1:StatefulSet", "room-b").spec.replicas, 0);
            assert.equal(object(run.resources, "apps/v1:StatefulSet", "room-a").spec.replicas, 2);
            assert.deepEqual(run.outputs.groups, { a: { tag: "1.0.0", replicas: 2 }, b: { tag: "1.0.0", replicas: 0 } });
        });
        it("must register no StatefulSet for an undeclared group", async () => {
            const run = await deployZone({ ...baseZone, room: { active: "a", groups: { a: { replicas: 1 } } } });
            assert.equal(run.resources.filter((r) => r.inputs.metadata?.name === "room-b").length, 0);
        });
    });
});
