// The gateway's direct mode (services/direct-rooms.md, step 2): a `?direct=1` client's SitDown is
// answered with a RoomTicket for the placed server's own port when the directory names one; every
// other case is relayed as before, and a client whose ticket the room refused sits down again
// through the relay.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { waitFor } from "../../../lib/services/wait";
import { Cmd, decode, encode, encodeFrame } from "../../../services/protocol";
import { mintToken } from "../../../services/bot/token";
import { TicketIssuer, type SeatTicketIssuer } from "../../../services/gateway/tickets";
import type { PlacementDirectory } from "../../../services/gateway/placement";
import { verifyTicket } from "../../../services/shared/ticket";
import { md, startFakeRoom, type FakeRoom, type RoomStream, frame } from "./fake-room";
import { startGateway, type GatewayFixture } from "./fixture";
import { testJwtKeyB64 } from "./tokens";

const ticketKey = new Uint8Array(Buffer.from("gateway-ticket-key-for-tests-012"));

/** A stand-in for a room server's direct port: records each ticket, then does what the test says. */
class FakeDirectPort {
    readonly tickets: string[] = [];
    private readonly wss: WebSocketServer;

    constructor(onConnect: (ws: WebSocket) => void) {
        this.wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
        this.wss.on("connection", (ws, req) => {
            this.tickets.push(new URL(req.url ?? "/", "http://room").searchParams.get("ticket") ?? "");
            onConnect(ws);
        });
    }

    listening(): Promise<void> {
        return new Promise((resolve) => (this.wss.address() !== null ? resolve() : this.wss.once("listening", () => resolve())));
    }

