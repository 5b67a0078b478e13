// The pack over a stack whose zones use room.engine okg: kruise-game GameServerSets are workloads like
// the StatefulSets (their pod template at spec.gameServerTemplate.spec) and room groups for the drain rule.
// Group a has a direct player port (services/direct-rooms.md): its ticket key and its public door are checked too.
import { strict as assert } from "node:assert";
import type { PolicyResourceLike } from "../../policy/lib/resource";
import { checkNonRoot } from "../../policy/rules/non-root";
import { checkRoomDrain } from "../../policy/rules/room-drain";
import { checkSecretEnv } from "../../policy/rules/secret-env";
import { checkWorldIngress } from "../../policy/rules/world-ingress";
import { runProgram, stackFile } from "../../lib/program/run";
import { copyOf, evaluatePack, policyResources } from "./harness";

const gss = "kubernetes:game.kruise.io/v1alpha1:GameServerSet";

describe("gameops policy pack, room engine okg", () => {
    let resources: PolicyResourceLike[];
    before(async () => {
        const input = stackFile("dev");
        const zones = input.config["gameops:zones"] as Record<string, any>[];
        const network = {
            type: "AlibabaCloud-SLB",
            conf: [
                { name: "SlbIds", value: "lb-bp1okg" },
                { name: "PortProtocols", value: "7400/TCP" },
            ],
        };
        input.config["gameops:zones"] = zones.map((z) => ({
            ...z,
            room: { ...z.room, engine: "okg", groups: { ...z.room.groups, a: { ...z.room.groups.a, network, direct: { port: 7400 } } } },
        }));
        resources = policyResources(await runProgram(input), "dev");
    });

    it("must report no violation on the dev stack with okg zones", async () => {
        assert.ok(resources.some((r) => r.type === gss));
        assert.deepEqual(await evaluatePack(resources), []);
    });

    it("must check the direct port's ticket key and public door: a literal ROOM_TICKET_KEY, the door opened to every pod", () => {
        const set = copyOf(resources, gss, "s101-room-a");
        const env = (set.props.spec as any).gameServerTemplate.spec.containers[0].env as Record<string, unknown>[];
        const i = env.findIndex((e) => e.name === "ROOM_TICKET_KEY");
        assert.ok(i >= 0, "the direct group's room container has ROOM_TICKET_KEY");
        env[i] = { name: "ROOM_TICKET_KEY", value: "c2VjcmV0" };
        assert.deepEqual(checkSecretEnv(set), [
            `GameServerSet s101/room-a container "room": env ROOM_TICKET_KEY (spec.gameServerTemplate.spec.containers[0].env[${i}]) has a literal value (8 characters, not shown); a secret-looking variable must come from a Secret: put the value in a Secret and set valueFrom.secretKeyRef { name, key } instead`,
        ]);
        const door = copyOf(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "s101-namespace-allow-room-a-direct");
        assert.deepEqual(checkWorldIngress(door), []);
        (door.props.spec as any).podSelector = {};
        assert.equal(checkWorldIngress(door).length, 1);
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
