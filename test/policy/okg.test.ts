// The pack over a stack whose zones use room.engine okg: kruise-game GameServerSets are workloads like
// the StatefulSets (their pod template at spec.gameServerTemplate.spec) and room groups for the drain rule.
import { strict as assert } from "node:assert";
import type { PolicyResourceLike } from "../../policy/lib/resource";
import { checkNonRoot } from "../../policy/rules/non-root";
import { checkRoomDrain } from "../../policy/rules/room-drain";
import { runProgram, stackFile } from "../../lib/program/run";
import { copyOf, evaluatePack, policyResources } from "./harness";

const gss = "kubernetes:game.kruise.io/v1alpha1:GameServerSet";

describe("gameops policy pack, room engine okg", () => {
    let resources: PolicyResourceLike[];
    before(async () => {
        const input = stackFile("dev");
        const zones = input.config["gameops:zones"] as Record<string, any>[];
        input.config["gameops:zones"] = zones.map((z) => ({ ...z, room: { ...z.room, engine: "okg" } }));
        resources = policyResources(await runProgram(input), "dev");
    });

    it("must report no violation on the dev stack with okg zones", async () => {
        assert.ok(resources.some((r) => r.type === gss));
        assert.deepEqual(await evaluatePack(resources), []);
    });

    it("must check a GameServerSet's pod template: a root rules sidecar, a room container without preStop", () => {
        const set = copyOf(resources, gss, "s101-room-a");
        const pod = (set.props.spec as any).gameServerTemplate.spec;
        pod.containers[1].securityContext.runAsNonRoot = false;
        delete pod.containers[0].lifecycle;
        assert.deepEqual(checkNonRoot(set), [
            'GameServerSet s101/room-a container "rules": runAsNonRoot is not true (spec.gameServerTemplate.spec.containers[1].securityContext.runAsNonRoot is false); set securityContext.runAsNonRoot: true on the pod or the container and run as a non-zero uid',
        ]);
        assert.deepEqual(checkRoomDrain(set), [
            'GameServerSet s101/room-a (room group "a") container "room": has no preStop hook (spec.gameServerTemplate.spec.containers[0].lifecycle.preStop is unset); add one that starts the drain and waits up to DRAIN_SECONDS (gameops runs node services/room/prestop.js)',
        ]);
    });
});
