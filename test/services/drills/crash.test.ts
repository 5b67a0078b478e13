import assert from "node:assert/strict";
import { AutoPlayer } from "../../../services/bot/auto";
import { waitFor } from "../../../lib/services/wait";
import { Cluster, fastRoomEnv, prefix, type RoomServer } from "../../../lib/services/cluster";
import { owners, roomsOf, seatAutos } from "./seat";

const ttlMs = Number(fastRoomEnv.DIRECTORY_TTL_MS);
const keepaliveMs = 1000;

describe("Room server crash", () => {
    let cluster: Cluster;
    let victim: RoomServer;
    let survivor: RoomServer;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        [victim, survivor] = await Promise.all([cluster.addRoom("room-a-0", "a"), cluster.addRoom("room-a-1", "a")]);
        await cluster.addGateway({ ROOM_KEEPALIVE_MS: String(keepaliveMs) });
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#sigkill", () => {
        it("must send Disconnect(0) promptly, let the players sit in a new room and expire the stale entries within the TTL", async function () {
            this.timeout(60_000);
            let n = 0;
            const autos = await seatAutos(cluster, "crash-", 16, 4, { rounds: 1_000_000, onLost: "resit", resitRoom: () => `after-crash-${n++ % 2}` });
            const owned = await owners(
                cluster,
                autos.map((x) => x.room),
            );
            const victimRooms = roomsOf(owned, victim.id);
            assert.ok(victimRooms.length > 0 && victimRooms.length < 4, `rooms per server: ${JSON.stringify([...owned])}`);
            const hit = autos.filter((x) => victimRooms.includes(x.room));
            const spared = autos.filter((x) => !victimRooms.includes(x.room));

            const disconnected = hit.map((x) => x.player.next("disconnect", (r) => r === 0, 5_000));
            const killedAt = Date.now();
            await victim.proc.kill();
            await Promise.all(disconnected);
            const promptMs = Date.now() - killedAt;
            assert.ok(promptMs < 3_000, `Disconnect(0) took ${promptMs} ms`);

            // They sat down again: a new room on the surviving server, playing.
            await Promise.all(hit.map((x) => x.player.next("user", (u) => u.id === x.player.userId, 10_000)));
            for (const x of hit) {
                assert.match(x.room, /^after-crash-/);
                assert.equal(await cluster.roomOwner(x.room), survivor.id);
            }
            await Promise.all(hit.map((x) => x.player.next("settlement", () => true, 10_000)));

            // Stale directory entries of the dead server are gone within the TTL.
            await waitFor(
                "the dead server's record and room keys to expire",
                async () => (await cluster.client.exists(`${prefix}server:${victim.id}`, ...victimRooms.map((r) => `${prefix}room:${r}`))) === 0,
                { timeoutMs: ttlMs + 2_000, intervalMs: 50 },
            );
            assert.ok(Date.now() - killedAt <= ttlMs + 2_000);
            for (const x of spared) assert.deepEqual([...x.stats.disconnects], [], `player ${x.player.userId} in a healthy room`);
        });
    });

    describe("#frozen", () => {
        it("must detect a room server that stops answering without closing its connections", async function () {
            this.timeout(60_000);
            // The frozen server is alone in group b; clients of version 9 are routed there.
            const frozen = await cluster.addRoom("room-b-0", "b");
            const gw = cluster.gateways[0]!;
            const t = Date.now();
            await cluster.setRouting({ activeGroup: "a", versionRules: [{ minClientVersion: "9.0.0", group: "b" }] });
            await gw.proc.waitForLog("the version rule", (l) => l.msg === "routing policy applied" && (l.time as number) >= t);
            const autos = await Promise.all(
                [1, 2, 3, 4].map(async () => new AutoPlayer(await cluster.player(gw, undefined, "9.0.0"), { roomId: "frozen-room", rounds: 1_000_000 })),
            );
            for (const a of autos) a.start();
            await Promise.all(autos.map((a) => a.player.next("user", (u) => u.id === a.player.userId)));
            assert.equal(await cluster.roomOwner("frozen-room"), frozen.id);

            const disconnected = autos.map((x) => x.player.next("disconnect", (r) => r === 0, 20_000));
            const frozenAt = Date.now();
            process.kill(frozen.proc.pid, "SIGSTOP");
            try {
                await Promise.all(disconnected);
                const tookMs = Date.now() - frozenAt;
                // A keepalive ping goes out after keepaliveMs of quiet and fails after keepaliveMs / 2 more (within 2x).
                assert.ok(tookMs < keepaliveMs * 2 + 2_000, `Disconnect(0) took ${tookMs} ms`);
                for (const a of autos) assert.equal(a.player.isOpen, true, "the client socket stays open");
            } finally {
                await frozen.proc.kill();
            }
        });
    });
});
