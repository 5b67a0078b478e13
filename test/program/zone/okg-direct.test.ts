// The direct player port of an okg room group (services/direct-rooms.md, step 3): stack config
// `room.groups.<g>.direct: { port }` with the group's network plugin exposing that port; the zone's
// seat-ticket key (generated, a Pulumi secret, a Kubernetes Secret only the gateway and the room pods
// read), the room pod's port, key and network-status file, and a NetworkPolicy that opens exactly that
// port of exactly that group's pods to the world.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { zoneSchema } from "../../../components/zone/schema";
import { containers, isSecretValue } from "../../../lib/program/objects";
import { baseZone, deployZone, object, type ZoneRun } from "./fixtures";
import { allowed, podLabels, type Endpoint } from "./reachability";

const gss = "game.kruise.io/v1alpha1:GameServerSet";
const slb = (portProtocols: string) => ({
    type: "AlibabaCloud-SLB" as const,
    conf: [
        { name: "SlbIds", value: "lb-bp1direct" },
        { name: "PortProtocols", value: portProtocols },
    ],
});

const directZone = {
    ...baseZone,
    room: {
        engine: "okg" as const,
        active: "a",
        drainSeconds: 120,
        groups: { a: { replicas: 2, network: slb("7400/TCP"), direct: { port: 7400 } }, b: { replicas: 1 } },
    },
};

