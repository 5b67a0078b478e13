// The room server's direct port (services/direct-rooms.md, step 1), on a real room server process:
// seat tickets decide who sits where, the client edge is the gateway's, and a drain ends the links
// as it ends relayed ones.
import { strict as assert } from "node:assert";
import WebSocket from "ws";
import { redisPerSuite } from "../../../lib/services/redis";
import { freePort } from "../../../lib/services/ports";
import { waitFor } from "../../../lib/services/wait";
import { rawUpgrade } from "../harness/raw-upgrade";
import { Cmd, decode, decodeFrame, encodeFrame } from "../../../services/protocol";
import { issueTicket, type SeatTicket } from "../../../services/shared/ticket";
import { startRoom, type RoomProcess } from "./room-process";

const keyB64 = Buffer.from("direct-ticket-key-for-tests-0123").toString("base64");
const key = new Uint8Array(Buffer.from(keyB64, "base64"));

/** A client on the direct port: every frame it got (cmd, payload) and how its socket closed. */
class DirectClient {
    readonly frames: { cmd: number; payload: Uint8Array }[] = [];
    readonly closed: Promise<{ code: number; reason: string }>;
    readonly ws: WebSocket;

    constructor(url: string) {
        this.ws = new WebSocket(url, { perMessageDeflate: false });
        this.ws.on("error", () => undefined);
        this.ws.on("message", (data: Buffer) => {
            const f = decodeFrame(data);
            if (f.ok) this.frames.push({ cmd: f.cmd, payload: f.payload });
        });
        this.closed = new Promise((resolve) => this.ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    }

    cmds(): number[] {
        return this.frames.map((f) => f.cmd);
    }

    send(cmd: number, payload: Uint8Array = new Uint8Array(0)): void {
        this.ws.send(encodeFrame(cmd, payload));
    }

    async got(what: string, cmd: number): Promise<Uint8Array> {
        return waitFor(`${what} (cmd ${cmd})`, () => this.frames.find((f) => f.cmd === cmd)?.payload);
    }
}

describe("room server direct port", function () {
    this.timeout(30_000);
    const redis = redisPerSuite();
    let room: RoomProcess | undefined;
    let wsPort = 0;
    const clients: DirectClient[] = [];

    const start = () =>
        startRoom(redis.server.url, "room-direct-0", {
            ROOM_WS_PORT: String(wsPort),
            ROOM_TICKET_KEY: keyB64,
            ADVERTISE_WS_URL: `ws://127.0.0.1:${wsPort}/`,
        });
    beforeEach(async () => {
        wsPort = await freePort();
        room = await start();
    });
    afterEach(async () => {
        // A test that narrowed the room's key access (below) and failed before its own restore.
        await redis.client.call("ACL", "SETUSER", "default", "allkeys");
        for (const c of clients.splice(0)) c.ws.terminate();
        await room?.kill();
        room = undefined;
    });

    async function join(t: Partial<SeatTicket> & { userId: bigint }, signWith = key): Promise<DirectClient> {
        const ticket = await issueTicket(signWith, { roomId: "7001", seat: -1, serverId: "room-direct-0", gameName: "dice", ...t });
        const c = new DirectClient(`ws://127.0.0.1:${wsPort}/?ticket=${ticket}`);
        clients.push(c);
        return c;
    }

    it("must publish where players reach its direct port in its directory record (the gateways hand it out), and stop when it drains", async () => {
        const record = () => redis.client.hmget("t:server:room-direct-0", "state", "wsUrl");
        await waitFor("the address in the record", async () => (await record())[1] === `ws://127.0.0.1:${wsPort}/`);
        const a = await join({ userId: 51n, roomId: "7005" });
        await a.got("a's scene", Cmd.DICE_SCENE);
        // A draining pod is out of its load balancer: its players are relayed while its rooms end.
        room!.signal("SIGTERM");
        await a.got("the closing notice", Cmd.SERVER_CLOSING);
        await waitFor("the record: draining, no address", async () => JSON.stringify(await record()) === JSON.stringify(["draining", ""]));
    });

    it("must seat the players of valid tickets in their room and play a round to its settlement", async () => {
        const a = await join({ userId: 11n });
        await a.got("a's scene", Cmd.DICE_SCENE);
        const b = await join({ userId: 12n });
        await b.got("b's scene", Cmd.DICE_SCENE);
        a.send(Cmd.DICE_SHAKE);
        b.send(Cmd.DICE_SHAKE);
        const settlement = decode.settlement(await a.got("the settlement", Cmd.DICE_SETTLEMENT));
        assert.ok(settlement.ok);
        assert.deepEqual(Object.keys(settlement.value.dice).sort(), ["11", "12"]);
        await b.got("b's settlement", Cmd.DICE_SETTLEMENT);
    });

    it("must answer a shake the client sends as soon as its socket opens", async () => {
        const a = await join({ userId: 15n, roomId: "7005" });
        a.ws.once("open", () => a.send(Cmd.DICE_SHAKE));
        const shake = decode.shake(await a.got("a's own shake answer", Cmd.DICE_SHAKE));
        assert.ok(shake.ok);
        assert.equal(shake.value.userId, 15n);
    });

    it("must answer 400 to a request target that is not a URL, and go on seating players", async () => {
        assert.equal(await rawUpgrade(`ws://127.0.0.1:${wsPort}/`, "//["), "HTTP/1.1 400 Bad Request");
        const a = await join({ userId: 16n, roomId: "7008" });
        await a.got("a's scene", Cmd.DICE_SCENE);
    });

    it("must refuse a ticket with 1001 when the directory does not answer in time, and seat nobody", async () => {
        // Writes wait longer than the room waits for its mark (2 s).
        await redis.client.call("CLIENT", "PAUSE", "4000", "WRITE");
        try {
            const a = await join({ userId: 17n, roomId: "7009" });
            assert.deepEqual(await a.closed, { code: 1001, reason: "room server cannot check tickets now; sit down through the gateway again" });
            assert.deepEqual(a.frames, []);
        } finally {
            await redis.client.call("CLIENT", "UNPAUSE");
        }
    });

    it("must refuse a forged, another server's or a used ticket with 4001 and the reason, and seat nobody", async () => {
        const forged = await join({ userId: 21n }, new Uint8Array(Buffer.from("not-the-key-0123456789abcdef0123")));
        const foreign = await join({ userId: 22n, serverId: "room-direct-9" });
        const ticket = await issueTicket(key, { userId: 23n, roomId: "7002", seat: -1, serverId: "room-direct-0", gameName: "dice" });
        const first = new DirectClient(`ws://127.0.0.1:${wsPort}/?ticket=${ticket}`);
        clients.push(first);
        await first.got("the first use's scene", Cmd.DICE_SCENE);
        const again = new DirectClient(`ws://127.0.0.1:${wsPort}/?ticket=${ticket}`);
        clients.push(again);
        assert.deepEqual(await Promise.all([forged.closed, foreign.closed, again.closed]), [
            { code: 4001, reason: "invalid ticket" },
            { code: 4001, reason: "ticket is for another room server, not room-direct-0; sit down through the gateway again" },
            { code: 4001, reason: "ticket already used; sit down through the gateway again" },
        ]);
        assert.deepEqual([forged.frames, foreign.frames, again.frames], [[], [], []]);
    });

    it("must refuse a ticket used before a restart under the same SERVER_ID: the used ids are kept in the directory", async () => {
        const ticket = await issueTicket(key, { userId: 24n, roomId: "7006", seat: -1, serverId: "room-direct-0", gameName: "dice" });
        const first = new DirectClient(`ws://127.0.0.1:${wsPort}/?ticket=${ticket}`);
        clients.push(first);
        await first.got("the first use's scene", Cmd.DICE_SCENE);
        await room!.kill();
        room = await start();
        const again = new DirectClient(`ws://127.0.0.1:${wsPort}/?ticket=${ticket}`);
        clients.push(again);
        assert.deepEqual(await again.closed, { code: 4001, reason: "ticket already used; sit down through the gateway again" });
        assert.deepEqual(again.frames, []);
    });

    it("must refuse a ticket it cannot mark used (the directory refuses the write) with 1001 and what to do, and seat nobody", async () => {
        // Only the ticket keys (t:ticket:...) are out of the room's reach; its heartbeat and rooms go on.
        await redis.client.call("ACL", "SETUSER", "default", "resetkeys", "~t:[^t]*", "~t:t[^i]*");
        try {
            const a = await join({ userId: 25n, roomId: "7007" });
            assert.deepEqual(await a.closed, { code: 1001, reason: "room server cannot check tickets now; sit down through the gateway again" });
            assert.deepEqual(a.frames, []);
        } finally {
            await redis.client.call("ACL", "SETUSER", "default", "allkeys");
        }
        const b = await join({ userId: 26n, roomId: "7007" });
        await b.got("b's scene once the directory takes writes again", Cmd.DICE_SCENE);
    });

    it("must close only the connection that breaks the framing, with its code and reason", async () => {
        const a = await join({ userId: 31n, roomId: "7003" });
        const b = await join({ userId: 32n, roomId: "7003" });
        await Promise.all([a.got("a's scene", Cmd.DICE_SCENE), b.got("b's scene", Cmd.DICE_SCENE)]);
        a.ws.send(Buffer.from([1, 2]));
        const closed = await a.closed;
        assert.equal(closed.code, 1002);
        b.send(Cmd.DICE_SHAKE);
        const shake = decode.shake(await b.got("b's own shake answer", Cmd.DICE_SHAKE));
        assert.ok(shake.ok);
        assert.equal(shake.value.userId, 32n);
        assert.equal(b.ws.readyState, WebSocket.OPEN);
    });

    it("must end its links with Disconnect(1) and a normal close when the server stops, and exit 0", async () => {
        const a = await join({ userId: 41n, roomId: "7004" });
        await a.got("a's scene", Cmd.DICE_SCENE);
        // The first signal drains (a closing notice); the second, once it is seen, dissolves now.
        room!.signal("SIGTERM");
        await a.got("the closing notice", Cmd.SERVER_CLOSING);
        room!.signal("SIGTERM");
        const disconnect = decode.int32(await a.got("the Disconnect", Cmd.DISCONNECT));
        assert.deepEqual(disconnect, { ok: true, value: 1 });
        assert.deepEqual(await a.closed, { code: 1000, reason: "the room ended the link" });
        assert.deepEqual(await room!.exited, { code: 0, signal: null });
    });
});