    get url(): string {
        return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/`;
    }

    close(): Promise<void> {
        for (const c of this.wss.clients) c.terminate();
        return new Promise((resolve) => this.wss.close(() => resolve()));
    }
}

function seat(call: RoomStream): void {
    call.write(frame(Cmd.SIT_DOWN, encode.user(BigInt(md(call, "user_id") ?? "0"), 0, true)));
    call.on("end", () => call.end());
}

describe("Gateway: direct mode", () => {
    let gw: GatewayFixture;
    let room: FakeRoom;
    let port: FakeDirectPort;
    let onDirect: (ws: WebSocket) => void;

    async function start(o: { tickets?: boolean | SeatTicketIssuer; placement?: (p: PlacementDirectory) => PlacementDirectory } = {}): Promise<void> {
        gw = await startGateway({
            ...(o.tickets === false ? {} : { tickets: typeof o.tickets === "object" ? o.tickets : new TicketIssuer(ticketKey, 30) }),
            ...(o.placement !== undefined ? { placement: o.placement } : {}),
        });
    }

    beforeEach(async () => {
        room = await startFakeRoom(seat, "socket");
        onDirect = (ws) => ws.send(encodeFrame(Cmd.SIT_DOWN, encode.user(1n, 0, true)));
        port = new FakeDirectPort((ws) => onDirect(ws));
        await port.listening();
    });

    afterEach(async () => {
        await gw.stop();
        await Promise.all([room.stop(), port.close()]);
    });

    it("must answer with a ticket for the placed server, its room, seat, game and version, and open no room stream", async () => {
        await start();
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        const p = await gw.player(9007199254740993n, "1.4.0", true);
        const ticketed = p.next("ticket");
        p.send(Cmd.SIT_DOWN, encode.sitDown({ room_id: "1001", seat: "2", game_name: "dice" }));
        assert.deepEqual(await ticketed, [port.url]);
        const [u] = await p.next("user");
        assert.equal(u.id, 1n, "the frames come from the room's port");
        const v = await verifyTicket(ticketKey, port.tickets[0], "s1");
        assert.ok(v.ok, v.ok ? "" : v.reason);
        assert.deepEqual(v.ticket, { userId: 9007199254740993n, roomId: "1001", seat: 2, serverId: "s1", gameName: "dice", clientVersion: "1.4.0" });
        assert.equal(room.streams.length, 0);
        assert.match(await gw.metrics.registry.metrics(), /^gameops_gateway_room_tickets_total\{route="new"\} 1$/m);
    });

    it("must hand out the owner's port to a player back in its room (reconnect through any gateway)", async () => {
        await start();
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        await gw.directory.claimRoom("1001", "s1");
        await gw.directory.setUserRoom("77", "1001");
        const p = await gw.player(77n, undefined, true);
        const ticketed = p.next("ticket");
        p.sitDown("2002");
        await ticketed;
        await p.next("user");
        const v = await verifyTicket(ticketKey, port.tickets[0], "s1");
        assert.equal(v.ok && v.ticket.roomId, "1001");
        assert.match(await gw.metrics.registry.metrics(), /^gameops_gateway_room_tickets_total\{route="user"\} 1$/m);
    });

    it("must relay a player back to a room whose server drains (its pod is out of its load balancer)", async () => {
        await start();
        await gw.addServer("s1", room.addr, { wsUrl: port.url, state: "draining" });
        await gw.directory.claimRoom("1001", "s1");
        await gw.directory.setUserRoom("16", "1001");
        const p = await gw.player(16n, undefined, true);
        p.sitDown("1001");
        await waitFor("the relayed stream", async () => room.streams.length === 1);
        assert.equal(port.tickets.length, 0);
    });

    it("must relay a client without ?direct=1, a server without a direct port, and every player of a gateway without a ticket key", async () => {
        const relayed = async (direct: boolean, wsUrl: string | undefined, tickets: boolean, id: bigint) => {
            await start({ tickets });
            await gw.addServer("s1", room.addr, wsUrl === undefined ? {} : { wsUrl });
            const p = await gw.player(id, undefined, direct);
            p.sitDown("1001");
            const [u] = await p.next("user");
            await gw.stop();
            return u.id === id && !p.onRoomPort;
        };
        assert.deepEqual(
            [await relayed(false, port.url, true, 5n), await relayed(true, undefined, true, 6n), await relayed(true, port.url, false, 7n)],
            [true, true, true],
        );
        assert.equal(room.streams.length, 3);
        assert.equal(port.tickets.length, 0);
        await start(); // for afterEach
    });

    it("must sit a client down again through the relay when the room's port refuses its ticket", async () => {
        onDirect = (ws) => ws.close(4001, "ticket expired; sit down through the gateway again");
        await start();
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        const p = await gw.player(8n, undefined, true);
        const refused = p.next("directRefused");
        p.sitDown("1001", 1);
        assert.deepEqual(await refused, [4001, "ticket expired; sit down through the gateway again"]);
        const [u] = await p.next("user");
        assert.equal(u.id, 8n);
        await waitFor("the relayed stream", async () => room.streams.length === 1);
        assert.deepEqual(
            ["user_id", "room_id", "seat"].map((k) => md(room.streams[0]!, k)),
            ["8", "1001", "1"],
        );
        assert.equal(port.tickets.length, 1);
    });

    it("must answer a ticket that could not be signed with an error naming the way out, and keep the socket", async () => {
        await start({ tickets: { issue: () => Promise.reject(new Error("no key")) } });
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        const p = await gw.player(10n, undefined, true);
        p.sitDown("1001");
        const [e] = await p.next("errorResponse");
        assert.equal(e.desc, "cannot sit down: no seat ticket; sit down again with direct=0");
        p.send(Cmd.SIT_DOWN, encode.sitDown({ room_id: "1001", direct: "0" }));
        const [u] = await p.next("user");
        assert.equal(u.id, 10n, "relayed on the same socket");
    });

    it("must hand out nothing to a client that left while its ticket was being signed", async () => {
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        const issuer = new TicketIssuer(ticketKey, 30);
        let asked = 0;
        await start({
            tickets: {
                issue: async (t) => {
                    asked++;
                    await held;
                    return issuer.issue(t);
                },
            },
        });
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        const p = await gw.player(11n, undefined, true);
        p.sitDown("1001");
        await waitFor("the ticket to be asked for", async () => asked === 1);
        await p.close();
        await waitFor("the gateway to see the close", async () => gw.gateway.connectionCount === 0);
        release();
        await held;
        // The session is closed: no frame, no count, no room stream.
        const other = await gw.player(12n);
        other.sitDown("1002");
        await other.next("user");
        assert.doesNotMatch(await gw.metrics.registry.metrics(), /gameops_gateway_room_tickets_total\{/);
        assert.equal(port.tickets.length, 0);
    });

    it("must relay a seat below -1, so the client reads the room's own refusal", async () => {
        await start();
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        const p = await gw.player(13n, undefined, true);
        p.sitDown("1001", -2);
        await waitFor("the relayed stream", async () => room.streams.length === 1);
        assert.equal(md(room.streams[0]!, "seat"), "-2");
        assert.equal(port.tickets.length, 0);
    });

    it("must stop a direct client that keeps sitting down (each costs directory reads) after its burst, and only it", async () => {
        await start();
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        // A raw socket: a BotPlayer would send its next SitDown to the room's port, as a seated player does.
        const u = new URL(gw.url);
        u.searchParams.set("token", await mintToken(14n, testJwtKeyB64));
        u.searchParams.set("direct", "1");
        const ws = new WebSocket(u);
        const answers: number[] = [];
        let errorText = "";
        const next = () =>
            new Promise<void>((resolve) =>
                ws.once("message", (data: Buffer) => {
                    answers.push(data.readUInt32BE(0));
                    if (data.readUInt32BE(0) === Cmd.ERROR) {
                        const e = decode.error(data.subarray(4));
                        if (e.ok) errorText = e.value.desc;
                    }
                    resolve();
                }),
            );
        await new Promise((resolve) => ws.once("open", resolve));
        for (let i = 0; i < 11; i++) {
            const answered = next();
            ws.send(encodeFrame(Cmd.SIT_DOWN, encode.sitDown({ room_id: String(3000 + i) })));
            await answered;
        }
        ws.close();
        assert.deepEqual(answers, [...Array(10).fill(Cmd.ROOM_TICKET), Cmd.ERROR]);
        assert.equal(errorText, "too many sit-downs: more than 10 in a burst, 1 a second after that; wait a second and sit down again");
        // Another client is not affected.
        const p = await gw.player(15n, undefined, true);
        const ticketed = p.next("ticket");
        p.sitDown("4000");
        await ticketed;
    });

    it("must tell a client whose frames came while it was being placed that they went nowhere", async () => {
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        await start({
            placement: (p) => ({
                userRoom: async (id) => {
                    await held;
                    return p.userRoom(id);
                },
                roomOwner: (id) => p.roomOwner(id),
                server: (id) => p.server(id),
                pickNew: (r, g, x) => p.pickNew(r, g, x),
            }),
        });
        await gw.addServer("s1", room.addr, { wsUrl: port.url });
        const p = await gw.player(9n, undefined, true);
        p.sitDown("1001");
        await waitFor("the sit-down to be placing", async () =>
            (await gw.metrics.registry.getSingleMetricAsString("gameops_gateway_messages_in_total")).endsWith(" 1"),
        );
        p.shake();
        await waitFor("the shake to arrive", async () =>
            (await gw.metrics.registry.getSingleMetricAsString("gameops_gateway_messages_in_total")).endsWith(" 2"),
        );
        release();
        const [e] = await p.next("errorResponse");
        assert.equal(e.desc, "1 frames sent while sitting down were not delivered; send them on the room's own connection (RoomTicket)");
    });
});