function envOf(container: Record<string, any>): Record<string, unknown> {
    return Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

const ticketKeyRef = { secretKeyRef: { name: "room-tickets", key: "ticket-key" } };

describe("room engine okg: the direct player port", () => {
    describe("#schema", () => {
        const problems = (room: Record<string, unknown>) => {
            const result = zoneSchema.safeParse({ ...baseZone, room });
            assert.equal(result.success, false, "refused");
            return result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
        };

        it("must refuse a direct port under the StatefulSet engine, naming the fix (okg with a network)", () => {
            assert.deepEqual(problems({ active: "a", groups: { a: { replicas: 1, direct: { port: 7400 } } } }), [
                "room.groups.a.direct: is only for room.engine okg with a network (a StatefulSet gives its room pods no public address); set room.engine to okg and groups.a.network, or remove groups.a.direct",
            ]);
        });

        it("must refuse a direct port without a network plugin, or one whose plugin does not expose it", () => {
            const okg = (a: Record<string, unknown>) => problems({ engine: "okg", active: "a", groups: { a: { replicas: 1, ...a } } });
            assert.deepEqual(okg({ direct: { port: 7400 } }), [
                'room.groups.a.direct: needs groups.a.network: its network plugin gives each room pod the public address players reach the port at; add network (e.g. type: AlibabaCloud-SLB, conf: SlbIds and PortProtocols "7400/TCP") or remove groups.a.direct',
            ]);
            assert.deepEqual(okg({ direct: { port: 7400 }, network: slb("7401/TCP,7400/UDP") }), [
                'room.groups.a.network.conf: PortProtocols "7401/TCP,7400/UDP" does not expose the direct port 7400 over TCP; add 7400/TCP to it',
            ]);
            assert.deepEqual(okg({ direct: { port: 7400 }, network: slb("7400/TCP, 7401") }), [
                'room.groups.a.network.conf.1.value: has " 7401", which kruise-game cannot read and skips; write port/PROTOCOL pieces without spaces, e.g. "7400/TCP"',
            ]);
            assert.deepEqual(okg({ direct: { port: 7400 }, network: slb("7400/TCP,7000/TCP") }), [
                "room.groups.a.network.conf.1.value: exposes 7000, the room server's gRPC port, to the internet; expose only the direct port (7400/TCP)",
            ]);
            assert.deepEqual(okg({ direct: { port: 7400 }, network: { type: "AlibabaCloud-SLB", conf: [{ name: "SlbIds", value: "lb-1" }] } }), [
                'room.groups.a.network.conf: has no PortProtocols, so the plugin exposes no port of the room pods; add { name: PortProtocols, value: "7400/TCP" } (the direct port)',
            ]);
        });

        it("must refuse a port the room server already uses and a privileged one", () => {
            const okg = (port: number) =>
                problems({ engine: "okg", active: "a", groups: { a: { replicas: 1, network: slb(`${port}/TCP`), direct: { port } } } });
            assert.deepEqual(okg(7000), ["room.groups.a.direct.port: is also the room server's gRPC port; use another, e.g. 7400"]);
            assert.deepEqual(okg(9091), ["room.groups.a.direct.port: is also the room server's loopback admin port; use another, e.g. 7400"]);
            assert.deepEqual(okg(443), ["room.groups.a.direct.port: is a privileged port (the room container runs as non-root); use 1024-65535, e.g. 7400"]);
        });

        it("must accept PortProtocols that list the port among others, the protocol defaulting to TCP (TCPUDP carries it too)", () => {
            for (const value of ["7400/TCP", "7401/UDP,7400/TCP", "7401/UDP,7400", "7400/TCPUDP"]) {
                const r = zoneSchema.safeParse({
                    ...directZone,
                    room: { ...directZone.room, groups: { ...directZone.room.groups, a: { ...directZone.room.groups.a, network: slb(value) } } },
                });
                assert.ok(r.success, `${value}: ${r.success ? "" : r.error.issues.map((i) => i.message).join("; ")}`);
            }
        });
    });

    describe("#objects", () => {
        let run: ZoneRun;
        before(async () => {
            run = await deployZone(directZone);
            assert.deepEqual(run.errors, []);
        });

        it("must give the zone a generated ticket key as a Pulumi secret in a Secret of its own", () => {
            const bytes = run.resources.filter((r) => r.type === "random:index/randomBytes:RandomBytes");
            assert.deepEqual(
                bytes.map((r) => r.inputs.length),
                [32],
            );
            const raw = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata?.name === "room-tickets");
            assert.ok(raw, "Secret room-tickets");
            assert.ok(isSecretValue(raw.inputs.stringData), "the key crosses to the provider as a Pulumi secret");
            const secret = object(run.resources, "core/v1:Secret", "room-tickets");
            assert.equal(Buffer.from(secret.stringData["ticket-key"], "base64").length, 32);
        });

        it("must open the direct port on the direct group's room container only, with the key and the network-status file", () => {
            const [roomA] = object(run.resources, gss, "room-a").spec.gameServerTemplate.spec.containers;
            const podA = object(run.resources, gss, "room-a").spec.gameServerTemplate.spec;
            const env = envOf(roomA);
            assert.deepEqual([env.ROOM_WS_PORT, env.ROOM_TICKET_KEY, env.ADVERTISE_WS_FILE], ["7400", ticketKeyRef, "/etc/gameops/network/status"]);
            assert.deepEqual(
                roomA.ports.find((p: any) => p.name === "direct"),
                { name: "direct", containerPort: 7400, protocol: "TCP" },
            );
            assert.deepEqual(
                podA.volumes.find((v: any) => v.name === "network-status"),
                {
                    name: "network-status",
                    downwardAPI: { items: [{ path: "status", fieldRef: { fieldPath: "metadata.annotations['game.kruise.io/network-status']" } }] },
                },
            );
            assert.deepEqual(
                roomA.volumeMounts.find((m: any) => m.name === "network-status"),
                { name: "network-status", mountPath: "/etc/gameops/network", readOnly: true },
            );
            const [roomB] = object(run.resources, gss, "room-b").spec.gameServerTemplate.spec.containers;
            assert.deepEqual(
                Object.keys(envOf(roomB)).filter((k) => ["ROOM_WS_PORT", "ROOM_TICKET_KEY", "ADVERTISE_WS_FILE"].includes(k)),
                [],
                "group b has no direct port",
            );
        });

        it("must have the gateway sign tickets with the same key, from the Secret", () => {
            const gateway = containers(object(run.resources, "apps/v1:Deployment", "gateway"))[0]!;
            assert.deepEqual(envOf(gateway).ROOM_TICKET_KEY, ticketKeyRef);
        });

        it("must name the key's version (a digest, in plain text) beside it, so a new key restarts both readers", () => {
            const key = object(run.resources, "core/v1:Secret", "room-tickets").stringData["ticket-key"];
            const version = createHash("sha256").update(key).digest("hex").slice(0, 16);
            const gateway = containers(object(run.resources, "apps/v1:Deployment", "gateway"))[0]!;
            const room = object(run.resources, gss, "room-a").spec.gameServerTemplate.spec.containers[0];
            assert.deepEqual([envOf(gateway).ROOM_TICKETS_VERSION, envOf(room).ROOM_TICKETS_VERSION], [version, version]);
            const raw = run.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
            assert.ok(!JSON.stringify(raw.inputs).includes("4dabf18193072939515e22adb298388d"), "the Deployment carries no secret (its diffs stay readable)");
            assert.ok(!JSON.stringify(raw.inputs).includes(key), "nor the key");
        });

        it("must let players reach the direct group's port from anywhere, and nothing else of the room pods", () => {
            const policy = run.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs);
            const pod = (name: string): Endpoint => ({ pod: podLabels(object(run.resources, gss, name)) });
            const outside: Endpoint = { outside: true };
            assert.ok(allowed(policy, outside, pod("room-a"), 7400), "players → room-a direct port");
            assert.ok(!allowed(policy, outside, pod("room-b"), 7400), "room-b has no direct port");
            assert.ok(!allowed(policy, outside, pod("room-a"), 7000), "room gRPC stays inside the zone");
            assert.ok(!allowed(policy, outside, pod("room-a"), 9090), "room admin stays closed");
        });
    });

    describe("#without", () => {
        const tickets = (run: ZoneRun) =>
            run.resources.filter((r) => r.type.startsWith("random:index/randomBytes") || r.inputs.metadata?.name === "room-tickets").length;
        const doors = (run: ZoneRun) =>
            run.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && /direct/.test(r.inputs.metadata.name)).length;

        it("must keep an okg zone's ticket key when no group is direct (old pods may still read it), and give nobody the key or a door", async () => {
            const run = await deployZone({ ...directZone, room: { ...directZone.room, groups: { a: { replicas: 2 }, b: { replicas: 1 } } } });
            assert.deepEqual(run.errors, []);
            assert.equal(tickets(run), 2, "RandomBytes and Secret room-tickets");
            const gateway = containers(object(run.resources, "apps/v1:Deployment", "gateway"))[0]!;
            assert.equal(envOf(gateway).ROOM_TICKET_KEY, undefined);
            assert.equal(envOf(object(run.resources, gss, "room-a").spec.gameServerTemplate.spec.containers[0]).ROOM_TICKET_KEY, undefined);
            assert.equal(doors(run), 0);
        });

        it("must register no ticket key at all for a StatefulSet zone", async () => {
            const run = await deployZone(baseZone);
            assert.deepEqual(run.errors, []);
            assert.deepEqual([tickets(run), doors(run)], [0, 0]);
        });
    });
});
