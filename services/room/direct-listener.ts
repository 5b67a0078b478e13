// The room server's direct port (services/direct-rooms.md, step 1): a player's own WebSocket,
// opened with a seat ticket, joins its room exactly as a relayed link does (handlePlayerStream),
// behind the same client edge as the gateway's (shared/edge). A ticket seats once.
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { Metadata, type StatusObject, status } from "@grpc/grpc-js";
import { WebSocketServer, type WebSocket } from "ws";
import { CloseCode, encodeFrame, type Frame } from "../protocol";
import { frame, RoomMetadata } from "../protocol/room-service";
import { badRequestResponse, requestUrl } from "../shared/edge/request-url";
import { ClientConnection, type ConnectionLimits, type ConnectionShared, type EdgeMetrics, type FrameSink } from "../shared/edge/client-connection";
import { WriteBatcher } from "../shared/edge/write-batch";
import type { Logger } from "../shared/logger";
import { verifyTicket, type SeatTicket } from "../shared/ticket";
import type { PlayerCall } from "./player-stream";

/** Normal end: the room ended the link (after Disconnect, a stand-up); the client goes back to the gateway. */
const linkEndedCode = 1000;

/** How long the stop waits for direct clients to answer their close frames. */
const closeGraceMs = 1000;

/** Frames kept for a link the room has not taken yet; more are dropped. */
const maxEarlyFrames = 16;

/**
 * The last frame encoded for a direct link. A room sends one payload object to each of its players
 * in a row (a shake, a settlement), so it is encoded once per room message, not once per player;
 * payload writers make a new array per message, so the same object is the same bytes. The bytes
 * are shared by the sends: `ws` does not change what a server sends (no masking).
 */
let lastEncoded: { cmd: number; data: Uint8Array; wire: Uint8Array } | undefined;

function wireOf(f: Frame): Uint8Array {
    if (lastEncoded !== undefined && lastEncoded.data === f.data && lastEncoded.cmd === f.cmd) return lastEncoded.wire;
    const wire = encodeFrame(f.cmd, f.data);
    lastEncoded = { cmd: f.cmd, data: f.data, wire };
    return wire;
}

/** One player on the direct port: a PlayerCall for the room, a FrameSink for the client edge. */
class DirectLink extends EventEmitter implements PlayerCall, FrameSink {
    readonly metadata = new Metadata();
    conn: ClientConnection | undefined;
    private done = false;
    /** Frames that came before the room took the link (it listens once the player is seated). */
    private early: Frame[] = [];

    constructor(t: SeatTicket) {
        super();
        this.metadata.set(RoomMetadata.userId, t.userId.toString());
        this.metadata.set(RoomMetadata.roomId, t.roomId);
        this.metadata.set(RoomMetadata.seat, String(t.seat));
        this.metadata.set(RoomMetadata.gameName, t.gameName);
        if (t.clientVersion !== undefined) this.metadata.set(RoomMetadata.clientVersion, t.clientVersion);
        // As on a gRPC server stream, an "error" the handler emits is how it refuses the link.
        this.on("error", (s: Partial<StatusObject>) => this.finish(CloseCode.Restarting, refusalReason(s)));
        // A client may send right after its socket opens (a shake); the room listens once it seated it.
        this.on("newListener", (event: string) => {
            if (event !== "data" || this.early.length === 0) return;
            queueMicrotask(() => {
                const early = this.early;
                this.early = [];
                for (const f of early) this.emit("data", f);
            });
        });
    }

    write(f: Frame): boolean {
        if (!this.done) this.conn?.send(wireOf(f));
        return true;
    }

    end(): void {
        this.finish(linkEndedCode, "the room ended the link");
    }

    destroy(): void {
        this.done = true;
        this.conn?.terminate();
    }

    onClientFrame(cmd: number, payload: Uint8Array): void {
        if (this.done) return;
        // Bounded by the edge's rate limit and the time a seating takes; beyond a few, the client is not waiting for its seat.
        if (this.listenerCount("data") === 0) {
            if (this.early.length < maxEarlyFrames) this.early.push(frame(cmd, payload));
            return;
        }
        this.emit("data", frame(cmd, payload));
    }

    /** The client's socket is closing or gone (the edge calls it once per cause; idempotent here). */
    close(): void {
        if (this.done) return;
        this.done = true;
        this.emit("cancelled");
    }

    private finish(code: number, reason: string): void {
        if (this.done) return;
        this.done = true;
        this.conn?.close(code, reason);
    }
}

const drainingReason = "room server draining; sit down through the gateway again";

/** What the client reads in the close frame: retry through the gateway, and why. */
function refusalReason(s: Partial<StatusObject>): string {
    if (s.code === status.UNAVAILABLE && /draining/.test(s.details ?? "")) return drainingReason;
    if (s.code === status.FAILED_PRECONDITION) return "room moved to another server; sit down through the gateway again";
    return `room refused the seat (${status[s.code ?? status.UNKNOWN] ?? s.code}); sit down through the gateway again`;
}

