// room.engine okg: one GameServerSet per room group (update and scale strategies, the state probe's
// service qualities, the rules sidecar, network passthrough) with the StatefulSet's drain wiring, and
// the OpenKruise Game platform's Helm releases, ordered before the zones.
import { strict as assert } from "node:assert";
import { okgChartVersions, openKruiseChartRepo } from "../../../components/okg/specs/releases";
import { drainMarginSeconds } from "../../../components/zone/specs/room-group";
import { runFailing, runProgram, stackFile } from "../../../lib/program/run";
import { baseZone, deployZone, object, zoneConfig, type ZoneRun } from "./fixtures";

const gss = "game.kruise.io/v1alpha1:GameServerSet";

const okgZone = {
    ...baseZone,
    room: {
        engine: "okg" as const,
        active: "a",
        drainSeconds: 120,
        groups: { a: { replicas: 3, rulesTag: "rules-7", reserveIds: [1] }, b: { replicas: 2, tag: "1.3.0", release: "lossless" as const, surge: 2 } },
    },
};

function envOf(container: Record<string, any>): Record<string, unknown> {
    return Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

describe("room engine okg", () => {
    let run: ZoneRun;
    before(async () => {
        run = await deployZone(okgZone);
        assert.deepEqual(run.errors, []);
    });

    describe("#objects", () => {
        it("must register one GameServerSet per group and no room StatefulSet", () => {
            const kinds = run.resources.filter((r) => r.inputs.metadata?.name?.startsWith("room-")).map((r) => `${r.type}/${r.inputs.metadata.name}`);
            assert.deepEqual(
                kinds.sort(),
                [
                    `kubernetes:${gss}/room-a`,
                    `kubernetes:${gss}/room-b`,
                    "kubernetes:core/v1:ConfigMap/room-versions",
                    // Every okg zone keeps a seat-ticket key, direct groups or not (okg-direct.test.ts).
                    "kubernetes:core/v1:Secret/room-tickets",
                    "kubernetes:core/v1:Service/room-a",
                    "kubernetes:core/v1:Service/room-b",
                    "kubernetes:policy/v1:PodDisruptionBudget/room-a",
                    "kubernetes:policy/v1:PodDisruptionBudget/room-b",
                ].sort(),
            );
            assert.deepEqual(run.outputs.groups, { a: { tag: "1.0.0", replicas: 3 }, b: { tag: "1.3.0", replicas: 4 } });
        });

        it("must tell the servers each group's desired version in the room-versions ConfigMap", () => {
            const cm = object(run.resources, "core/v1:ConfigMap", "room-versions");
            assert.deepEqual(JSON.parse(cm.data["versions.json"]), {
                a: { version: "1.0.0", release: "rolling" },
                b: { version: "1.3.0", release: "lossless" },
            });
        });
    });

    describe("#strategies", () => {
        it("must update a rolling group in place, with partition from canary", async () => {
            const a = object(run.resources, gss, "room-a");
            assert.deepEqual(a.spec.updateStrategy, {
                type: "RollingUpdate",
                rollingUpdate: { podUpdatePolicy: "InPlaceIfPossible", partition: 0, maxUnavailable: 1 },
            });
            const canary = await deployZone({ ...okgZone, room: { ...okgZone.room, groups: { ...okgZone.room.groups, a: { replicas: 3, canary: 1 } } } });
            assert.equal(object(canary.resources, gss, "room-a").spec.updateStrategy.rollingUpdate.partition, 2);
        });

        it("must release a lossless group with OnDelete and replicas + surge", () => {
            const b = object(run.resources, gss, "room-b");
            assert.deepEqual(b.spec.updateStrategy, { type: "OnDelete" });
            assert.equal(b.spec.replicas, 4);
        });

        it("must scale down by opsState (General) and reserve the configured ids", () => {
            const a = object(run.resources, gss, "room-a");
            assert.deepEqual(a.spec.scaleStrategy, { scaleDownStrategyType: "General" });
            assert.deepEqual(a.spec.reserveGameServerIds, [1]);
            assert.equal(object(run.resources, gss, "room-b").spec.reserveGameServerIds, undefined);
        });

        it("must map the state probe's results to opsStates: busy Allocated, idle-outdated WaitToBeDeleted, idle None", () => {
            const [quality, ...more] = object(run.resources, gss, "room-a").spec.serviceQualities;
            assert.equal(more.length, 0);
            assert.equal(quality.name, "room-state");
            assert.equal(quality.containerName, "room");
            assert.equal(quality.permanent, false);
            assert.deepEqual(quality.exec, { command: ["node", "services/room/probe.js"] });
            assert.deepEqual(quality.serviceQualityAction, [
                { state: true, result: "busy", opsState: "Allocated" },
                { state: true, result: "idle-outdated", opsState: "WaitToBeDeleted" },
                { state: true, result: "idle", opsState: "None" },
            ]);
        });

        it("must pass a configured network plugin through", async () => {
            const network = {
                type: "AlibabaCloud-SLB" as const,
                conf: [
                    { name: "SlbIds", value: "lb-bp1okg" },
                    { name: "PortProtocols", value: "7000" },
                ],
            };
            const withNet = await deployZone({ ...okgZone, room: { ...okgZone.room, groups: { ...okgZone.room.groups, a: { replicas: 1, network } } } });
            assert.deepEqual(object(withNet.resources, gss, "room-a").spec.network, { networkType: "AlibabaCloud-SLB", networkConf: network.conf });
            assert.equal(object(run.resources, gss, "room-a").spec.network, undefined);
        });
    });

    describe("#pod", () => {
        it("must keep the StatefulSet's drain wiring and routing names", () => {
            for (const group of ["a", "b"]) {
                const set = object(run.resources, gss, `room-${group}`);
                assert.equal(set.metadata.annotations["pulumi.com/skipAwait"], "true");
                assert.equal(set.spec.serviceName, `room-${group}`);
                const pod = set.spec.gameServerTemplate.spec;
                assert.equal(pod.terminationGracePeriodSeconds, 120 + drainMarginSeconds);
                const room = pod.containers[0];
                assert.equal(room.name, "room");
                assert.deepEqual(room.lifecycle, { preStop: { exec: { command: ["node", "services/room/prestop.js"] } } });
                const env = envOf(room);
                assert.equal(env.DRAIN_SECONDS, "120");
                assert.equal(env.ROOM_GROUP, group);
                assert.equal(env.ADVERTISE_ADDR, `$(POD_NAME).room-${group}.s101.svc.cluster.local:7000`);
                assert.equal(env.RULES_FILE, "/etc/gameops/rules/rules.json");
                assert.equal(env.DESIRED_VERSION_FILE, "/etc/gameops/room-versions/versions.json");
                assert.equal(env.LOCAL_ADMIN_PORT, "9091");
                assert.deepEqual(set.spec.gameServerTemplate.metadata.labels["gameops.io/room-group"], group);
            }
        });

        it("must share the rules emptyDir between the rules sidecar (writer) and the room container (reader)", () => {
            const pod = object(run.resources, gss, "room-a").spec.gameServerTemplate.spec;
            const [room, rules] = pod.containers;
            assert.equal(rules.name, "rules");
            assert.equal(rules.image, "registry.example.com/game/rules:rules-7");
            assert.deepEqual(rules.command, ["node", "services/rules/main.js"]);
            assert.deepEqual(rules.volumeMounts, [{ name: "rules", mountPath: "/etc/gameops/rules" }]);
            assert.ok(room.volumeMounts.some((m: any) => m.name === "rules" && m.mountPath === "/etc/gameops/rules" && m.readOnly === true));
            assert.deepEqual(
                pod.volumes.find((v: any) => v.name === "rules"),
                { name: "rules", emptyDir: { sizeLimit: "1Mi" } },
            );
            assert.equal(rules.securityContext.readOnlyRootFilesystem, true);
            assert.equal(rules.securityContext.runAsNonRoot, true);
            // Without rulesTag the sidecar follows the group's room tag.
            assert.equal(object(run.resources, gss, "room-b").spec.gameServerTemplate.spec.containers[1].image, "registry.example.com/game/rules:1.3.0");
        });

        it("must change only the rules sidecar's image when rulesTag changes (an in-place update of one container)", async () => {
            const next = await deployZone({
                ...okgZone,
                room: { ...okgZone.room, groups: { ...okgZone.room.groups, a: { ...okgZone.room.groups.a, rulesTag: "rules-8" } } },
            });
            const before = object(run.resources, gss, "room-a");
            const after = object(next.resources, gss, "room-a");
            assert.equal(after.spec.gameServerTemplate.spec.containers[1].image, "registry.example.com/game/rules:rules-8");
            after.spec.gameServerTemplate.spec.containers[1].image = before.spec.gameServerTemplate.spec.containers[1].image;
            assert.deepEqual(after, before);
        });
    });

    describe("#schema", () => {
        it("must refuse okg-only fields under the StatefulSet engine, a surge without lossless and a canary with lossless", () => {
            const bad = (room: Record<string, unknown>) => {
                const result = (require("../../../components/zone/schema") as typeof import("../../../components/zone/schema")).zoneSchema.safeParse({
                    ...baseZone,
                    room,
                });
                assert.equal(result.success, false);
                return result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
            };
            assert.deepEqual(bad({ active: "a", groups: { a: { replicas: 1, rulesTag: "r1" } } }), [
                "room.groups.a.rulesTag: is only for room.engine okg (OpenKruise Game); set room.engine to okg or remove groups.a.rulesTag",
            ]);
            assert.deepEqual(bad({ engine: "okg", active: "a", groups: { a: { replicas: 1, surge: 1 } } }), [
                "room.groups.a.surge: is only for a lossless release (new servers beside the old ones under OnDelete); set release: lossless or remove surge",
            ]);
            assert.deepEqual(bad({ engine: "okg", active: "a", groups: { a: { replicas: 2, release: "lossless", canary: 1 } } }), [
                "room.groups.a.canary: does nothing under release: lossless (OnDelete never updates a running pod; new servers come through surge); remove canary",
            ]);
            assert.equal(zoneConfig(okgZone).room.engine, "okg");
        });
    });

    describe("#platform", () => {
        const okgDev = () => {
            const input = stackFile("dev");
            const zones = input.config["gameops:zones"] as Record<string, any>[];
            input.config["gameops:zones"] = zones.map((z) => ({ ...z, room: { ...z.room, engine: "okg" } }));
            return input;
        };

        it("must register OpenKruise and kruise-game from the official charts, pinned, in their own namespaces, before the zones", async () => {
            const dev = await runProgram(okgDev());
            const releases = dev.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.repositoryOpts?.repo === openKruiseChartRepo);
            assert.deepEqual(
                releases.map((r) => [r.inputs.chart, r.inputs.version, r.inputs.namespace, r.inputs.createNamespace]),
                [
                    ["kruise", okgChartVersions.kruise, "kruise-system", false],
                    ["kruise-game", okgChartVersions.kruiseGame, "kruise-game-system", false],
                ],
            );
            assert.deepEqual(okgChartVersions, { kruise: "1.8.3", kruiseGame: "1.0.0" });
            const opts = (type: string, name: string) => dev.options.find((o) => o.type === type && o.name === name)!;
            assert.ok(opts("kubernetes:helm.sh/v3:Release", "okg-kruise-game").dependsOn.includes("kubernetes:helm.sh/v3:Release::okg-kruise"));
            assert.ok(opts("kubernetes:helm.sh/v3:Release", "okg-kruise").dependsOn.includes("kubernetes:core/v1:Namespace::okg-kruise-ns"));
            assert.deepEqual(opts("gameops:zone:GameZone", "s101").dependsOn, ["gameops:okg:OkgPlatform::okg"]);
            assert.ok(opts(`kubernetes:${gss}`, "s101-room-a").dependsOn.includes("kubernetes:helm.sh/v3:Release::okg-kruise-game"));
        });

        it("must register no platform when no zone uses okg", async () => {
            const dev = await runProgram(stackFile("dev"));
            assert.equal(dev.resources.filter((r) => r.inputs.repositoryOpts?.repo === openKruiseChartRepo).length, 0);
            assert.equal(dev.resources.filter((r) => r.type === `kubernetes:${gss}`).length, 0);
        });

        it("must refuse an unknown engine with the engines there are", async () => {
            const input = stackFile("dev");
            const zones = input.config["gameops:zones"] as Record<string, any>[];
            input.config["gameops:zones"] = [{ ...zones[0], room: { ...zones[0].room, engine: "agones" } }];
            const { error, resources } = await runFailing(input);
            assert.match(
                error.message,
                /gameops:zones\[0\]\.room\.engine: "agones" is not a room engine; use statefulset \(StatefulSets, releases by A\/B cutover or canary\) or okg \(OpenKruise Game: in-place rules updates, lossless release\)/,
            );
            assert.equal(resources.length, 0);
        });
    });
});
