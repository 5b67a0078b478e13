// The direct port's public address on the okg engine: OpenKruise Game's network status (the pod
// annotation game.kruise.io/network-status, mounted by a downward-API volume) read by the room
// server and published in its directory record as wsUrl.
import { strict as assert } from "node:assert";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../../lib/services/ports";
import { redisPerSuite } from "../../../lib/services/redis";
import { waitFor } from "../../../lib/services/wait";
import { publicWsUrl } from "../../../services/room/network-status";
import { startRoom, testTicketKey, type RoomProcess } from "./room-process";

/** A network status as kruise-game writes it (the SLB plugin: ports as numeric strings). */
function status(o: { state?: string; ip?: string; externalPort?: number | string; internalPort?: number | string; name?: string } = {}): string {
    return JSON.stringify({
        currentNetworkState: o.state ?? "Ready",
        desiredNetworkState: "Ready",
        internalAddresses: [{ ip: "172.16.0.8", ports: [{ name: o.name ?? "7400", port: o.internalPort ?? "7400", protocol: "TCP" }] }],
        externalAddresses: [{ ip: o.ip ?? "47.97.227.137", ports: [{ name: o.name ?? "7400", port: o.externalPort ?? "512", protocol: "TCP" }] }],
        networkType: "AlibabaCloud-SLB",
    });
}

describe("network status (okg)", () => {
    describe("#publicWsUrl", () => {
        it("must give the external address of the internal entry for the port, ports as numbers or strings", () => {
            assert.deepEqual(publicWsUrl(status(), 7400), { ok: true, wsUrl: "ws://47.97.227.137:512/" });
            assert.deepEqual(publicWsUrl(status({ externalPort: 8211, internalPort: 7400, name: "room-7400" }), 7400), {
                ok: true,
                wsUrl: "ws://47.97.227.137:8211/",
            });
            assert.deepEqual(publicWsUrl(status({ ip: "2001:db8::7" }), 7400), { ok: true, wsUrl: "ws://[2001:db8::7]:512/" });
        });
        it("must take the TCP entry of a port the plugin exposes for UDP too (same name, other external ports), numbers as kruise-game writes them", () => {
            const both = JSON.stringify({
                currentNetworkState: "Ready",
                internalAddresses: [
                    { ip: "172.16.0.8", ports: [{ name: "7400", port: 7400, protocol: "UDP" }] },
                    { ip: "172.16.0.8", ports: [{ name: "7400", port: 7400, protocol: "TCP" }] },
                ],
                externalAddresses: [
                    { ip: "47.97.227.137", ports: [{ name: "7400", port: 601, protocol: "UDP" }] },
                    { ip: "47.97.227.137", ports: [{ name: "7400", port: 602, protocol: "TCP" }] },
                ],
            });
            assert.deepEqual(publicWsUrl(both, 7400), { ok: true, wsUrl: "ws://47.97.227.137:602/" });
        });
        it("must say why there is no address: not written yet, not Ready, another port, not JSON", () => {
            const reasons = [publicWsUrl("", 7400), publicWsUrl(status({ state: "NotReady" }), 7400), publicWsUrl(status(), 7500), publicWsUrl("{", 7400)].map(
                (r) => (r.ok ? r.wsUrl : r.reason),
            );
            assert.deepEqual(reasons.slice(0, 3), [
                "the network plugin has not written the pod's network status yet",
                "the pod's network is NotReady, not Ready",
                "no internal address names port 7500; list 7500/TCP in the group's network conf (PortProtocols)",
            ]);
            assert.match(reasons[3]!, /^network status is not JSON: /);
        });
    });

    describe("#room-server", function () {
        this.timeout(30_000);
        const redis = redisPerSuite();
        let room: RoomProcess | undefined;
        let dir = "";
        afterEach(async () => {
            await room?.kill();
            room = undefined;
            await rm(dir, { recursive: true, force: true });
        });

        it("must publish the public address once the plugin writes it, follow its changes and drop it when it goes", async () => {
            dir = await mkdtemp(path.join(tmpdir(), "gameops-netstatus-"));
            const file = path.join(dir, "status");
            await writeFile(file, ""); // the annotation is not there yet: the downward-API file is empty
            const wsPort = await freePort();
            room = await startRoom(redis.server.url, "room-okg-0", {
                ROOM_WS_PORT: String(wsPort),
                ROOM_TICKET_KEY: Buffer.from(testTicketKey).toString("base64"),
                ADVERTISE_WS_FILE: file,
            });
            const wsUrl = () => redis.client.hget("t:server:room-okg-0", "wsUrl");
            assert.equal(await wsUrl(), "", "no address yet: the gateways relay");
            await room.waitForLog(
                "why, from the first read",
                (l) =>
                    l.msg === "no public address for the direct port; its players are relayed" &&
                    l.reason === "the network plugin has not written the pod's network status yet",
            );
            // The kubelet swaps the file; a rename is what a swap looks like to a watcher.
            const swap = async (text: string) => {
                await writeFile(`${file}.tmp`, text);
                await rename(`${file}.tmp`, file);
            };
            await swap(status({ internalPort: wsPort, externalPort: 512 }));
            await waitFor("the address in the record", async () => (await wsUrl()) === "ws://47.97.227.137:512/");
            await swap(status({ internalPort: wsPort, externalPort: 640, ip: "47.97.227.138" }));
            await waitFor("the new address in the record", async () => (await wsUrl()) === "ws://47.97.227.138:640/");
            await swap(status({ internalPort: wsPort, state: "NotReady" }));
            await waitFor("the address gone from the record", async () => (await wsUrl()) === "");
            await room.waitForLog(
                "the reason",
                (l) => l.msg === "no public address for the direct port; its players are relayed" && l.reason === "the pod's network is NotReady, not Ready",
            );
        });
    });
});
