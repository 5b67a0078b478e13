import assert from "node:assert/strict";
import type { BotPlayer } from "../../../services/bot/player";
import { waitFor } from "../../../lib/services/wait";
import { Cluster, prefix, type RoomServer } from "../../../lib/services/cluster";

const frozenRoom = "freeze-room";
const keepaliveMs = 1000;

/** Both players shake; resolves with the settlement both saw. */
async function playRound(a: BotPlayer, b: BotPlayer): Promise<void> {
    const settled = Promise.all([a.next("settlement", () => true, 15_000), b.next("settlement", () => true, 15_000)]);
    a.shake();
    b.shake();
    await settled;
}

describe("Room server freeze", () => {
    let cluster: Cluster;
    let frozen: RoomServer;
    let taker: RoomServer;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        // room-a-0 sorts first, so the empty cluster puts the room there; its long round is still
        // running when the process is stopped.
        frozen = await cluster.addRoom("room-a-0", "a", { ROUND_MS: "5000" });
        // A long settlement idle: the players leave the taker's room before another round starts.
        taker = await cluster.addRoom("room-a-1", "a", { SETTLE_MS: "30000" });
        await cluster.addGateway({ ROOM_KEEPALIVE_MS: String(keepaliveMs) });
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#sigstop", () => {
        it("must refuse and log the result of the round a server settles after a freeze that cost it the room", async function () {
            this.timeout(60_000);
            const [a, b] = [await cluster.player(undefined, 501n), await cluster.player(undefined, 502n)];
            a.sitDown(frozenRoom);
            await a.next("user", (u) => u.id === 501n);
            b.sitDown(frozenRoom);
            await Promise.all([a.next("user", (u) => u.id === 502n), b.next("user", (u) => u.id === 502n)]);
            assert.equal(await cluster.roomOwner(frozenRoom), frozen.id);
            await playRound(a, b);

            // Round 2 runs on room-a-0 when it freezes; nobody will see it settle.
            await Promise.all([a.next("start"), b.next("start")]);
            const lost = Promise.all([a.next("disconnect", (r) => r === 0, 20_000), b.next("disconnect", (r) => r === 0, 20_000)]);
            process.kill(frozen.proc.pid, "SIGSTOP");
            let resumedAt = 0;
            try {
                await lost;
                await waitFor("the frozen server's record to expire", async () => (await cluster.client.exists(`${prefix}server:${frozen.id}`)) === 0, {
                    timeoutMs: 10_000,
                });
                // The players come back to the same room, which room-a-1 takes over.
                a.sitDown(frozenRoom);
                await a.next("user", (u) => u.id === 501n);
                b.sitDown(frozenRoom);
                await Promise.all([a.next("user", (u) => u.id === 502n), b.next("user", (u) => u.id === 502n)]);
                assert.equal(await cluster.roomOwner(frozenRoom), taker.id);
                await playRound(a, b);
                a.standUp();
                b.standUp();
                await taker.proc.waitForLog("the taken-over room to close", (l) => l.msg === "room closed" && l.room === frozenRoom);
            } finally {
                resumedAt = Date.now();
                process.kill(frozen.proc.pid, "SIGCONT");
            }

            // Back from the freeze, room-a-0 settles its round 2 and closes the room it no longer owns.
            await frozen.proc.waitForLog(
                "the frozen room to close",
                (l) => l.msg === "room closed" && l.room === frozenRoom && (l.time as number) >= resumedAt,
                15_000,
            );
            const results = (await cluster.results()).filter((r) => r.room === frozenRoom);
            assert.deepEqual(
                results.map((r) => [r.server, r.round]),
                [
                    [frozen.id, "1"],
                    [taker.id, "1"],
                ],
                "every result is a round the players saw settle, written by the room's owner of the time",
            );
            const refused = await frozen.proc.waitForLog("the refusal", (l) => l.msg === "result refused by the directory; dropped" && l.room === frozenRoom);
            assert.deepEqual([refused.round, refused.code], [2, "fenced"]);
            assert.match(
                String(refused.reason),
                /^room freeze-room was claimed by another server since this one's claim \(token room-a-0:1, now room-a-1:2\)$/,
            );
        });
    });
});
