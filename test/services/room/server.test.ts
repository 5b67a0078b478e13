import { strict as assert } from "node:assert";
import type { Client } from "@grpc/grpc-js";
import { Cmd } from "../../../services/protocol";
import { decode } from "../../../services/protocol/codec";
import { resultFromFields } from "../../../services/directory";
import { redisPerSuite } from "../../../lib/services/redis";
import { waitFor } from "../../../lib/services/wait";
import { GrpcPlayer, roomClient, status, transports, useTransport } from "./grpc-player";
import { startRoom, type RoomProcess } from "./room-process";

// One contract over every way a player reaches a room server: a Connect stream per player, links on a
// Relay stream (gRPC or TCP), and the direct port. A direct player learns of a refusal from its close
// frame (DirectCall: UNAVAILABLE with the close reason), where a relayed one gets a gRPC status.
for (const transport of transports) {
    describe(`room server (players over ${transport})`, function () {
        this.timeout(30_000);
        before(() => useTransport(transport));
        const redis = redisPerSuite();
        let room: RoomProcess | undefined;
        const clients: Client[] = [];
        let n = 0;
        const serverId = () => `room-${++n}`;

        afterEach(async () => {
            for (const c of clients.splice(0)) c.close();
            await room?.kill();
            room = undefined;
        });
        const client = (addr: string) => {
            const c = roomClient(addr);
            clients.push(c);
            return c;
        };
        const results = async (roomId: string) =>
            (await redis.client.xrange("t:results", "-", "+"))
                .map(([, f]) => resultFromFields(f))
                .flatMap((r) => (r.ok && r.value.room === roomId ? [r.value] : []));
        const int32Of = (data: Uint8Array) => {
            const r = decode.int32(data);
            assert.ok(r.ok);
            return r.value;
        };

        describe("#play", () => {
            it("must seat players, play a round and append the settled round to the results stream", async () => {
                room = await startRoom(redis.server.url, serverId());
                const c = client(room.addr);
                const a = new GrpcPlayer(c, 11n, "play-1");
                await a.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                const b = new GrpcPlayer(c, 12n, "play-1");
                await b.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                a.send(Cmd.DICE_SHAKE);
                b.send(Cmd.DICE_SHAKE);
                const s = await a.waitFrame("settlement", (f) => f.cmd === Cmd.DICE_SETTLEMENT);
                const notice = decode.settlement(s.data);
                assert.ok(notice.ok);
                const got = await waitFor("the result in the stream", async () => (await results("play-1"))[0]);
                assert.deepEqual([got.round, got.server, [...got.dice.keys()].sort(), got.winners], [1, room.serverId, [11n, 12n], notice.value.winner]);
            });
            it("must register itself, own the room and map its users in the directory", async () => {
                room = await startRoom(redis.server.url, serverId(), { ROOM_GROUP: "b", ROOM_VERSION: "2.0.0" });
                const p = new GrpcPlayer(client(room.addr), 21n, "dir-1");
                await p.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                const rec = await waitFor("players=1 in the heartbeat", async () => {
                    const h = await redis.client.hgetall(`t:server:${room!.serverId}`);
                    return h.players === "1" && h;
                });
                assert.deepEqual([rec.addr, rec.group, rec.version, rec.state, rec.rooms], [room.addr, "b", "2.0.0", "ready", "1"]);
                assert.deepEqual(
                    [await redis.client.sismember("t:servers", room.serverId), await redis.client.get("t:room:dir-1"), await redis.client.get("t:user:21")],
                    [1, room.serverId, "dir-1"],
                );
            });
            it("must delete user -> room when the player stands up and end the stream with OK", async () => {
                room = await startRoom(redis.server.url, serverId());
                const c = client(room.addr);
                const a = new GrpcPlayer(c, 31n, "stand-1");
                const b = new GrpcPlayer(c, 32n, "stand-1");
                await b.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                await waitFor("user 32 mapped", async () => (await redis.client.get("t:user:32")) === "stand-1");
                b.send(Cmd.STAND_UP);
                assert.equal((await b.status).code, status.OK);
                await waitFor("user 32 unmapped", async () => (await redis.client.get("t:user:32")) === null);
                await a.waitFrame("StandUp(32)", (f) => f.cmd === Cmd.STAND_UP);
                assert.equal(b.cmds().includes(Cmd.STAND_UP), false, "the leaver is told nothing");
            });
        });

        describe("#refusals", () => {
            it("must refuse a room owned by another live server with FAILED_PRECONDITION and owner-addr", async () => {
                room = await startRoom(redis.server.url, serverId());
                await redis.client.hset("t:server:other", {
                    addr: "10.0.0.9:7000",
                    group: "a",
                    version: "1",
                    state: "ready",
                    rooms: "1",
                    players: "0",
                    updatedAt: "1",
                });
                await redis.client.set("t:lease:other", "i-other", "PX", 60_000);
                await redis.client.set("t:room:owned-1", "other", "PX", 60_000);
                const p = new GrpcPlayer(client(room.addr), 41n, "owned-1");
                const st = await p.status;
                assert.deepEqual(
                    [st.code, st.details, st.metadata.get("owner-addr")],
                    transport === "direct"
                        ? [status.UNAVAILABLE, "room moved to another server; sit down through the gateway again", []]
                        : [status.FAILED_PRECONDITION, "room owned-1 is owned by other", ["10.0.0.9:7000"]],
                );
            });
            it("must refuse with UNAVAILABLE, not redirect, a room whose owner's lease lapsed (its record not yet expired)", async () => {
                room = await startRoom(redis.server.url, serverId());
                await redis.client.hset("t:server:silent", {
                    addr: "10.0.0.8:7000",
                    group: "a",
                    version: "1",
                    state: "ready",
                    rooms: "1",
                    players: "0",
                    updatedAt: "1",
                });
                await redis.client.set("t:room:owned-2", "silent", "PX", 60_000);
                const st = await new GrpcPlayer(client(room.addr), 44n, "owned-2").status;
                assert.deepEqual(
                    [st.code, st.details, st.metadata.get("owner-addr")],
                    transport === "direct"
                        ? [status.UNAVAILABLE, "room refused the seat (UNAVAILABLE); sit down through the gateway again", []]
                        : [status.UNAVAILABLE, "room owned-2 is owned by silent, which does not renew its lease; retry once its record expires", []],
                );
            });
            it("must take over a room whose owner is gone from the directory (crashed)", async () => {
                room = await startRoom(redis.server.url, serverId());
                await redis.client.set("t:room:orphan-1", "ghost", "PX", 60_000);
                const p = new GrpcPlayer(client(room.addr), 43n, "orphan-1");
                await p.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                assert.equal(await redis.client.get("t:room:orphan-1"), room.serverId);
            });
            it("must refuse bad metadata with INVALID_ARGUMENT naming the field", async () => {
                room = await startRoom(redis.server.url, serverId());
                const p = new GrpcPlayer(client(room.addr), 42n, "bad-1", -1, { game_name: "poker" });
                const st = await p.status;
                assert.deepEqual(
                    [st.code, st.details],
                    transport === "direct"
                        ? [status.UNAVAILABLE, "room refused the seat (INVALID_ARGUMENT); sit down through the gateway again"]
                        : [status.INVALID_ARGUMENT, 'game_name: "poker" is not supported; use one of dice'],
                );
            });
        });

        describe("#reconnect", () => {
            it("must replace the old stream: Disconnect(2) then OK on the old one, DiceScene on the new one", async () => {
                room = await startRoom(redis.server.url, serverId());
                const c = client(room.addr);
                const old = new GrpcPlayer(c, 51n, "re-1");
                await old.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                const fresh = new GrpcPlayer(c, 51n, "re-1");
                await fresh.waitFrame("DiceScene", (f) => f.cmd === Cmd.DICE_SCENE);
                const d = await old.waitFrame("Disconnect", (f) => f.cmd === Cmd.DISCONNECT);
                assert.deepEqual([int32Of(d.data), (await old.status).code], [2, status.OK]);
            });
        });

        describe("#drain", () => {
            it("must on SIGTERM go unready, mark itself draining, refuse new rooms, let the round finish and exit 0", async () => {
                room = await startRoom(redis.server.url, serverId());
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
                room = await startRoom(redis.server.url, serverId(), { CLOSING_NOTICE_MS: "600000", DRAIN_SECONDS: "300" });
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
                room = await startRoom(redis.server.url, serverId());
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
                room = await startRoom(redis.server.url, serverId(), { DRAIN_SECONDS: "2", CLOSING_NOTICE_MS: "300" });
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

        describe("#results", () => {
            it("must keep a round settled during a Redis outage and write it once Redis is back", async () => {
                room = await startRoom(redis.server.url, serverId());
                const c = client(room.addr);
                const a = new GrpcPlayer(c, 101n, "outage-1");
                const b = new GrpcPlayer(c, 102n, "outage-1");
                await b.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                await a.waitFrame("b's User", (f) => f.cmd === Cmd.SIT_DOWN && (decode.user(f.data) as { ok: true; value: { id: bigint } }).value.id === 102n);
                await redis.server.pause();
                try {
                    a.send(Cmd.DICE_SHAKE);
                    b.send(Cmd.DICE_SHAKE);
                    await a.waitFrame("settlement while Redis is down", (f) => f.cmd === Cmd.DICE_SETTLEMENT);
                    await room.waitForLog("a failed append", (l) => l.msg === "result append failed; retrying");
                } finally {
                    await redis.server.resume();
                }
                const got = await waitFor("the result after the outage", async () => (await results("outage-1"))[0], { timeoutMs: 15_000 });
                assert.deepEqual([...got.dice.keys()].sort(), [101n, 102n]);
                await waitFor("the heartbeat to re-register the server", async () => (await redis.client.exists(`t:server:${room!.serverId}`)) === 1);
                await waitFor(
                    "the heartbeat to restore room and user keys",
                    async () => (await redis.client.get("t:room:outage-1")) === room!.serverId && (await redis.client.get("t:user:101")) === "outage-1",
                );
            });
            it("must expose rooms, players and settled rounds on /metrics", async () => {
                room = await startRoom(redis.server.url, serverId());
                const p = new GrpcPlayer(client(room.addr), 111n, "metrics-1");
                await p.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                const body = await (await fetch(`http://127.0.0.1:${room.adminPort}/metrics`)).text();
                assert.match(body, /^gameops_room_rooms 1$/m);
                assert.match(body, /^gameops_room_players 1$/m);
                assert.match(body, /^gameops_room_rounds_settled_total 0$/m);
            });
        });

        describe("#crash", () => {
            it("must leave no live directory entry after SIGKILL once the TTL passed", async () => {
                room = await startRoom(redis.server.url, serverId());
                const p = new GrpcPlayer(client(room.addr), 91n, "crash-1");
                await p.waitFrame("DiceScene of the running round", (f) => f.cmd === Cmd.DICE_SCENE);
                await waitFor("user mapped", async () => (await redis.client.get("t:user:91")) === "crash-1");
                const killedAt = Date.now();
                await room.kill();
                await waitFor(
                    "server, room and user keys to expire",
                    async () => (await redis.client.exists(`t:server:${room!.serverId}`, "t:room:crash-1", "t:user:91")) === 0,
                    { timeoutMs: 5_000 },
                );
                // TTL is 1000 ms and the last heartbeat was at most 200 ms before the kill.
                assert.ok(Date.now() - killedAt < 3_000, `expired after ${Date.now() - killedAt} ms`);
                assert.notEqual((await p.status).code, status.OK);
            });
        });
    });
}
