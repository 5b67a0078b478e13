import type WebSocket from "ws";
// The edge of one client WebSocket, the same for every server a client talks to (the gateway, and a
// room server's direct port: services/direct-rooms.md): the limits below, then valid frames to a sink.
import { clientCommands, CloseCode, Cmd, decodeFrame, encode, encodeFrame, Err, unknownCommandReason } from "../../protocol";
import type { Logger } from "../logger";
import { Liveness } from "./liveness";
import { RateLimiter } from "./rate-limit";
import type { Flushable, WriteBatcher } from "./write-batch";
import { binaryFrame } from "./ws-frame";

/** Where a connection's valid frames go (the gateway's Session; a room's direct link). */
export interface FrameSink {
    onClientFrame(cmd: number, payload: Uint8Array): void;
    /** The connection is closing or gone; idempotent. */
    close(): void;
}

/** The counters a connection keeps (prom-client Counters fit). */
export interface EdgeMetrics {
    messagesIn: { inc(): void };
    messagesOut: { inc(): void };
    closes: { inc(labels: { code: string }): void };
}

export interface ConnectionLimits {
    maxFrameBytes: number;
    /** Every frame from the client counts: data frames, pings and pongs. */
    maxMsgsPerSec: number;
    /** Bytes queued in the gateway for this client (not yet taken by the kernel) before it is cut. */
    maxBufferedBytes: number;
    /** defaultCloseGraceMs unless set (tests shorten it). */
    closeGraceMs?: number;
}

/**
 * How long a client the gateway closes has to take its close frame before the socket is cut
 * (instead of `ws`'s 30 s): a client that does not read would otherwise hold its buffer that long.
 */
const defaultCloseGraceMs = 3000;

function rateLimitReason(perSecond: number): string {
    return `rate limit: more than ${perSecond} messages per second`;
}

function notReadingReason(maxBufferedBytes: number): string {
    return `client is not reading: more than ${maxBufferedBytes} bytes waiting to be sent to it (MAX_BUFFERED_BYTES)`;
}

/** What every connection of one gateway shares (one object: each connection holds one pointer to it). */
export interface ConnectionShared {
    limits: ConnectionLimits;
    metrics: EdgeMetrics;
    /** Merges each client's frames per event-loop turn into one write; absent = one write per frame. */
    batcher?: WriteBatcher;
    /** The client socket is gone (after the connection's own bookkeeping); `code` as `ws` reports it. */
    onClosed(conn: ClientConnection, code: number): void;
}

/** Whose log lines a connection writes (the player's logger, made on first use: PlayerLink). */
export interface LogSource {
    readonly log: Logger;
}

/** The client's TCP socket as the connection writes to it (net.Socket, the upgrade's Duplex). */
export interface ByteSink {
    write(chunk: Uint8Array): boolean;
}

/**
 * The connection a socket belongs to, kept on the socket: one set of listener functions (the
 * class's static handlers) then serves every connection, where a closure per listener and
 * connection cost about 400 bytes per idle player (heap snapshot, bench).
 */
const owner = Symbol("ClientConnection");
type OwnedSocket = WebSocket & { [owner]: ClientConnection };

function ownerOf(ws: WebSocket): ClientConnection {
    return (ws as OwnedSocket)[owner];
}

/**
 * The edge of one authenticated client: binary frames only, at least the 4-byte command, at most
 * MAX_FRAME_BYTES, at most MAX_MSGS_PER_SEC frames of any kind, only client commands, at most
 * MAX_BUFFERED_BYTES waiting to be sent to it, and a pong for every ping the gateway sends. Any
 * violation closes THIS connection with a code and a reason and nothing else. Valid frames go to
 * the session; the session's output goes back as binary frames.
 */
export class ClientConnection implements Flushable {
    private closing = false;
    /** This turn's frames, framed, until the batcher flushes them (one buffer, or several). */
    private pending: Buffer | Buffer[] | undefined;
    /** The bytes in `pending`: they count against MAX_BUFFERED_BYTES as soon as they are sent. */
    private pendingBytes = 0;
    private readonly limiter: RateLimiter;
    private readonly liveness = new Liveness();
    private graceTimer: NodeJS.Timeout | undefined;
    /** The close code the gateway sent, when it closed the connection (counted then; what comes back is not). */
    sentCloseCode: number | undefined;

    constructor(
        private readonly ws: WebSocket,
        /** The client's TCP socket: data frames go to it as whole wire frames (ws-frame.ts). */
        private readonly socket: ByteSink,
        private readonly session: FrameSink,
        private readonly shared: ConnectionShared,
        private readonly player: LogSource,
    ) {
        this.limiter = new RateLimiter(shared.limits.maxMsgsPerSec);
        (ws as OwnedSocket)[owner] = this;
        ws.on("message", ClientConnection.onMessage);
        // The server runs with autoPong off: a ping is answered here, after the rate limit, so a
        // flood of pings costs the flooder its connection instead of costing the gateway a pong each.
        ws.on("ping", ClientConnection.onPing);
        ws.on("pong", ClientConnection.onPong);
        ws.on("error", ClientConnection.onError);
        ws.on("close", ClientConnection.onClose);
    }