export interface DirectListenerOptions {
    port: number;
    serverId: string;
    ticketKey: Uint8Array;
    limits: ConnectionLimits;
    pingIntervalMs: number;
    metrics: EdgeMetrics;
    log: Logger;
    serve(call: PlayerCall): void;
    /**
     * Marks a ticket id used for `ttlMs`; false when it already was (the directory's useTicket:
     * kept outside the process, so a restart under the same SERVER_ID does not seat it again).
     */
    useTicket(ticketId: string, ttlMs: number): Promise<boolean>;
}

/** How long marking a ticket used may take before the connection is refused (1001, back to the gateway). */
const ticketCheckMs = 2000;

/** A used ticket's id outlives the ticket by this much, so clocks a little apart cannot reopen it. */
const usedTicketMarginMs = 5000;

export class DirectListener {
    private readonly http: http.Server;
    private readonly wss: WebSocketServer;
    private readonly shared: ConnectionShared;
    private readonly connections = new Set<ClientConnection>();
    private heartbeat: NodeJS.Timeout | undefined;
    private closing = false;

    private constructor(private readonly o: DirectListenerOptions) {
        this.http = http.createServer((_req, res) => res.writeHead(426, { Connection: "close" }).end("WebSocket only\n"));
        // The client pings are answered by the edge, after its rate limit (autoPong off), as at the gateway.
        this.wss = new WebSocketServer({
            noServer: true,
            perMessageDeflate: false,
            autoPong: false,
            clientTracking: false,
            maxPayload: o.limits.maxFrameBytes,
        });
        this.shared = {
            limits: o.limits,
            metrics: o.metrics,
            batcher: new WriteBatcher(),
            onClosed: (conn) => void this.connections.delete(conn),
        };
        this.http.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    }

    static async listen(o: DirectListenerOptions): Promise<DirectListener> {
        const d = new DirectListener(o);
        await new Promise<void>((resolve, reject) => {
            d.http.once("error", reject);
            d.http.listen(o.port, "0.0.0.0", () => resolve());
        });
        d.heartbeat = setInterval(() => {
            for (const c of d.connections) c.heartbeat();
        }, o.pingIntervalMs);
        return d;
    }

    get port(): number {
        return (this.http.address() as AddressInfo).port;
    }

    /**
     * Stops accepting. The room ended every link first (dissolveAll: Disconnect(1), then a close
     * frame); a client that has not answered its close within `graceMs` is cut.
     */
    async close(graceMs = closeGraceMs): Promise<void> {
        this.closing = true;
        clearInterval(this.heartbeat);
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
        await Promise.race([Promise.all([...this.connections].map((c) => c.closed())), grace]);
        clearTimeout(timer);
        for (const c of this.connections) c.terminate();
        this.wss.close();
        await new Promise<void>((resolve) => this.http.close(() => resolve()));
    }

    private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
        socket.on("error", () => socket.destroy());
        if (this.closing) return void socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
        const url = requestUrl(req);
        if (url === undefined) return void socket.end(badRequestResponse);
        void this.check(url.searchParams.get("ticket")).then((verdict) => {
            if (socket.destroyed) return;
            // The port closed while the ticket was checked: the client sits down again elsewhere.
            if (verdict.ok && this.closing) verdict = { ok: false, code: CloseCode.Restarting, reason: drainingReason };
            this.wss.handleUpgrade(req, socket, head, (ws) => {
                if (verdict.ok) return this.accept(ws, socket, verdict.ticket);
                this.o.metrics.closes.inc({ code: String(verdict.code) });
                ws.on("error", () => undefined);
                ws.close(verdict.code, verdict.reason);
            });
        });
    }

    /** The seat a ticket gives, or the close code and reason that refuse it: signature first, then once only. */
    private async check(ticket: string | null): Promise<{ ok: true; ticket: SeatTicket } | { ok: false; code: number; reason: string }> {
        const v = await verifyTicket(this.o.ticketKey, ticket, this.o.serverId);
        if (!v.ok) return { ok: false, code: CloseCode.AuthFailed, reason: v.reason };
        let timer: NodeJS.Timeout | undefined;
        // A Redis that stalls without failing would otherwise hold every valid ticket's socket open.
        const stalled = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${ticketCheckMs} ms`)), ticketCheckMs);
        });
        try {
            if (!(await Promise.race([this.o.useTicket(v.id, v.expiresAt - Date.now() + usedTicketMarginMs), stalled]))) {
                return { ok: false, code: CloseCode.AuthFailed, reason: "ticket already used; sit down through the gateway again" };
            }
        } catch (err) {
            // Without the directory a ticket could seat twice: refused, and the client goes back to the gateway.
            this.o.log.warn({ err: (err as Error).message }, "seat ticket not checked: directory unavailable");
            return { ok: false, code: CloseCode.Restarting, reason: "room server cannot check tickets now; sit down through the gateway again" };
        } finally {
            clearTimeout(timer);
        }
        return { ok: true, ticket: v.ticket };
    }

    private accept(ws: WebSocket, socket: Duplex, t: SeatTicket): void {
        const link = new DirectLink(t);
        const log = this.o.log.child({ userId: t.userId.toString(), roomId: t.roomId });
        const conn = new ClientConnection(ws, socket, link, this.shared, { log });
        link.conn = conn;
        this.connections.add(conn);
        this.o.serve(link);
    }
}
