import assert from "node:assert/strict";
import type { BotPlayer } from "../../../services/bot/player";
import { waitFor } from "../../../lib/services/wait";
import { Cluster, type RoomServer } from "../../../lib/services/cluster";
import { owners, roomsOf, seatAutos } from "./seat";

describe("Room server drain", () => {
    let cluster: Cluster;
    let target: RoomServer;
    let other: RoomServer;

    afterEach(async () => {
        await cluster.stop();
    });

    describe("#first-signal", () => {
        beforeEach(async function () {
            this.timeout(60_000);
            cluster = await Cluster.start();
            // A long round on the target, held open by a player who never shakes, keeps the drain (and
            // its unready window) open for seconds; every other round ends as soon as all have shaken.
            [target, other] = await Promise.all([cluster.addRoom("room-a-0", "a", { ROUND_MS: "8000" }), cluster.addRoom("room-a-1", "a")]);
            await cluster.addGateway();
        });

        it("must finish its rooms' rounds, place no new room there, cut nobody mid-round and exit 0", async function () {
            this.timeout(90_000);
            // Players whose room ends because its server drains sit down again (a new room elsewhere), as a client would.
            // Three per room, so every room has a free seat for the lazy player below.
            const autos = await seatAutos(cluster, "drain-", 39, 13, { rounds: 12, onLost: "resit" });
            const owned = await owners(
                cluster,
                autos.map((a) => a.room),
            );
            const targetRooms = roomsOf(owned, target.id);
            assert.ok(targetRooms.length > 0 && targetRooms.length < 13, `rooms per server: ${JSON.stringify([...owned])}`);
            const inTarget = autos.filter((a) => targetRooms.includes(a.room));

            // Mid-round: a player who never shakes sits in one of the target's rooms, so its running round
            // lasts its full 8 s (the drain waits for it); if the room was between rounds, the next one.
            const lazy = await cluster.player();
            const scene = lazy.next("scene", () => true, 20_000);
            lazy.sitDown(targetRooms[0]!);
            const [atSit] = await scene;
            if (!atSit.status || atSit.leftTime < 4_000n) await lazy.next("start", () => true, 20_000);
            const notices = inTarget.map((a) => a.player.next("closing", () => true, 20_000));
            target.proc.signal("SIGTERM");
            await waitFor("the draining server to turn unready", async () => (await target.proc.admin("/readyz")) === 503);
            await Promise.all(notices);

            const late = await seatAutos(cluster, "late-", 8, 2, { rounds: 2 });
            for (const [room, owner] of await owners(
                cluster,
                late.map((a) => a.room),
            )) {
                assert.equal(owner, other.id, `new room ${room} placed on ${owner}`);
            }

            const ends = await Promise.all([...autos, ...late].map((a) => a.done));
            assert.deepEqual(new Set(ends), new Set(["finished"]));
            for (const a of [...autos, ...late]) {
                assert.equal(a.stats.cutMidRound, 0, `player ${a.player.userId} was cut off mid-round`);
                assert.deepEqual([...a.stats.errors], [], `player ${a.player.userId} errors`);
                const expected = inTarget.includes(a) ? [1] : [];
                assert.deepEqual([...a.stats.disconnects.keys()], expected, `player ${a.player.userId} disconnects`);
            }
            assert.deepEqual(await target.proc.exited, { code: 0, signal: null });
            assert.equal(await other.proc.admin("/readyz"), 200);

            // Every round the players saw settle is in the results stream.
            const results = await cluster.results();
            const seen = new Map<string, number>();
            for (const a of [...autos, ...late]) for (const [room, n] of a.stats.roomRounds) seen.set(room, Math.max(seen.get(room) ?? 0, n));
            for (const [room, n] of seen) {
                assert.ok(results.filter((r) => r.room === room).length >= n, `room ${room}: saw ${n} settlements`);
            }
        });
    });

    describe("#second-signal", () => {
        beforeEach(async function () {
            this.timeout(60_000);
            cluster = await Cluster.start();
            // Long rounds that a never-shaking player keeps open: the second signal lands mid-round.
            [target, other] = await Promise.all([cluster.addRoom("room-a-0", "a", { ROUND_MS: "60000" }), cluster.addRoom("room-a-1", "a")]);
            await cluster.addGateway();
        });

        it("must dissolve its rooms with Disconnect(1), settle their running rounds and store every settled round", async function () {
            this.timeout(90_000);
            // In every room a player who never shakes sits down first: round 1 starts with them and runs
            // its full (long) length, so both signals land mid-round.
            const rooms = Array.from({ length: 6 }, (_, i) => `dissolve-${i}`);
            const lazy: BotPlayer[] = [];
            for (const room of rooms) {
                const p = await cluster.player();
                p.sitDown(room);
                await p.next("user", (u) => u.id === p.userId);
                lazy.push(p);
            }
            const autos = await seatAutos(cluster, "dissolve-", 18, 6, { rounds: 1_000_000 });
            const targetRooms = roomsOf(await owners(cluster, rooms), target.id);
            assert.ok(targetRooms.length > 0 && targetRooms.length < 6, `rooms on ${target.id}: ${JSON.stringify(targetRooms)}`);
            const inTarget = autos.filter((a) => targetRooms.includes(a.room));
            await waitFor("every player of the target rooms to have shaken in round 1", () => inTarget.every((a) => a.stats.latenciesMs.length >= 1));

            const notices = inTarget.map((a) => a.player.next("closing", () => true, 20_000));
            target.proc.signal("SIGTERM");
            await Promise.all(notices);
            target.proc.signal("SIGTERM");

            const ends = await Promise.all(inTarget.map((a) => a.done));
            assert.deepEqual(new Set(ends), new Set(["lost"]));
            for (const a of inTarget) {
                assert.deepEqual([...a.stats.disconnects], [[1, 1]]);
                assert.equal(a.stats.settled, 1, "the running round was settled before Disconnect(1)");
            }
            assert.deepEqual(await target.proc.exited, { code: 0, signal: null });

            const results = await cluster.results();
            for (const room of targetRooms) {
                const stored = results.filter((r) => r.room === room);
                assert.deepEqual(
                    stored.map((r) => [r.round, r.server]),
                    [["1", target.id]],
                    `room ${room} results`,
                );
                const dice = JSON.parse(stored[0]!.dice!) as Record<string, number>;
                const shakers = inTarget.filter((a) => a.room === room).map((a) => String(a.player.userId));
                assert.deepEqual(Object.keys(dice).sort(), shakers.sort(), "the three shakes are recorded");
            }
            // Rooms on the other server played on untouched.
            for (const a of autos.filter((x) => !targetRooms.includes(x.room))) assert.deepEqual([...a.stats.disconnects], []);
            assert.equal(await other.proc.admin("/readyz"), 200);
        });
    });
});
