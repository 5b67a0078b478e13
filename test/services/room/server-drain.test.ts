// The room server's contract, its drain (server.test.ts has the rest): over every player transport,
// a SIGTERM drains (unready, draining in the directory, new rooms refused, rounds finish, exit 0), a
// second one dissolves now, and the DRAIN_SECONDS deadline ends what is left.
import { strict as assert } from "node:assert";
import { Cmd } from "../../../services/protocol";
import { decode } from "../../../services/protocol/codec";
import { waitFor } from "../../../lib/services/wait";
import { GrpcPlayer, status, transports, useTransport } from "./grpc-player";
import type { RoomProcess } from "./room-process";
import { int32Of, roomServerSuite } from "./server-suite";

for (const transport of transports) {
    describe(`room server drain (players over ${transport})`, function () {
        this.timeout(30_000);
        before(() => useTransport(transport));
        const suite = roomServerSuite();
        const { redis, client, results } = suite;
        let room: RoomProcess | undefined;

        describe("#drain", () => {
            it("must on SIGTERM go unready, mark itself draining, refuse new rooms, let the round finish and exit 0", async () => {
                room = await suite.start();
                const c = client(room.addr);
                const a = new GrpcPlayer(c, 61n, "drain-1");
                new GrpcPlayer(c, 62n, "drain-1"); // a second player: the room has a game to drain
                await a.waitFrame(
                    "b's User",
                    (f) => f.cmd === Cmd.SIT_DOWN && decode.user(f.data).ok && (decode.user(f.data) as { value: { id: bigint } }).value.id === 62n,
                );
                room.signal("SIGTERM");
                await waitFor("/readyz 503", async () => (await room!.admin("/readyz")) === 503);
                await waitFor("state draining", async () => (await redis.client.hget(`t:server:${room!.serverId}`, "state")) === "draining");
                const closing = await a.waitFrame("ServerClosing", (f) => f.cmd === Cmd.SERVER_CLOSING);
                assert.ok(int32Of(closing.data) > 100 && int32Of(closing.data) <= 120);

                const newcomer = new GrpcPlayer(c, 63n, "drain-new");
                const st = await newcomer.status;
                assert.deepEqual(
                    [st.code, st.details],
                    [status.UNAVAILABLE, transport === "direct" ? "room server draining; sit down through the gateway again" : "draining"],
                );

                const back = new GrpcPlayer(c, 62n, "drain-1");
                await back.waitFrame("DiceScene on reconnect while draining", (f) => f.cmd === Cmd.DICE_SCENE);

                a.send(Cmd.DICE_SHAKE);
                back.send(Cmd.DICE_SHAKE);
                await a.waitFrame("settlement", (f) => f.cmd === Cmd.DICE_SETTLEMENT);
                const bye = await a.waitFrame("Disconnect after the round", (f) => f.cmd === Cmd.DISCONNECT);
                assert.equal(int32Of(bye.data), 1);
                assert.deepEqual(await room.exited, { code: 0, signal: null });
                assert.equal((await results("drain-1")).length, 1);
                assert.deepEqual(
                    [
                        await redis.client.exists(`t:server:${room.serverId}`),
                        await redis.client.sismember("t:servers", room.serverId),
                        await redis.client.get("t:room:drain-1"),
                    ],
                    [0, 0, null],
                );
            });
            it("must tell a player who reconnects while the server drains that it is closing, without waiting for the next notice", async () => {
                room = await suite.start({ CLOSING_NOTICE_MS: "600000", DRAIN_SECONDS: "300" });
                const c = client(room.addr);
                const a = new GrpcPlayer(c, 65n, "drain-re");
                await a.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                room.signal("SIGTERM");
                await a.waitFrame("ServerClosing at drain start", (f) => f.cmd === Cmd.SERVER_CLOSING);
                const back = new GrpcPlayer(c, 65n, "drain-re");
                const notice = await back.waitFrame("ServerClosing on the new stream", (f) => f.cmd === Cmd.SERVER_CLOSING);
                assert.deepEqual(back.cmds().slice(0, 3), [Cmd.ONLINE, Cmd.DICE_SCENE, Cmd.SERVER_CLOSING]);
                assert.ok(int32Of(notice.data) > 200 && int32Of(notice.data) <= 300, `seconds left ${int32Of(notice.data)}`);
            });
            it("must on a second SIGTERM settle running rounds, send Disconnect(1) to everyone and exit 0 with every result written", async () => {
                room = await suite.start();
                const c = client(room.addr);
                const players = [new GrpcPlayer(c, 71n, "d2-a"), new GrpcPlayer(c, 72n, "d2-a"), new GrpcPlayer(c, 73n, "d2-b")];
                for (const p of players) await p.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                await players[0].waitFrame("DiceScene of the running round", (f) => f.cmd === Cmd.DICE_SCENE);
                players[0].send(Cmd.DICE_SHAKE);
                await players[0].waitFrame("own shake", (f) => f.cmd === Cmd.DICE_SHAKE);
                room.signal("SIGTERM");
                await players[0].waitFrame("ServerClosing", (f) => f.cmd === Cmd.SERVER_CLOSING);
                room.signal("SIGTERM");
                for (const p of players) {
                    const d = await p.waitFrame("Disconnect", (f) => f.cmd === Cmd.DISCONNECT);
                    assert.equal(int32Of(d.data), 1);
                    assert.ok(p.cmds().includes(Cmd.DICE_SETTLEMENT));
                }
                assert.deepEqual(await room.exited, { code: 0, signal: null });
                const [ra, rb] = [await results("d2-a"), await results("d2-b")];
                assert.deepEqual([ra.length, rb.length, ra[0].winners], [1, 1, [71n]]);
            });
            it("must repeat ServerClosing with the seconds left, dissolve every room at the DRAIN_SECONDS deadline and exit 0", async () => {
                room = await suite.start({ DRAIN_SECONDS: "2", CLOSING_NOTICE_MS: "300" });
                const p = new GrpcPlayer(client(room.addr), 81n, "deadline-1");
                await p.waitFrame("DiceScene of the running round", (f) => f.cmd === Cmd.DICE_SCENE);
                room.signal("SIGTERM");
                const d = await p.waitFrame("Disconnect at the deadline", (f) => f.cmd === Cmd.DISCONNECT);
                assert.equal(int32Of(d.data), 1);
                const notices = p.frames.filter((f) => f.cmd === Cmd.SERVER_CLOSING).map((f) => int32Of(f.data));
                assert.ok(notices.length >= 2, `notices ${JSON.stringify(notices)}`);
                assert.equal(notices[0], 2);
                assert.deepEqual(
                    notices,
                    [...notices].sort((x, y) => y - x),
                    "seconds left never go up",
                );
                assert.deepEqual(await room.exited, { code: 0, signal: null });
                await room.waitForLog("stop reason", (l) => l.msg === "stopping" && l.reason === "drain deadline");
            });
        });
    });
}
