// Releases as the README gives them, on the real engine: the A/B cutover in two steps, a canary up and
// back, a drain-time change and a Redis volume that grows in place. Each preview's planned steps are
// asserted exactly, then applied and checked in the API server.
import { strict as assert } from "node:assert";
import { get, kubectl, until } from "./harness/kube";
import { localStackUp } from "./harness/local-stack";
import { readmeCommand } from "./harness/readme";
import { changes, Workspace } from "./harness/workspace";

const statefulSet = "kubernetes:apps/v1:StatefulSet";

async function roomImages(group: string): Promise<Record<string, string>> {
    const pods = JSON.parse(await kubectl("get", "pods", "-n", "s1", "-l", `gameops.io/room-group=${group}`, "-o", "json")).items;
    return Object.fromEntries(
        pods.map((p: { metadata: { name: string }; spec: { containers: { image: string }[] } }) => [p.metadata.name, p.spec.containers[0].image]),
    );
}

describe("releases (real engine, real API server)", () => {
    let ws: Workspace;
    before(async () => {
        ws = await localStackUp();
    });

    describe("#A/B cutover, the README's two steps", () => {
        it("step 1: must start the idle group b on the new tag, routing unchanged", async () => {
            await ws.must(readmeCommand("pulumi config set --path 'gameops:zones[0].room.groups.b.tag' 1.3.0"));
            await ws.must(readmeCommand("pulumi config set --path 'gameops:zones[0].room.groups.b.replicas' 2"));
            const routingBefore = await get("configmap", "routing", "s1");
            assert.deepEqual(changes(await ws.previewJson()), [`update ${statefulSet} s1-room-b`]);
            await ws.must(readmeCommand("pulumi up"));
            const b = await get("statefulset", "room-b", "s1");
            assert.equal(b.spec.replicas, 2);
            assert.match(b.spec.template.spec.containers[0].image, /\/room:1\.3\.0$/);
            assert.equal((await get("configmap", "routing", "s1")).metadata.resourceVersion, routingBefore.metadata.resourceVersion);
            await until("room-b's 2 pods on 1.3.0", 120, async () => {
                const images = Object.values(await roomImages("b"));
                return images.length === 2 && images.every((i) => i.endsWith("/room:1.3.0")) ? images : undefined;
            });
        });

        it("step 2: must change exactly the routing ConfigMap (in place, same uid) and group a's replicas", async () => {
            await ws.must(readmeCommand("pulumi config set --path 'gameops:zones[0].room.active' b"));
            await ws.must(readmeCommand("pulumi config set --path 'gameops:zones[0].room.groups.a.replicas' 0"));
            const before = await get("configmap", "routing", "s1");
            const a = await get("statefulset", "room-a", "s1");
            const preview = await ws.previewJson("--diff");
            assert.deepEqual(changes(preview), [`update ${statefulSet} s1-room-a`, "update kubernetes:core/v1:ConfigMap s1-gateway-routing"]);
            const roomA = preview.steps.find((s) => s.urn.endsWith("::s1-room-a"))!;
            assert.deepEqual(Object.keys(roomA.detailedDiff ?? {}), ["spec.replicas"]);
            await ws.must(readmeCommand("pulumi up"));
            const after = await get("configmap", "routing", "s1");
            assert.equal(after.metadata.uid, before.metadata.uid, "updated in place, not replaced");
            assert.equal(JSON.parse(after.data["routing.json"]).activeGroup, "b");
            const aAfter = await get("statefulset", "room-a", "s1");
            assert.equal(aAfter.spec.replicas, 0);
            assert.equal(aAfter.metadata.uid, a.metadata.uid);
            await until("room-a's pods gone", 120, async () => (Object.keys(await roomImages("a")).length === 0 ? true : undefined));
        });
    });

    describe("#canary", () => {
        it("must roll only the highest ordinal of the group to the canary tag, then back", async () => {
            await ws.must("pulumi config set --path 'gameops:zones[0].room.groups.b.tag' 1.3.1");
            await ws.must("pulumi config set --path 'gameops:zones[0].room.groups.b.canary' 1");
            assert.deepEqual(changes(await ws.previewJson()), [`update ${statefulSet} s1-room-b`]);
            await ws.must("pulumi up");
            assert.equal((await get("statefulset", "room-b", "s1")).spec.updateStrategy.rollingUpdate.partition, 1);
            await until("room-b-1 on the canary, room-b-0 on 1.3.0", 120, async () => {
                const images = await roomImages("b");
                return images["room-b-1"]?.endsWith("/room:1.3.1") && images["room-b-0"]?.endsWith("/room:1.3.0") ? images : undefined;
            });

            await ws.must("pulumi config set --path 'gameops:zones[0].room.groups.b.tag' 1.3.0");
            await ws.must("pulumi config rm --path 'gameops:zones[0].room.groups.b.canary'");
            await ws.must("pulumi up");
            assert.equal((await get("statefulset", "room-b", "s1")).spec.updateStrategy.rollingUpdate.partition, 0);
            await until("both room-b pods back on 1.3.0", 120, async () => {
                const images = Object.values(await roomImages("b"));
                return images.length === 2 && images.every((i) => i.endsWith("/room:1.3.0")) ? images : undefined;
            });
        });
    });

    describe("#drain time", () => {
        it("must give the room pods DRAIN_SECONDS and a grace period 30 s longer", async () => {
            await ws.must(readmeCommand("pulumi config set --path 'gameops:zones[0].room.drainSeconds' 300"));
            assert.deepEqual(changes(await ws.previewJson()), [`update ${statefulSet} s1-room-a`, `update ${statefulSet} s1-room-b`]);
            await ws.must(readmeCommand("pulumi up"));
            for (const group of ["a", "b"]) {
                const pod = (await get("statefulset", `room-${group}`, "s1")).spec.template.spec;
                assert.equal(pod.terminationGracePeriodSeconds, 330);
                assert.deepEqual(
                    pod.containers[0].env.find((e: { name: string }) => e.name === "DRAIN_SECONDS"),
                    { name: "DRAIN_SECONDS", value: "300" },
                );
            }
        });
    });

    describe("#redis storage", () => {
        it("must grow the Redis claim in place, leaving the Redis StatefulSet and its pod untouched", async () => {
            const claim = await get("pvc", "redis-data", "s1");
            const redis = await get("statefulset", "redis", "s1");
            const pod = await get("pod", "redis-0", "s1");
            assert.equal(claim.spec.resources.requests.storage, "1Gi");
            await ws.must(readmeCommand("pulumi config set --path 'gameops:zones[0].redis.storage' 40Gi"));
            assert.deepEqual(changes(await ws.previewJson()), ["update kubernetes:core/v1:PersistentVolumeClaim s1-redis-data"]);
            await ws.must("pulumi up");
            const grown = await get("pvc", "redis-data", "s1");
            assert.equal(grown.spec.resources.requests.storage, "40Gi");
            assert.equal(grown.metadata.uid, claim.metadata.uid);
            const after = await get("statefulset", "redis", "s1");
            assert.equal(after.metadata.uid, redis.metadata.uid);
            assert.equal(after.metadata.generation, redis.metadata.generation);
            assert.equal((await get("pod", "redis-0", "s1")).metadata.uid, pod.metadata.uid, "Redis was not restarted");
            await ws.must("pulumi preview --expect-no-changes");
        });
    });
});
