import { EventEmitter } from "node:events";
import WebSocket from "ws";
import {
    Cmd,
    decode,
    decodeFrame,
    encode,
    encodeFrame,
    type ErrorResponse,
    type SceneNotice,
    type SettlementNotice,
    type ShakeResponse,
    type User,
} from "../protocol";
import { RoomSocket, type RoomSocketEnd } from "./room-socket";

/** Everything a BotPlayer can observe, by event name. */
export interface BotEvents {
    open: [];
    frame: [cmd: number, payload: Uint8Array];
    user: [user: User];
    standUp: [userId: bigint];
    online: [signedId: bigint];
    print: [text: string];
    scene: [scene: SceneNotice];
    start: [roundMs: bigint];
    shake: [shake: ShakeResponse];
    settlement: [settlement: SettlementNotice];
    errorResponse: [error: ErrorResponse];
    disconnect: [reason: number];
    closing: [secondsLeft: number];
    /** Direct mode: the gateway handed out a room's own port (the RoomTicket frame, not a `frame` event). */
    ticket: [url: string];
    /** Direct mode: the room's port refused the ticket; the player sits down again through the relay. */
    directRefused: [code: number, reason: string];
    /** A frame that did not decode (a protocol bug on the server side). */
    protocolError: [reason: string];
    close: [code: number, reason: string];
}

export interface BotPlayerOptions {
    url: string;
    userId: bigint;
    token: string;
    /** Client version (the `version` query parameter extension). */
    version?: string;
    /**
     * Direct mode (the `direct=1` extension, services/direct-rooms.md): plays on the room server's
     * own port when the gateway hands out a RoomTicket, and falls back to the relay when that port
     * refuses. Events and `frame`s are the same as through the relay, but for a link the room's
     * client edge closes (a flood, a malformed frame): the relay closes the player's gateway socket,
     * here the room socket closes and the player sees Disconnect(0).
     */
    direct?: boolean;
}

export interface Closed {
    code: number;
    reason: string;
}

/**
 * One scripted client speaking the client protocol over a real WebSocket. It decodes every frame
 * into a typed event and offers `next(event, predicate)` so tests wait for what they expect
 * instead of sleeping.
 */
export class BotPlayer extends EventEmitter<BotEvents> {
    readonly userId: bigint;
    readonly ws: WebSocket;
    /** Resolves once with the close code and reason. */
    readonly closed: Promise<Closed>;
    /** The seat the room gave this player (from the User frame naming it), while seated. */
    seat: number | undefined;
    /** Direct mode: the socket to the room server's own port, while there is one. */
    private room: RoomSocket | undefined;
    /** The last SitDown's metadata, to sit down again through the relay when the room's port refuses. */
    private lastSitDown: Record<string, string> | undefined;

