// The bot against a server that speaks only what the reference backend sends (panshiqu/server
// 35e45df): no StandUp to the leaver, no DiceStart for a round the player finds running, and an
// int64 room_id. If the bot needed one of our extensions, these runs would not finish.
import { strict as assert } from "node:assert";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { AutoPlayer } from "../../../services/bot/auto";
import { runFleet } from "../../../services/bot/fleet";
import { BotPlayer } from "../../../services/bot/player";
import { mintToken } from "../../../services/bot/token";
import { Cmd, decode, decodeFrame, encode, encodeFrame, Err } from "../../../services/protocol";
import { waitFor, within } from "../../../lib/services/wait";

const key = "a2V5";

interface Conn {
    ws: WebSocket;
    id: bigint;
    /** Commands the client sent, in order. */
    got: number[];
}

/** A WebSocket server whose answer to each client frame is the test's script. */
async function scripted(onFrame: (c: Conn, cmd: number, payload: Uint8Array) => void) {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    wss.on("connection", (ws, req) => {
        // The bot's token is ours; its id claim is all this server needs.
        const token = new URL(req.url ?? "/", "ws://x").searchParams.get("token") ?? "";
        const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { id: number | string };
        const c: Conn = { ws, id: BigInt(claims.id), got: [] };
        ws.on("message", (data: Buffer) => {
            const f = decodeFrame(data);
            if (!f.ok) return void ws.terminate();
            c.got.push(f.cmd);
            onFrame(c, f.cmd, f.payload);
        });
    });
    await new Promise((r) => wss.once("listening", r));
    return {
        url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
        close: () =>
            new Promise<void>((resolve) => {
                for (const ws of wss.clients) ws.terminate();
                wss.close(() => resolve());
            }),
    };
}

const send = (c: Conn, cmd: number, payload: Uint8Array) => c.ws.send(encodeFrame(cmd, payload));

/**
 * The reference's dice rules in miniature: the round always runs (a newcomer gets DiceScene, never a
 * DiceStart of its own), settlement when everyone shook, the next round at once, StandUp answered
 * with nothing. A non-numeric room_id fails like the reference's metadata parse (an Error frame).
 */
function referenceRooms() {
    type Room = { players: Conn[]; dice: Map<bigint, number> };
    const rooms = new Map<string, Room>();
    const roomIds: string[] = [];
    const onFrame = (c: Conn, cmd: number, payload: Uint8Array) => {
        const room = [...rooms.values()].find((r) => r.players.includes(c));
        if (cmd === Cmd.SIT_DOWN) {
            const md = decode.sitDown(payload);
            const id = md.ok ? (md.value.room_id ?? "") : "";
            roomIds.push(id);
            if (!/^-?\d+$/.test(id)) return send(c, Cmd.ERROR, encode.error(Err.FAIL, `strconv.ParseInt: parsing "${id}": invalid syntax`));
            const r: Room = rooms.get(id) ?? { players: [], dice: new Map() };
            rooms.set(id, r);
            for (const p of r.players) send(c, Cmd.SIT_DOWN, encode.user(p.id, r.players.indexOf(p), true));
            r.players.push(c);
            for (const p of r.players) send(p, Cmd.SIT_DOWN, encode.user(c.id, r.players.length - 1, true));
            const hidden = Object.fromEntries([...r.dice.keys()].map((k) => [String(k), 0]));
            return send(c, Cmd.DICE_SCENE, encode.scene(true, 29_000n, hidden));
        }
        if (!room) return;
        if (cmd === Cmd.STAND_UP) {
            room.players.splice(room.players.indexOf(c), 1);
            for (const p of room.players) send(p, Cmd.STAND_UP, encode.int64(c.id));
            return;
        }
        if (cmd === Cmd.DICE_SHAKE) {
            room.dice.set(c.id, 3);
            for (const p of room.players) send(p, Cmd.DICE_SHAKE, encode.shake(c.id, p === c ? 3 : 0));
            if (room.players.length < 2 || room.players.some((p) => !room.dice.has(p.id))) return;
            const dice = Object.fromEntries([...room.dice].map(([k, v]) => [String(k), v]));
            for (const p of room.players) send(p, Cmd.DICE_SETTLEMENT, encode.settlement(5000n, [...room.dice.keys()], dice));
            room.dice.clear();
            for (const p of room.players) send(p, Cmd.DICE_START, encode.int64(30_000n));
        }
    };
    return { onFrame, roomIds };
}

