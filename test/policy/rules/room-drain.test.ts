import { strict as assert } from "node:assert";
import { checkRoomDrain, roomDrainPolicy } from "../../../policy/rules/room-drain";
import { podSpec, resourceOf, types } from "../fixtures";

const where = 'StatefulSet s101/room-a (room group "a")';

function drainEnv(room: { props: Record<string, unknown> }): { index: number; entry: any } {
    const env = podSpec(room as never).containers[0].env as { name: string }[];
    const index = env.findIndex((e) => e.name === "DRAIN_SECONDS");
    return { index, entry: env[index] };
}

describe(roomDrainPolicy.name, () => {
    describe("#checkRoomDrain", () => {
        it("must refuse a room group whose container has no preStop hook", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            delete podSpec(room).containers[0].lifecycle;
            assert.deepEqual(checkRoomDrain(room), [
                `${where} container "room": has no preStop hook (spec.template.spec.containers[0].lifecycle.preStop is unset); add one that starts the drain and waits up to DRAIN_SECONDS (gameops runs node services/room/prestop.js)`,
            ]);
        });

        it("must refuse OrderedReady, and say what unset means", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            (room.props.spec as Record<string, unknown>).podManagementPolicy = "OrderedReady";
            const fix = 'set it to "Parallel" so scaling the group drains all its pods at once';
            assert.deepEqual(checkRoomDrain(room), [`${where}: podManagementPolicy is "OrderedReady" (spec.podManagementPolicy); ${fix}`]);
            delete (room.props.spec as Record<string, unknown>).podManagementPolicy;
            assert.deepEqual(checkRoomDrain(room), [
                `${where}: podManagementPolicy is unset (Kubernetes defaults to OrderedReady) (spec.podManagementPolicy); ${fix}`,
            ]);
        });

        it("must refuse a grace period that is not longer than DRAIN_SECONDS", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            assert.equal(drainEnv(room).entry.value, "120");
            podSpec(room).terminationGracePeriodSeconds = 120;
            const fix = "set it to DRAIN_SECONDS plus a margin for the final settle (gameops uses +30: 150)";
            assert.deepEqual(checkRoomDrain(room), [
                `${where}: terminationGracePeriodSeconds is 120 (spec.template.spec.terminationGracePeriodSeconds), not more than DRAIN_SECONDS 120 of container "room"; ${fix}`,
            ]);
            delete podSpec(room).terminationGracePeriodSeconds;
            assert.deepEqual(checkRoomDrain(room), [
                `${where}: terminationGracePeriodSeconds is unset (Kubernetes defaults to 30) (spec.template.spec.terminationGracePeriodSeconds), not more than DRAIN_SECONDS 120 of container "room"; ${fix}`,
            ]);
        });

        it("must refuse a room group that gives no container DRAIN_SECONDS, or not as a literal number", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            const { index, entry } = drainEnv(room);
            entry.value = undefined;
            entry.valueFrom = { configMapKeyRef: { name: "room", key: "drain" } };
            assert.deepEqual(checkRoomDrain(room), [
                `${where} container "room": DRAIN_SECONDS is taken from valueFrom (spec.template.spec.containers[0].env[${index}].value); set it to a literal whole number of seconds so the grace period can be checked against it`,
            ]);
            podSpec(room).containers[0].env.splice(index, 1);
            assert.deepEqual(checkRoomDrain(room), [
                `${where}: no container sets DRAIN_SECONDS (spec.template.spec.containers[*].env); give the room server container DRAIN_SECONDS, its preStop hook and a longer grace period`,
            ]);
        });

        it("must find a room group by its pod template label alone", async () => {
            const room = await resourceOf("local", types.statefulSet, "s1-room-a");
            delete (room.props.metadata as { labels: Record<string, string> }).labels["gameops.io/room-group"];
            delete podSpec(room).containers[0].lifecycle;
            assert.equal(checkRoomDrain(room).length, 1);
        });

        it("must refuse a room group without a pod template", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-b");
            delete (room.props.spec as Record<string, unknown>).template;
            assert.deepEqual(checkRoomDrain(room), [
                'StatefulSet s101/room-b (room group "b"): has no pod template (spec.template.spec); give it the room server container with DRAIN_SECONDS, a preStop hook and a grace period longer than the drain',
            ]);
        });

        it("must leave StatefulSets that are not room groups (Redis) alone", async () => {
            const redis = await resourceOf("dev", types.statefulSet, "s101-redis");
            assert.equal(podSpec(redis).containers[0].lifecycle, undefined);
            assert.deepEqual(checkRoomDrain(redis), []);
        });
    });
});
