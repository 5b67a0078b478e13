import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/services/cluster";
import { AutoPlayer } from "../../../services/bot/auto";

describe("AutoPlayer", () => {
    let cluster: Cluster;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        await cluster.addRoom("room-a-0", "a");
        await cluster.addGateway();
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#stopAfterRound", () => {
        it("must stand up only once the running round settled, cutting no round", async function () {
            this.timeout(30_000);
            const autos = await Promise.all(
                [1, 2].map(
                    async () => new AutoPlayer(await cluster.player(), { roomId: "stop-after-round", rounds: Number.POSITIVE_INFINITY, thinkMs: () => 300 }),
                ),
            );
            for (const a of autos) a.start();
            // Stop in the middle of a round: once the first shake is answered, the round runs until it settles.
            await Promise.all(autos.map((a) => a.player.next("shake", (s) => s.userId === a.player.userId, 15_000)));
            for (const a of autos) a.stopAfterRound();
            assert.deepEqual(await Promise.all(autos.map((a) => a.done)), ["finished", "finished"]);
            for (const a of autos) {
                assert.ok(a.stats.settled >= 1, `player ${a.player.userId} stood up before its round settled`);
                assert.equal(a.stats.cutMidRound, 0);
                assert.deepEqual([...a.stats.errors], []);
            }
        });

        it("must end at once a player between rounds", async function () {
            this.timeout(30_000);
            const autos = await Promise.all(
                [1, 2].map(async () => new AutoPlayer(await cluster.player(), { roomId: "stop-between-rounds", rounds: Number.POSITIVE_INFINITY })),
            );
            for (const a of autos) a.start();
            // Right after a settlement the player is between rounds (its own listener ran first).
            await autos[0]!.player.next("settlement", () => true, 20_000);
            autos[0]!.stopAfterRound();
            assert.equal(await autos[0]!.done, "finished");
            assert.equal(autos[0]!.stats.settled, 1);
            autos[1]!.stopAfterRound();
            await autos[1]!.done;
        });
    });
});
