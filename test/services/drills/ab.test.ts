import assert from "node:assert/strict";
import { Cluster, type GatewayProc, type RoomServer } from "../../../lib/services/cluster";
import { owners, roomsOf, seatAutos } from "./seat";

describe("A/B cutover", () => {
    let cluster: Cluster;
    let a: RoomServer;
    let b: RoomServer;
    let gw: GatewayProc;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start("a");
        [a, b] = await Promise.all([cluster.addRoom("room-a-0", "a"), cluster.addRoom("room-b-0", "b")]);
        gw = await cluster.addGateway();
    });

    after(async () => {
        await cluster.stop();
    });

    function policyApplied(activeGroup: string, after: number): Promise<unknown> {
        return gw.proc.waitForLog(`routing policy with activeGroup ${activeGroup}`, (l) => {
            const policy = l.policy as { activeGroup?: string } | undefined;
            return l.msg === "routing policy applied" && policy?.activeGroup === activeGroup && (l.time as number) >= after;
        });
    }

    describe("#version-rules", () => {
        it("must send a client whose version matches a rule to that rule's group", async () => {
            const t = Date.now();
            await cluster.setRouting({ activeGroup: "a", versionRules: [{ minClientVersion: "2.0.0", group: "b" }] });
            await policyApplied("a", t);
            const newer = await cluster.player(gw, undefined, "2.1.0");
            const older = await cluster.player(gw, undefined, "1.9.9");
            newer.sitDown("rule-new");
            older.sitDown("rule-old");
            await Promise.all([newer.next("user"), older.next("user")]);
            assert.deepEqual([await cluster.roomOwner("rule-new"), await cluster.roomOwner("rule-old")], [b.id, a.id]);
            await Promise.all([newer.close(), older.close()]);
        });
    });

    describe("#switch", () => {
        it("must put new rooms on the new group without a restart or a disconnect, then drain the old group to exit 0", async function () {
            this.timeout(90_000);
            await cluster.setRouting({ activeGroup: "a" });
            // Long games on group a; a player whose room ends because its server drained sits down again.
            const old = await seatAutos(cluster, "ab-old-", 16, 4, { rounds: 40, onLost: "resit" });
            for (const [room, owner] of await owners(
                cluster,
                old.map((x) => x.room),
            ))
                assert.equal(owner, a.id, `room ${room}`);

            const t = Date.now();
            await cluster.setRouting({ activeGroup: "b" });
            await policyApplied("b", t);
            const fresh = await seatAutos(cluster, "ab-new-", 8, 2, { rounds: 3 });
            for (const [room, owner] of await owners(
                cluster,
                fresh.map((x) => x.room),
            ))
                assert.equal(owner, b.id, `new room ${room}`);
            const midGame = old.filter((x) => x.stats.settled < 40);
            assert.ok(midGame.length > 0, "the switch happened while group a was playing");
            for (const x of old) assert.deepEqual([...x.stats.disconnects], [], `player ${x.player.userId} disconnected by the switch`);

            // A garbage routing file changes nothing.
            await cluster.setRouting("{ not json");
            await gw.proc.waitForLog("the rejected routing file", (l) => l.msg === "routing file rejected; the last good policy stays in force");
            const after = await seatAutos(cluster, "ab-after-garbage-", 4, 1, { rounds: 1 });
            assert.equal(await cluster.roomOwner(after[0]!.room), b.id);

            a.proc.signal("SIGTERM");
            const ends = await Promise.all([...old, ...fresh, ...after].map((x) => x.done));
            assert.deepEqual(new Set(ends), new Set(["finished"]));
            for (const x of [...old, ...fresh, ...after]) {
                assert.equal(x.stats.cutMidRound, 0, `player ${x.player.userId} was cut off mid-round`);
                assert.deepEqual([...x.stats.errors], [], `player ${x.player.userId} errors`);
            }
            // The old group's rooms ended after their round (Disconnect(1)); their players went on in group b.
            for (const x of old)
                assert.ok(
                    [...x.stats.disconnects.keys()].every((r) => r === 1),
                    `player ${x.player.userId}`,
                );
            for (const [room, owner] of await owners(
                cluster,
                old.map((x) => x.room),
            ))
                assert.ok(owner === b.id || owner === "none", `room ${room} on ${owner}`);
            assert.deepEqual(await a.proc.exited, { code: 0, signal: null });
            assert.equal(
                roomsOf(
                    await owners(
                        cluster,
                        fresh.map((x) => x.room),
                    ),
                    a.id,
                ).length,
                0,
            );
        });
    });
});
