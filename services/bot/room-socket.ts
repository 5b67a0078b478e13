// A direct client's second socket (services/direct-rooms.md): after the gateway answers a SitDown
// with a RoomTicket, the game is played on the room server's own port. This module owns that
// socket: frames sent before it opens wait for it, and its end is classified for the player.
import WebSocket from "ws";

/** How the room's socket ended, for the player to act on. */
export type RoomSocketEnd =
    /** The room ended the link (after a Disconnect or a stand-up), or the client closed it. */
    | { kind: "ended" }
    /** Refused before the room seated the player (bad or used ticket, draining, moved): sit down through the gateway again. */
    | { kind: "refused"; code: number; reason: string }
    /** Lost after the player was seated, without a Disconnect: what the gateway reports as Disconnect(0). */
    | { kind: "lost"; code: number; reason: string };

/** Normal end of a direct link (the room server's "the room ended the link"). */
const endedCode = 1000;

/** Frames kept while the socket opens, as many as the gateway queues for a seating player; more are dropped. */
const maxPending = 32;

export class RoomSocket {
    private readonly ws: WebSocket;
    private readonly pending: Array<Uint8Array | string> = [];
    private sawFrame = false;
    private sawDisconnect = false;
    private closedByUs = false;

    constructor(url: string, ticket: string, onMessage: (data: Buffer, isBinary: boolean) => void, onEnd: (end: RoomSocketEnd) => void) {
        const u = new URL(url);
        u.searchParams.set("ticket", ticket);
        this.ws = new WebSocket(u, { perMessageDeflate: false });
        this.ws.binaryType = "nodebuffer";
        this.ws.on("error", () => undefined); // surfaced through `close`
        this.ws.on("open", () => {
            for (const data of this.pending.splice(0)) this.ws.send(data, { binary: typeof data !== "string" });
        });
        this.ws.on("message", (data, isBinary) => {
            if (this.closedByUs) return;
            this.sawFrame = true;
            onMessage(data as Buffer, isBinary);
        });
        this.ws.once("close", (code, reason) => {
            const text = reason.toString("utf8");
            if (this.closedByUs || (code === endedCode && this.sawFrame) || this.sawDisconnect) onEnd({ kind: "ended" });
            else if (!this.sawFrame) onEnd({ kind: "refused", code, reason: text });
            else onEnd({ kind: "lost", code, reason: text });
        });
    }

    /** The room sent a Disconnect: the link ends next, as it should. */
    disconnected(): void {
        this.sawDisconnect = true;
    }

    /** Whether frames go here: not after a Disconnect (the player is out of the room; its next SitDown goes to the gateway, as on the relay). */
    get usable(): boolean {
        return !this.closedByUs && !this.sawDisconnect && (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN);
    }

    send(data: Uint8Array | string): void {
        if (this.ws.readyState === WebSocket.CONNECTING) {
            if (this.pending.length < maxPending) this.pending.push(data);
        } else if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data, { binary: typeof data !== "string" });
    }

    close(): void {
        this.closedByUs = true;
        if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, "bye");
    }
}