describe("bot in the reference dialect", function () {
    this.timeout(20_000);

    describe("#runFleet", () => {
        it("must finish every player with numeric room ids and without StandUp(own id)", async () => {
            const ref = referenceRooms();
            const server = await scripted(ref.onFrame);
            try {
                const summary = await runFleet({ url: server.url, players: 4, rooms: 2, rounds: 2, jwtKeyBase64: key, deadlineMs: 15_000 });
                assert.deepEqual(summary.ends, { finished: 4, replaced: 0, lost: 0, closed: 0, unfinished: 0 });
                assert.deepEqual([summary.errorsByCode, summary.roundsPlayed], [{}, 4]);
                assert.equal(ref.roomIds.length, 4);
                for (const id of ref.roomIds) assert.match(id, /^[1-9][0-9]*$/);
                assert.equal(new Set(ref.roomIds).size, 2);
            } finally {
                await server.close();
            }
        });
        it("must use the given first room id", async () => {
            const ref = referenceRooms();
            const server = await scripted(ref.onFrame);
            try {
                const summary = await runFleet({ url: server.url, players: 4, rooms: 2, rounds: 1, jwtKeyBase64: key, firstRoomId: 7n, deadlineMs: 15_000 });
                assert.equal(summary.ends.finished, 4);
                assert.deepEqual([...ref.roomIds].sort(), ["7", "7", "8", "8"]);
            } finally {
                await server.close();
            }
        });
    });

    describe("#late-shake", () => {
        it("must not count the StatusMismatch answer to a shake that its round's settlement overtook", async () => {
            let shakes = 0;
            const server = await scripted((c, cmd) => {
                if (cmd === Cmd.SIT_DOWN) {
                    send(c, Cmd.SIT_DOWN, encode.user(c.id, 0, true));
                    return send(c, Cmd.DICE_SCENE, encode.scene(true, 150n, {}));
                }
                if (cmd !== Cmd.DICE_SHAKE) return;
                if (++shakes === 1) {
                    // The round ended before the shake arrived, as the reference answers it.
                    send(c, Cmd.DICE_SETTLEMENT, encode.settlement(5000n, [], {}));
                    send(c, Cmd.ERROR, encode.error(Err.STATUS_MISMATCH, "status mismatch"));
                    return send(c, Cmd.DICE_START, encode.int64(30_000n));
                }
                send(c, Cmd.DICE_SHAKE, encode.shake(c.id, 2));
                send(c, Cmd.DICE_SETTLEMENT, encode.settlement(5000n, [c.id], { [String(c.id)]: 2 }));
            });
            try {
                const player = new BotPlayer({ url: server.url, userId: 5n, token: await mintToken(5n, key) });
                await player.opened();
                const auto = new AutoPlayer(player, { roomId: "1", rounds: 2 });
                auto.start();
                assert.equal(await within("the bot to finish", auto.done, 10_000), "finished");
                assert.deepEqual([[...auto.stats.errors], auto.stats.settled, shakes], [[], 2, 2]);
                await player.close();
            } finally {
                await server.close();
            }
        });
    });

    describe("#scene", () => {
        // Each case: the server seats the player, sends the scene, then a Settlement; a bot playing one
        // round stands up on it. Whatever the bot sent in between arrives before that StandUp.
        const cases: Array<[string, Uint8Array, number[]]> = [
            [
                "must shake on a running round's scene that does not list it",
                encode.scene(true, 20_000n, { "1": 0 }),
                [Cmd.SIT_DOWN, Cmd.DICE_SHAKE, Cmd.STAND_UP],
            ],
            ["must not shake when the scene lists it (it already shook this round)", encode.scene(true, 20_000n, { "9": 4 }), [Cmd.SIT_DOWN, Cmd.STAND_UP]],
            ["must not shake when the scene shows no round running", encode.scene(false, 4_000n, {}), [Cmd.SIT_DOWN, Cmd.STAND_UP]],
            ["must not shake into a round with less than 100 ms left", encode.scene(true, 99n, {}), [Cmd.SIT_DOWN, Cmd.STAND_UP]],
        ];
        for (const [title, scene, expected] of cases) {
            it(title, async () => {
                let conn: Conn | undefined;
                const server = await scripted((c, cmd) => {
                    conn = c;
                    if (cmd !== Cmd.SIT_DOWN) return;
                    send(c, Cmd.SIT_DOWN, encode.user(c.id, 0, true));
                    send(c, Cmd.DICE_SCENE, scene);
                    // After the bot's reaction to the scene (a shake or nothing) has had its turn.
                    setImmediate(() => send(c, Cmd.DICE_SETTLEMENT, encode.settlement(5000n, [], {})));
                });
                try {
                    const player = new BotPlayer({ url: server.url, userId: 9n, token: await mintToken(9n, key) });
                    await player.opened();
                    const auto = new AutoPlayer(player, { roomId: "1", rounds: 1 });
                    auto.start();
                    assert.equal(await within("the bot to finish", auto.done, 10_000), "finished");
                    await waitFor("the StandUp to arrive", () => conn?.got.includes(Cmd.STAND_UP), { timeoutMs: 5_000 });
                    assert.deepEqual(conn?.got, expected);
                    await player.close();
                } finally {
                    await server.close();
                }
            });
        }
    });
});
