import { createSecretKey, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { CloseCode } from "../protocol";
import type { Logger } from "../shared/logger";
import { verifyToken, type AuthResult } from "./auth";
import { ChannelPool } from "./channel-pool";
import { type ClientVersion, parseClientVersion } from "./client-version";
import { ClientConnection, type ConnectionLimits, type ConnectionShared } from "../shared/edge/client-connection";
import type { GatewayMetrics } from "./metrics";
import type { PlacementDirectory } from "./placement";
import { PlayerLink, type SharedSessionDeps } from "./player-link";
import { ReasonedWebSocket } from "./reasoned-socket";
import { Session } from "./session";
import type { SeatTicketIssuer } from "./tickets";
import { badRequestResponse, requestUrl } from "../shared/edge/request-url";
import { WriteBatcher } from "../shared/edge/write-batch";

const restartCloseCode = CloseCode.Restarting;
const restartReason = "gateway restarting";

/**
 * The upgrading socket's error listener until ws has the socket (accept removes it), a plain
 * function on purpose: a closure made in onUpgrade would share onUpgrade's scope (the request, its
 * headers, the URL with the token, the head buffer) and keep it alive as long as the connection,
 * about 2 KB per idle player (heap snapshot, bench).
 */
function destroySocket(this: Duplex): void {
    this.destroy();
}

export interface GatewayOptions {
    port: number;
    host?: string;
    jwtKey: Uint8Array;
    limits: ConnectionLimits;
    pingIntervalMs: number;
    /** Keepalive ping period on room server channels. */
    roomKeepaliveMs?: number;
    directory: PlacementDirectory;
    groupFor(clientVersion: string | undefined): string;
    /**
     * True when a version rule chose the client's group: such a client is never placed in another
     * group. Others may be, when their group has no ready server (see placement's fallback).
     */
    strictGroup?(clientVersion: string | undefined): boolean;
    log: Logger;
    metrics: GatewayMetrics;
    seatTimeoutMs?: number;
    /** Signs seat tickets for `?direct=1` clients (ROOM_TICKET_KEY); absent, every player is relayed. */
    tickets?: SeatTicketIssuer;
}

/**
 * The client edge: WebSocket upgrade on path `/` with the JWT checked BEFORE the socket is handed
 * to a session (so no frame is ever read from an unauthenticated client), then one
 * ClientConnection + Session per socket, a shared channel pool to the room servers, and one
 * idempotent stop.
 */
export class Gateway {
    private readonly http: http.Server;
    private readonly wss: WebSocketServer;
    private readonly pool: ChannelPool;
    private readonly connections = new Set<ClientConnection>();
    /** The HMAC key as a KeyObject once: jose would make one per token from the raw bytes. */
    private readonly jwtKey: KeyObject;
    private readonly sessionDeps: SharedSessionDeps;
    private readonly connectionShared: ConnectionShared;
    private heartbeat: NodeJS.Timeout | undefined;
    private stopping: Promise<void> | undefined;

    private constructor(private readonly opts: GatewayOptions) {
        this.pool = new ChannelPool(opts.roomKeepaliveMs);
        this.jwtKey = createSecretKey(opts.jwtKey);
        this.sessionDeps = {
            directory: opts.directory,
            pool: this.pool,
            groupFor: opts.groupFor,
            strictGroup: opts.strictGroup,
            metrics: opts.metrics,
            log: opts.log,
            seatTimeoutMs: opts.seatTimeoutMs,
            tickets: opts.tickets,
        };
        this.connectionShared = {
            limits: opts.limits,
            metrics: opts.metrics,
            batcher: new WriteBatcher(),
            onClosed: (conn, code) => this.onClosed(conn, code),
        };
        this.http = http.createServer((_req, res) => {
            res.writeHead(426, { "content-type": "text/plain", upgrade: "websocket" }).end("connect with a WebSocket client\n");
        });
        // autoPong off: ClientConnection answers pings itself, after counting them against the rate limit.
        // clientTracking off: the gateway tracks its connections itself (ws would add a Set entry and a close listener per client).
        this.wss = new WebSocketServer({
            noServer: true,
            maxPayload: opts.limits.maxFrameBytes,
            autoPong: false,
            clientTracking: false,
            // No compression: ClientConnection writes data frames itself, uncompressed (shared/edge/ws-frame.ts).
            perMessageDeflate: false,
            WebSocket: ReasonedWebSocket,
        });
        this.http.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    }

    static async start(opts: GatewayOptions): Promise<Gateway> {
        const gw = new Gateway(opts);
        await new Promise<void>((resolve, reject) => {
            gw.http.once("error", reject);
            gw.http.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
        });
        gw.heartbeat = setInterval(() => {
            for (const conn of gw.connections) conn.heartbeat();
        }, opts.pingIntervalMs);
        return gw;
    }

    get port(): number {
        return (this.http.address() as AddressInfo).port;
    }

    get ready(): boolean {
        return this.stopping === undefined;
    }

    get connectionCount(): number {
        return this.connections.size;
    }

    /**
     * Stops accepting, closes every client with CloseCode.Restarting (1001) "gateway restarting" (queued frames are
     * written first: ws sends in order), waits for the closes up to `deadlineMs`, then cuts what is
     * left. Calling it again returns the same promise.
     */
    stop(deadlineMs: number): Promise<void> {
        this.stopping ??= this.shutdown(deadlineMs);
        return this.stopping;
    }

    private async shutdown(deadlineMs: number): Promise<void> {
        if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
        const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
        const allClosed = Promise.all([...this.connections].map((conn) => conn.closed()));
        for (const conn of this.connections) conn.close(restartCloseCode, restartReason);
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
        await Promise.race([allClosed, deadline]);
        for (const conn of this.connections) conn.terminate();
        await Promise.race([httpClosed, deadline]);
        clearTimeout(timer);
        this.wss.close();
        this.pool.close();
    }

    private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
        socket.on("error", destroySocket);
        if (this.stopping !== undefined) {
            socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
            return;
        }
        const url = requestUrl(req);
        if (url === undefined) return void socket.end(badRequestResponse);
        if (url.pathname !== "/") {
            socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
            return;
        }
        const version = parseClientVersion(url.searchParams.get("version"));
        // Extension: a client that can play on a room server's own port (services/direct-rooms.md).
        const direct = url.searchParams.get("direct") === "1";
        void verifyToken(url.searchParams.get("token"), this.jwtKey).then((auth) => {
            if (socket.destroyed) return;
            this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, auth, version, direct));
        });
    }

    private accept(ws: WebSocket, socket: Duplex, auth: AuthResult, version: ClientVersion, direct: boolean): void {
        const { metrics } = this.opts;
        if (!auth.ok) {
            metrics.authFailures.inc({ reason: auth.code });
            metrics.closes.inc({ code: String(CloseCode.AuthFailed) });
            ws.on("error", () => undefined);
            ws.close(CloseCode.AuthFailed, auth.reason);
            return;
        }
        if (!version.ok) {
            metrics.closes.inc({ code: String(CloseCode.Policy) });
            ws.on("error", () => undefined);
            ws.close(CloseCode.Policy, version.reason);
            return;
        }
        if (this.stopping !== undefined) {
            ws.close(restartCloseCode, restartReason);
            return;
        }
        const player = new PlayerLink(auth.userId, version.value, this.sessionDeps, direct);
        const conn = new ClientConnection(ws, socket, new Session(player), this.connectionShared, player);
        player.conn = conn;
        // ws listens for the socket's errors from now on.
        socket.removeListener("error", destroySocket);
        this.connections.add(conn);
        metrics.connections.inc();
    }

    private onClosed(conn: ClientConnection, code: number): void {
        this.connections.delete(conn);
        this.opts.metrics.connections.dec();
        // A close the gateway decided was counted then, with the code it sent.
        if (conn.sentCloseCode === undefined) this.opts.metrics.closes.inc({ code: String(code) });
    }
}
