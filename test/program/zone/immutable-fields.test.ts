import { strict as assert } from "node:assert";
import { kubeObjects } from "../../../lib/program/objects";
import { baseZone, deployZone, type ZoneRun } from "./fixtures";
import type { ZoneInput } from "../../../components/zone/schema";

/**
 * Fields the API server refuses to update: changing one makes Pulumi replace the object (a fixed name
 * means delete first: every room server or the Redis pod would go down at once) or fail the update.
 */
const immutable: Record<string, (spec: Record<string, any>) => unknown> = {
    StatefulSet: (s) => ({
        selector: s.selector,
        serviceName: s.serviceName,
        podManagementPolicy: s.podManagementPolicy,
        volumeClaimTemplates: s.volumeClaimTemplates,
    }),
    Deployment: (s) => ({ selector: s.selector }),
    Service: (s) => ({ clusterIP: s.clusterIP, selector: s.selector }),
    // A claim may grow (spec.resources), nothing else of its spec may change.
    PersistentVolumeClaim: (s) => ({ accessModes: s.accessModes, storageClassName: s.storageClassName, selector: s.selector, volumeName: s.volumeName }),
};

function immutableFields(run: ZoneRun): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of kubeObjects(run.resources)) {
        const pick = immutable[r.inputs.kind];
        if (pick !== undefined) out[`${r.inputs.kind}/${r.inputs.metadata.name}`] = pick(r.inputs.spec);
    }
    return out;
}

/** What a release or an environment relabel changes (services/CONTRACT.md, README "Releases are config changes"). */
const released: ZoneInput = {
    ...baseZone,
    tag: "1.4.0",
    gateway: { replicas: 3, maxReplicas: 6, tag: "1.4.1" },
    room: { active: "b", drainSeconds: 300, groups: { a: { replicas: 0, tag: "1.3.0" }, b: { replicas: 4, canary: 1, tag: "1.4.0" } } },
};

describe("GameZone", () => {
    describe("#immutableFields", () => {
        it("must keep every StatefulSet's, Deployment's and Service's immutable fields across releases and a change of gameops:env", async () => {
            const before = immutableFields(await deployZone(baseZone, { envName: "dev", imageTag: "1.0.0" }));
            const after = immutableFields(await deployZone(released, { envName: "staging", imageTag: "2.0.0" }));
            assert.deepEqual(Object.keys(before).sort(), [
                "Deployment/gateway",
                "PersistentVolumeClaim/redis-data",
                "Service/gateway",
                "Service/redis",
                "Service/room-a",
                "Service/room-b",
                "StatefulSet/redis",
                "StatefulSet/room-a",
                "StatefulSet/room-b",
            ]);
            assert.deepEqual(after, before);
        });

        it("must apply a redis.storage change to the claim's size alone, leaving the Redis StatefulSet unchanged", async () => {
            const redis = (run: ZoneRun, kind: string, name: string) =>
                kubeObjects(run.resources).find((r) => r.inputs.kind === kind && r.inputs.metadata.name === name)!.inputs;
            const small = await deployZone({ ...baseZone, redis: { mode: "in-cluster", storage: "20Gi" } });
            const large = await deployZone({ ...baseZone, redis: { mode: "in-cluster", storage: "40Gi" } });
            assert.deepEqual(redis(large, "StatefulSet", "redis"), redis(small, "StatefulSet", "redis"));
            assert.equal(redis(small, "PersistentVolumeClaim", "redis-data").spec.resources.requests.storage, "20Gi");
            assert.equal(redis(large, "PersistentVolumeClaim", "redis-data").spec.resources.requests.storage, "40Gi");
        });
    });
});
