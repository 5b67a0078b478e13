import { strict as assert } from "node:assert";
import { Cmd } from "../../../services/protocol";
import { decode } from "../../../services/protocol/codec";
import { waitFor } from "../../../lib/services/wait";
import { GrpcPlayer, status, transports, useTransport } from "./grpc-player";
import type { RoomProcess } from "./room-process";
import { int32Of, roomServerSuite } from "./server-suite";

// One contract over every way a player reaches a room server: a Connect stream per player, links on a
// Relay stream (gRPC or TCP), and the direct port. A direct player learns of a refusal from its close
// frame (DirectCall: UNAVAILABLE with the close reason), where a relayed one gets a gRPC status.
for (const transport of transports) {
    describe(`room server (players over ${transport})`, function () {
        this.timeout(30_000);
        before(() => useTransport(transport));
        const suite = roomServerSuite();
        const { redis, client, results } = suite;
        let room: RoomProcess | undefined;

        describe("#play", () => {
            it("must seat players, play a round and append the settled round to the results stream", async () => {
                room = await suite.start();
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
                room = await suite.start({ ROOM_GROUP: "b", ROOM_VERSION: "2.0.0" });
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
                room = await suite.start();
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
                room = await suite.start();
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
                room = await suite.start();
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
                room = await suite.start();
                await redis.client.set("t:room:orphan-1", "ghost", "PX", 60_000);
                const p = new GrpcPlayer(client(room.addr), 43n, "orphan-1");
                await p.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                assert.equal(await redis.client.get("t:room:orphan-1"), room.serverId);
            });
            it("must refuse bad metadata with INVALID_ARGUMENT naming the field", async () => {
                room = await suite.start();
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
                room = await suite.start();
                const c = client(room.addr);
                const old = new GrpcPlayer(c, 51n, "re-1");
                await old.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
                const fresh = new GrpcPlayer(c, 51n, "re-1");
                await fresh.waitFrame("DiceScene", (f) => f.cmd === Cmd.DICE_SCENE);
                const d = await old.waitFrame("Disconnect", (f) => f.cmd === Cmd.DISCONNECT);
                assert.deepEqual([int32Of(d.data), (await old.status).code], [2, status.OK]);
            });
        });

        describe("#results", () => {
            it("must keep a round settled during a Redis outage and write it once Redis is back", async () => {
                room = await suite.start();
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
                room = await suite.start();
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
                room = await suite.start();
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
