import assert from "node:assert/strict";
import { Cluster } from "../../../lib/services/cluster";

describe("Reconnect through another gateway", () => {
    let cluster: Cluster;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        // Long rounds: after the first (early) settlement, round 2 is still running when the player
        // comes back, whatever the machine's load.
        await Promise.all([cluster.addRoom("room-a-0", "a", { ROUND_MS: "60000" }), cluster.addRoom("room-a-1", "a", { ROUND_MS: "60000" })]);
        await Promise.all([cluster.addGateway(), cluster.addGateway()]);
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#replace", () => {
        it("must put the player back in the same room: Online(+id) and DiceScene to the new connection, Disconnect(2) to the old", async function () {
            this.timeout(30_000);
            const [gw1, gw2] = cluster.gateways as [(typeof cluster.gateways)[0], (typeof cluster.gateways)[0]];
            const alice = await cluster.player(gw1, 101n);
            const bob = await cluster.player(gw1, 102n);
            alice.sitDown("table-1");
            await alice.next("user", (u) => u.id === 101n);
            bob.sitDown("table-1");
            await bob.next("user", (u) => u.id === 102n);
            // Play one round to the end; the next one starts.
            alice.shake();
            bob.shake();
            const round2 = bob.next("start");
            const [settled] = await alice.next("settlement");
            await round2;
            assert.deepEqual([...Object.keys(settled.dice)].sort(), ["101", "102"]);
            const owner = await cluster.roomOwner("table-1");
            assert.ok(owner === "room-a-0" || owner === "room-a-1", `owner ${owner}`);

            const alice2 = await cluster.player(gw2, 101n);
            const oldGetsReplaced = alice.next("disconnect");
            const bobSeesOnline = bob.next("online", (id) => id === 101n);
            const aliceSeesOnline = alice2.next("online", (id) => id === 101n);
            // Whatever room the client asks for, the directory sends it back to the room it is in.
            alice2.sitDown("some-other-table");
            const [scene] = await alice2.next("scene");
            assert.deepEqual(await oldGetsReplaced, [2]);
            await Promise.all([bobSeesOnline, aliceSeesOnline]);
            assert.equal(scene.status, true, "round 2 is running");
            // Nobody shook in round 2 yet: the scene lists only who shook, so alice knows to shake.
            assert.deepEqual(scene.dice, {});
            assert.equal(await cluster.roomOwner("some-other-table"), null);

            // The new connection plays on in that room.
            alice2.shake();
            const [shake] = await alice2.next("shake", (s) => s.userId === 101n);
            assert.ok(shake.dicePoints >= 1 && shake.dicePoints <= 6);
            assert.equal(alice.isOpen, true, "the replaced connection stays open and can sit down again");
        });
    });
});
