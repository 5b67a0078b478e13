import assert from "node:assert/strict";
import type { BotPlayer } from "../../../services/bot/player";
import { waitFor } from "../../../lib/services/wait";
import { Cluster, prefix, type GatewayProc, type RoomServer } from "../../../lib/services/cluster";

// A heartbeat every 200 ms and a record that outlives it by 8 s: the window between "missed its
// heartbeats" and "gone from the directory" that the drill sits players down in.
const roomEnv = { HEARTBEAT_MS: "200", DIRECTORY_TTL_MS: "8000" };

async function metric(gw: GatewayProc, line: RegExp): Promise<number> {
    const body = await (await fetch(`http://127.0.0.1:${gw.adminPort}/metrics`)).text();
    return Number(line.exec(body)?.[1] ?? 0);
}
const unavailable = /^gameops_gateway_stream_errors_total\{code="UNAVAILABLE"\} (\d+)$/m;

async function seat(players: BotPlayer[], room: string): Promise<void> {
    for (const p of players) {
        p.sitDown(room);
        await p.next("user", (u) => u.id === p.userId);
    }
}

describe("Placement after a room server is killed", () => {
    let cluster: Cluster;
    let dead: RoomServer;
    let alive: RoomServer;
    let gw: GatewayProc;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        [dead, alive] = await Promise.all([cluster.addRoom("room-a-0", "a", roomEnv), cluster.addRoom("room-a-1", "a", roomEnv)]);
        gw = await cluster.addGateway();
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#lease", () => {
        it("must place no player on a server whose heartbeats stopped, while its record has not expired yet, and name no address", async function () {
            this.timeout(60_000);
            const victims = [await cluster.player(gw), await cluster.player(gw)];
            const others = [await cluster.player(gw), await cluster.player(gw)];
            const players = (r: RoomServer) => cluster.client.hget(`${prefix}server:${r.id}`, "players");
            await seat(victims, "victim-room");
            await waitFor("the first server's heartbeat to count its players", async () => (await players(dead)) === "2");
            await seat(others, "other-room");
            assert.deepEqual([await cluster.roomOwner("victim-room"), await cluster.roomOwner("other-room")], [dead.id, alive.id]);
            // Equal loads: the dead server (first by id) would be the next pick.
            await waitFor("both heartbeats to report 2 players", async () => (await players(alive)) === "2" && (await players(dead)) === "2");

            const cut = victims.map((p) => p.next("disconnect", (r) => r === 0));
            await dead.proc.kill();
            await Promise.all(cut);
            await waitFor("the dead server's last heartbeat to be 1 s old", async () => {
                const at = Number(await cluster.client.hget(`${prefix}server:${dead.id}`, "updatedAt"));
                return Date.now() - at > 1000;
            });
            const failedDials = await metric(gw, unavailable);

            // New rooms: every one on the live server, without a single dial to the dead one.
            const fresh = await Promise.all([1, 2, 3, 4].map(() => cluster.player(gw)));
            await seat(fresh.slice(0, 2), "fresh-0");
            await seat(fresh.slice(2), "fresh-1");
            assert.deepEqual([await cluster.roomOwner("fresh-0"), await cluster.roomOwner("fresh-1")], [alive.id, alive.id]);
            assert.equal(await metric(gw, unavailable), failedDials, "sit-downs dialed the dead server");

            // The dead server's own room cannot be taken over before its record expires: the players
            // are told so, without any internal address.
            const v = victims[0]!;
            v.sitDown("victim-room");
            const [e] = await v.next("errorResponse");
            assert.doesNotMatch(e.desc, /\d+\.\d+\.\d+\.\d+|:\d{2,5}\b/, `error text: ${e.desc}`);
            assert.match(e.desc, /^cannot sit down: /);
            assert.equal(await cluster.client.exists(`${prefix}server:${dead.id}`), 1, "the drill ran after the record expired; it proves nothing");
        });
    });
});
