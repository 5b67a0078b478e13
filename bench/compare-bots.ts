// The load driver's two client adapters for `npm run bench`: the client wire protocol (our gateway,
// the raw-ws relay, and the Go reference's gate_server, which speaks the same protocol) and
// colyseus.js 0.16. Both expose the same small Bot, so one driver runs every side alike. They
// decode only what the driver acts on (a reply, a turn to shake, the bot's own shake answer).
import { Client as ColyseusClient, type Room as ColyseusRoom } from "colyseus.js";
import WebSocket from "ws";
import { Cmd, decode, encode, encodeFrame } from "../services/protocol";
import { mintToken } from "../services/bot/token";

export interface BotHandlers {
    /** The answer to request() arrived. */
    reply?(): void;
    /** A round runs that this bot has not shaken in (DiceStart, or a DiceScene of a running round). */
    turn?(): void;
    /** The answer to this bot's own shake arrived. */
    ownShake?(): void;
}

export interface Bot {
    readonly id: number;
    /** Messages received so far. */
    received: number;
    /** Sets what the driver does on each event; a turn that came before (the sit-down's DiceScene) is delivered now. */
    on(handlers: BotHandlers): void;
    /** Closed loop: one request with one reply (Print, or the colyseus room's "print"). */
    request(): void;
    shake(): void;
    close(): Promise<void>;
}

export interface BotFactory {
    /** Connects the bots `ids` and seats them together in one room named by `roomKey`. */
    room(ids: number[], roomKey: string): Promise<Bot[]>;
    /** Connects one authenticated bot that never sits down (the idle-connections phase). */
    idle(id: number): Promise<Bot>;
}

/** The handlers and the one event that can come before the driver sets them. */
abstract class BaseBot {
    received = 0;
    protected handlers: BotHandlers = {};
    private missedTurn = false;

    on(handlers: BotHandlers): void {
        this.handlers = handlers;
        if (this.missedTurn && handlers.turn !== undefined) {
            this.missedTurn = false;
            handlers.turn();
        }
    }

    protected turn(): void {
        if (this.handlers.turn === undefined) this.missedTurn = true;
        else this.handlers.turn();
    }
}

const printFrame = encodeFrame(Cmd.PRINT, new Uint8Array(0));
const shakeFrame = encodeFrame(Cmd.DICE_SHAKE, new Uint8Array(0));

class WireBot extends BaseBot implements Bot {
    private readonly ws: WebSocket;
    private readonly closed: Promise<void>;
    private readonly key: string;
    /** Direct mode: the room server's own port, from the gateway's RoomTicket; the game goes there. */
    private room: WebSocket | undefined;

    /** `direct`: connects with ?direct=1 and plays where the gateway's RoomTicket says (services/direct-rooms.md). */
    constructor(
        readonly id: number,
        url: string,
        token: string,
        direct = false,
    ) {
        super();
        this.key = String(id);
        const u = new URL(url);
        u.searchParams.set("token", token);
        if (direct) u.searchParams.set("direct", "1");
        this.ws = new WebSocket(u, { perMessageDeflate: false });
        this.ws.binaryType = "nodebuffer";
        this.ws.on("error", () => undefined);
        this.ws.on("message", (data: Buffer) => this.onFrame(data));
        this.closed = new Promise((resolve) => this.ws.once("close", () => resolve()));
    }

    opened(): Promise<void> {
        return new Promise((resolve, reject) => {
            this.ws.once("open", () => resolve());
            this.ws.once("close", (code, reason) => reject(new Error(`bot ${this.id} closed before open: ${code} ${reason.toString()}`)));
        });
    }

    /** Resolves on the DiceScene a newcomer gets last, once seated. */
    async sitDown(roomId: string): Promise<void> {
        const seated = this.untilSeated();
        this.ws.send(encodeFrame(Cmd.SIT_DOWN, encode.sitDown({ room_id: roomId, seat: "-1", game_name: "dice" })));
        await seated;
    }

    private untilSeated(): Promise<void> {
        return new Promise<void>((resolve, reject) => {
            this.seated = resolve;
            this.ws.once("close", () => reject(new Error(`bot ${this.id} closed while sitting down`)));
        });
    }

    request(): void {
        const ws = this.room ?? this.ws;
        if (ws.readyState === WebSocket.OPEN) ws.send(printFrame);
    }

