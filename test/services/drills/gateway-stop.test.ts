import assert from "node:assert/strict";
import { Cluster } from "../../../lib/services/cluster";

describe("Gateway process stop", () => {
    let cluster: Cluster;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        // A long round: the player's seat survives its gateway's restart (offline players are only
        // stood up at settlement).
        await cluster.addRoom("room-a-0", "a", { ROUND_MS: "60000" });
        await cluster.addGateway();
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#sigterm", () => {
        it("must close every client with 1001 gateway restarting, leave the room playing and exit 0", async function () {
            this.timeout(30_000);
            const [gw1] = cluster.gateways;
            const gw2 = await cluster.addGateway();
            const seated = await cluster.player(gw1, 301n);
            const idle = await cluster.player(gw1, 302n);
            seated.sitDown("stop-room");
            await seated.next("user", (u) => u.id === 301n);

            gw1!.proc.signal("SIGTERM");
            assert.deepEqual(await seated.closed, { code: 1001, reason: "gateway restarting" });
            assert.deepEqual(await idle.closed, { code: 1001, reason: "gateway restarting" });
            assert.deepEqual(await gw1!.proc.exited, { code: 0, signal: null });

            // The player comes back through another gateway to the same room.
            const back = await cluster.player(gw2, 301n);
            back.sitDown("anything");
            const [scene] = await back.next("scene");
            assert.equal(scene.status, true);
            // Still seated (offline until settlement); it had not shaken, so the scene lists nobody.
            assert.deepEqual(scene.dice, {});
            assert.equal(await cluster.roomOwner("stop-room"), "room-a-0");
        });
    });
});