    constructor(opts: BotPlayerOptions) {
        super();
        this.userId = opts.userId;
        const url = new URL(opts.url);
        url.searchParams.set("token", opts.token);
        if (opts.version !== undefined) url.searchParams.set("version", opts.version);
        if (opts.direct === true) url.searchParams.set("direct", "1");
        this.ws = new WebSocket(url, { perMessageDeflate: false });
        this.ws.binaryType = "nodebuffer";
        this.closed = new Promise((resolve) =>
            this.ws.once("close", (code, reason) => {
                // The gateway connection is the player's session: its room link goes with it.
                this.room?.close();
                const r = { code, reason: reason.toString("utf8") };
                this.emit("close", r.code, r.reason);
                resolve(r);
            }),
        );
        this.ws.on("open", () => this.emit("open"));
        this.ws.on("error", () => undefined); // surfaced through `close`
        this.ws.on("message", (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    }

    /** Resolves when the socket is open; rejects if it closes first (e.g. 4001). */
    async opened(timeoutMs = 10_000): Promise<void> {
        if (this.ws.readyState === WebSocket.OPEN) return;
        const outcome = await Promise.race([
            new Promise<"open">((resolve) => this.ws.once("open", () => resolve("open"))),
            this.closed,
            timeout(timeoutMs, `player ${this.userId} to connect`),
        ]);
        if (outcome !== "open") throw new Error(`player ${this.userId} closed before open: ${outcome.code} ${outcome.reason}`);
    }

    /** Direct mode: the player has a socket to a room's own port (opening or open). */
    get onRoomPort(): boolean {
        return this.room !== undefined;
    }

    get isOpen(): boolean {
        return this.ws.readyState === WebSocket.OPEN;
    }

    sitDown(roomId: string, seat = -1, gameName = "dice"): void {
        this.lastSitDown = { room_id: roomId, seat: String(seat), game_name: gameName };
        this.send(Cmd.SIT_DOWN, encode.sitDown(this.lastSitDown));
    }

    shake(presetPoints?: number): void {
        this.send(Cmd.DICE_SHAKE, presetPoints === undefined ? new Uint8Array(0) : encode.int32(presetPoints));
    }

    standUp(): void {
        this.send(Cmd.STAND_UP);
    }

    print(): void {
        this.send(Cmd.PRINT);
    }

    /**
     * To the room's own port while there is one, as the relay forwards a seated player's frames to
     * its room (a SitDown too: the room ignores it there); else to the gateway.
     */
    send(cmd: number, payload: Uint8Array = new Uint8Array(0)): void {
        this.sendRaw(encodeFrame(cmd, payload));
    }

    /** Sends bytes as they are (tests use it for malformed frames). */
    sendRaw(data: Uint8Array | string, binary = typeof data !== "string"): void {
        if (this.room?.usable === true) this.room.send(data);
        else this.toGateway(data, binary);
    }

    close(): Promise<Closed> {
        this.room?.close();
        if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, "bye");
        return this.closed;
    }

    private toGateway(data: Uint8Array | string, binary = typeof data !== "string"): void {
        if (this.ws.readyState !== WebSocket.OPEN) return;
        this.ws.send(data, { binary });
    }

    /**
     * The next `event` whose arguments satisfy `match`, within `timeoutMs`; rejects early if the
     * socket closes (unless the awaited event is `close`).
     */
    next<K extends keyof BotEvents>(event: K, match: (...args: BotEvents[K]) => boolean = () => true, timeoutMs = 10_000): Promise<BotEvents[K]> {
        return new Promise((resolve, reject) => {
            const cleanup = () => {
                clearTimeout(timer);
                (this as EventEmitter).off(event, onEvent);
                (this as EventEmitter).off("close", onClose);
            };
            const onEvent = (...args: unknown[]) => {
                if (!match(...(args as BotEvents[K]))) return;
                cleanup();
                resolve(args as BotEvents[K]);
            };
            const onClose = (code: number, reason: string) => {
                if (event === "close") return;
                cleanup();
                reject(new Error(`player ${this.userId} closed (${code} ${reason}) while waiting for ${String(event)}`));
            };
            const timer = setTimeout(() => {
                cleanup();
                reject(new Error(`player ${this.userId}: timed out after ${timeoutMs} ms waiting for ${String(event)}`));
            }, timeoutMs);
            (this as EventEmitter).on(event, onEvent);
            (this as EventEmitter).on("close", onClose);
        });
    }

    private onMessage(data: Buffer, isBinary: boolean): void {
        if (!isBinary) return void this.emit("protocolError", "text frame from the server");
        const frame = decodeFrame(data);
        if (!frame.ok) return void this.emit("protocolError", frame.reason);
        if (frame.cmd === Cmd.ROOM_TICKET) return this.onTicket(frame.payload);
        this.emit("frame", frame.cmd, frame.payload);
        this.dispatch(frame.cmd, frame.payload);
    }

    private dispatch(cmd: number, payload: Uint8Array): void {
        const bad = (reason: string): void => void this.emit("protocolError", `cmd ${cmd}: ${reason}`);
        switch (cmd) {
            case Cmd.SIT_DOWN: {
                const u = decode.user(payload);
                if (!u.ok) return bad(u.reason);
                if (u.value.id === this.userId) this.seat = u.value.seat;
                return void this.emit("user", u.value);
            }
            case Cmd.STAND_UP: {
                const v = decode.int64(payload);
                if (!v.ok) return bad(v.reason);
                if (v.value === this.userId) this.seat = undefined;
                return void this.emit("standUp", v.value);
            }
            case Cmd.ONLINE: {
                const v = decode.int64(payload);
                return v.ok ? void this.emit("online", v.value) : bad(v.reason);
            }
            case Cmd.PRINT: {
                const v = decode.string(payload);
                return v.ok ? void this.emit("print", v.value) : bad(v.reason);
            }
            case Cmd.DICE_SCENE: {
                const v = decode.scene(payload);
                return v.ok ? void this.emit("scene", v.value) : bad(v.reason);
            }
            case Cmd.DICE_START: {
                const v = decode.int64(payload);
                return v.ok ? void this.emit("start", v.value) : bad(v.reason);
            }
            case Cmd.DICE_SHAKE: {
                const v = decode.shake(payload);
                return v.ok ? void this.emit("shake", v.value) : bad(v.reason);
            }
            case Cmd.DICE_SETTLEMENT: {
                const v = decode.settlement(payload);
                return v.ok ? void this.emit("settlement", v.value) : bad(v.reason);
            }
            case Cmd.ERROR: {
                const v = decode.error(payload);
                return v.ok ? void this.emit("errorResponse", v.value) : bad(v.reason);
            }
            case Cmd.DISCONNECT: {
                const v = decode.int32(payload);
                if (!v.ok) return bad(v.reason);
                this.seat = undefined;
                this.room?.disconnected();
                return void this.emit("disconnect", v.value);
            }
            case Cmd.SERVER_CLOSING: {
                const v = decode.int32(payload);
                return v.ok ? void this.emit("closing", v.value) : bad(v.reason);
            }
            default:
                return; // unknown commands are ignored, as old clients do with extensions
        }
    }

    private onTicket(payload: Uint8Array): void {
        const t = decode.roomTicket(payload);
        if (!t.ok) return void this.emit("protocolError", `cmd ${Cmd.ROOM_TICKET}: ${t.reason}`);
        this.room?.close();
        const room: RoomSocket = new RoomSocket(
            t.value.url,
            t.value.ticket,
            // A replaced socket's last frames (ws delivers them while it closes) belong to no link now.
            (data, isBinary) => {
                if (this.room === room) this.onMessage(data, isBinary);
            },
            (end) => this.onRoomEnd(room, end),
        );
        this.room = room;
        this.emit("ticket", t.value.url);
    }

    private onRoomEnd(room: RoomSocket, end: RoomSocketEnd): void {
        if (this.room === room) this.room = undefined;
        if (end.kind === "refused") {
            this.emit("directRefused", end.code, end.reason);
            if (this.lastSitDown !== undefined) this.toGateway(encodeFrame(Cmd.SIT_DOWN, encode.sitDown({ ...this.lastSitDown, direct: "0" })));
        } else if (end.kind === "lost") {
            // What the gateway sends when a relayed room stream breaks: the player may sit down again.
            const payload = encode.int32(0);
            this.emit("frame", Cmd.DISCONNECT, payload);
            this.dispatch(Cmd.DISCONNECT, payload);
        }
    }
}

function timeout(ms: number, what: string): Promise<never> {
    return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref());
}