    shake(): void {
        const ws = this.room ?? this.ws;
        if (ws.readyState === WebSocket.OPEN) ws.send(shakeFrame);
    }

    close(): Promise<void> {
        this.room?.close(1000, "bye");
        this.ws.close(1000, "bye");
        return this.closed;
    }

    private openRoom(payload: Uint8Array): void {
        const t = decode.roomTicket(payload);
        if (!t.ok) return;
        const u = new URL(t.value.url);
        u.searchParams.set("ticket", t.value.ticket);
        const room = new WebSocket(u, { perMessageDeflate: false });
        room.binaryType = "nodebuffer";
        room.on("error", () => undefined);
        room.on("message", (data: Buffer) => this.onFrame(data));
        this.room = room;
    }

    private seated: (() => void) | undefined;

    private onFrame(data: Buffer): void {
        this.received++;
        if (data.length < 4) return;
        const cmd = data.readUInt32BE(0);
        const payload = data.subarray(4);
        if (cmd === Cmd.ROOM_TICKET) this.openRoom(payload);
        else if (cmd === Cmd.PRINT) this.handlers.reply?.();
        else if (cmd === Cmd.DICE_START) this.turn();
        else if (cmd === Cmd.DICE_SHAKE) {
            const s = decode.shake(payload);
            if (s.ok && s.value.userId === BigInt(this.id)) this.handlers.ownShake?.();
        } else if (cmd === Cmd.DICE_SCENE) {
            const s = decode.scene(payload);
            this.seated?.();
            this.seated = undefined;
            if (s.ok && s.value.status && s.value.dice[this.key] === undefined) this.turn();
        }
    }
}

/**
 * Our gateway, the raw-ws relay or the reference's gate_server at `url` (ws://host:port/).
 * `direct`: our gateway's direct mode: each bot signs in at the gateway with ?direct=1, sits down
 * there, and plays on the room server's own port with the ticket the gateway answers with.
 */
export function wireBots(url: string, jwtKey: string, direct = false): BotFactory {
    const connect = async (id: number) => {
        const bot = new WireBot(id, url, await mintToken(BigInt(id), jwtKey), direct);
        await bot.opened();
        return bot;
    };
    return {
        room: async (ids, roomKey) => {
            const bots = await Promise.all(ids.map(connect));
            // One at a time, so seats and the first DiceScene are the same on every side.
            for (const b of bots) await b.sitDown(roomKey);
            return bots;
        },
        idle: connect,
    };
}

const colyseusKinds = ["user", "scene", "start", "shake", "settlement", "standUp", "print", "error"];

class ColyseusBot extends BaseBot implements Bot {
    constructor(
        readonly id: number,
        private readonly room: ColyseusRoom,
    ) {
        super();
        for (const kind of colyseusKinds) room.onMessage(kind, (m: unknown) => this.onMessage(kind, m));
    }

    request(): void {
        this.room.send("print");
    }

    shake(): void {
        this.room.send("shake");
    }

    async close(): Promise<void> {
        await this.room.leave(true).catch(() => undefined);
    }

    private onMessage(kind: string, m: unknown): void {
        this.received++;
        if (kind === "print") this.handlers.reply?.();
        else if (kind === "start") this.turn();
        else if (kind === "shake") {
            if ((m as { userId: number }).userId === this.id) this.handlers.ownShake?.();
        } else if (kind === "scene") {
            const s = m as { status: boolean; dice: Record<string, number> };
            if (s.status && s.dice[String(this.id)] === undefined) this.turn();
        }
    }
}

/** The colyseus server at `url`: the first bot of a room creates it (seat reservation), the others join it by id. */
export function colyseusBots(url: string, jwtKey: string): BotFactory {
    const client = new ColyseusClient(url);
    return {
        room: async (ids) => {
            const bots: ColyseusBot[] = [];
            let roomId: string | undefined;
            for (const id of ids) {
                const token = await mintToken(BigInt(id), jwtKey);
                const room = roomId === undefined ? await client.create("dice", { token }) : await client.joinById(roomId, { token });
                roomId = room.roomId;
                bots.push(new ColyseusBot(id, room));
            }
            return bots;
        },
        idle: () => Promise.reject(new Error("a colyseus connection exists only inside a room")),
    };
}