    /**
     * Sends one frame to the client if the socket is still open: framed here into a buffer of its own
     * (so a frame that is a view on a larger buffer, a relayed frame on its relay batch, never keeps
     * that batch alive while it waits for a slow client) and written with the rest of this turn's
     * frames in one write. ws writes only control frames (ping, pong, close) on this socket; a close
     * the gateway decides flushes first, so it follows every frame sent before it.
     */
    send(frame: Uint8Array): void {
        if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
        this.shared.metrics.messagesOut.inc();
        const bytes = binaryFrame(frame);
        const batcher = this.shared.batcher;
        if (batcher === undefined) {
            this.socket.write(bytes);
            this.checkBacklog();
            return;
        }
        const p = this.pending;
        if (p === undefined) {
            this.pending = bytes;
            batcher.hold(this);
        } else if (Array.isArray(p)) p.push(bytes);
        else this.pending = [p, bytes];
        this.pendingBytes += bytes.length;
        // Checked at every send, as when ws queued each frame: a client that does not read is cut
        // with its own code before anything else (a close the room decides next) runs.
        this.checkBacklog();
    }

    /**
     * Writes this turn's frames (the batcher calls it at the end of the turn). Dropped when the
     * socket is no longer open: the client closed it and ws has answered with its close frame, after
     * which no data frame may follow.
     */
    flush(): void {
        const p = this.pending;
        if (p === undefined) return;
        this.pending = undefined;
        this.pendingBytes = 0;
        if (this.ws.readyState !== this.ws.OPEN) return;
        this.socket.write(Array.isArray(p) ? Buffer.concat(p) : p);
        this.checkBacklog();
    }

    /** Called by the heartbeat timer; returns false when the connection was terminated. */
    heartbeat(): boolean {
        if (this.closing) return true;
        const t = this.liveness.tick();
        if (t.kind === "missed") {
            this.player.log.debug("client missed its pong; cutting the connection");
            this.closing = true;
            this.session.close();
            this.ws.terminate();
            return false;
        }
        this.ws.ping(t.payload);
        this.checkBacklog();
        return true;
    }

    /** Closes after the frames already queued (the gateway's stop bounds the wait itself). */
    close(code: number, reason: string): void {
        if (this.closing) return;
        this.closing = true;
        this.sentCloseCode = code;
        // Counted when decided, not when the socket is gone (a client that does not read takes the grace period).
        this.shared.metrics.closes.inc({ code: String(code) });
        this.session.close();
        this.flush();
        this.ws.close(code, reason);
    }

    /** Cuts the socket now (the end of the gateway's stop). */
    terminate(): void {
        this.ws.terminate();
    }

    /** Resolves once the socket is closed. */
    closed(): Promise<void> {
        const ws = this.ws;
        return new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once("close", () => resolve())));
    }

    private static onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
        ownerOf(this).onMessage(data, isBinary);
    }

    private static onPing(this: WebSocket, data: Buffer): void {
        ownerOf(this).onPing(data);
    }

    private static onPong(this: WebSocket, data: Buffer): void {
        ownerOf(this).onPong(data);
    }

    private static onError(this: WebSocket, err: Error & { code?: string }): void {
        // ws closes the socket itself (1002/1007/1009 from its frame parser); the close event does the bookkeeping.
        ownerOf(this).player.log.info({ code: err.code, err: err.message }, "client frame rejected by the WebSocket layer");
    }

    private static onClose(this: WebSocket, code: number): void {
        const conn = ownerOf(this);
        clearTimeout(conn.graceTimer);
        conn.session.close();
        conn.shared.onClosed(conn, code);
    }

    /** A bad frame: closed with its reason; the client may still answer the close, within defaultCloseGraceMs. */
    private violation(code: number, reason: string): void {
        if (this.closing) return;
        this.player.log.info({ code, reason }, "client closed by the gateway");
        this.close(code, reason);
        this.graceTimer = setTimeout(() => this.ws.terminate(), this.shared.limits.closeGraceMs ?? defaultCloseGraceMs);
        this.graceTimer.unref();
    }

    /** A close for abuse (a flood, a client that does not read): nothing it sends is read any more. */
    private refuse(code: number, reason: string): void {
        if (this.closing) return;
        this.violation(code, reason);
        this.ws.pause();
    }

    /** Cuts a client whose unsent bytes pile up: the kernel's socket buffer is full, so it is not reading. */
    private checkBacklog(): void {
        const max = this.shared.limits.maxBufferedBytes;
        if (this.ws.bufferedAmount + this.pendingBytes > max) this.refuse(CloseCode.NotReading, notReadingReason(max));
    }

    private overRate(): boolean {
        if (this.limiter.take()) return false;
        this.refuse(CloseCode.Policy, rateLimitReason(this.shared.limits.maxMsgsPerSec));
        return true;
    }

    private onPing(data: Buffer): void {
        if (this.closing || this.overRate()) return;
        this.ws.pong(data);
        this.checkBacklog();
    }

    private onPong(data: Buffer): void {
        if (this.closing || this.overRate()) return;
        this.liveness.pong(data);
    }

    private onMessage(data: Buffer, isBinary: boolean): void {
        if (this.closing) return;
        this.shared.metrics.messagesIn.inc();
        if (!isBinary) return this.violation(CloseCode.TextFrame, "text frames are not allowed; send binary frames");
        if (this.overRate()) return;
        const frame = decodeFrame(data, { maxBytes: this.shared.limits.maxFrameBytes });
        if (!frame.ok) return this.violation(frame.code, frame.reason);
        if (!clientCommands.has(frame.cmd)) {
            // Checked here, not in the room: the same answer idle or seated, and a room never sees it.
            // The protocol's own error first, so a client that logs ErrorResponse sees why it was closed.
            this.send(encodeFrame(Cmd.ERROR, encode.error(Err.UNKNOWN_COMMAND, `unknown command ${frame.cmd}`)));
            return this.violation(CloseCode.Policy, unknownCommandReason(frame.cmd));
        }
        this.session.onClientFrame(frame.cmd, frame.payload);
    }
}
