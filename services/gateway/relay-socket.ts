// The gateway's end of a TCP Relay (services/protocol/relay-socket.ts), with the events of a gRPC
// Relay stream. Until the room answers the hello, writes wait; a room that answers anything else, or
// cannot be reached, gets the gRPC Relay stream instead, with those writes replayed on it: an older
// room server (a rolling update) and a broken one look exactly as they did before.
import { EventEmitter } from "node:events";
import net from "node:net";
import { decodeClose } from "../protocol/relay";
import { backlogReason, maxBacklogBytes, relayHello, SocketKeepalive, SocketMessageReader, SocketTag, socketMessage } from "../protocol/relay-socket";
import { Status } from "../protocol/status";
import { type LinkStatus, linkStatus as status } from "./link-status";

/** What RelayConnection uses of a Relay stream; a gRPC client stream is one as it is. */
export interface RelayStream {
    write(batch: Buffer): unknown;
    /** Half-closes: no link is left; the room ends its side. */
    end(): void;
    cancel(): void;
    on(event: "data", fn: (batch: Buffer) => void): unknown;
    on(event: "status", fn: (s: LinkStatus) => void): unknown;
    on(event: "error", fn: (e: Error) => void): unknown;
}

/** How long the room has by default to answer the hello before the gRPC stream is used instead. */
const defaultHelloTimeoutMs = 5_000;

/** "host:port" or "[v6]:port". */
function hostPort(addr: string): { host: string; port: number } {
    const at = addr.lastIndexOf(":");
    return { host: addr.slice(0, at).replace(/^\[(.*)\]$/, "$1"), port: Number(addr.slice(at + 1)) };
}

export class SocketRelayStream extends EventEmitter implements RelayStream {
    private state: "hello" | "socket" | "grpc" | "done" = "hello";
    private readonly socket: net.Socket;
    /** Written before the room answered; replayed on whichever stream is used. */
    private queued: Buffer[] = [];
    private endQueued = false;
    /** end() was called on the socket: nothing more may be written to it (a late pong would break it). */
    private halfClosed = false;
    private fallback: RelayStream | undefined;
    private keepalive: SocketKeepalive | undefined;
    private readonly helloTimer: NodeJS.Timeout;

    constructor(
        private readonly addr: string,
        private readonly openGrpc: () => RelayStream,
        private readonly keepaliveMs: number,
        helloTimeoutMs = defaultHelloTimeoutMs,
        /** Unsent bytes before the room server counts as not reading (tests lower it). */
        private readonly maxBacklog = maxBacklogBytes,
    ) {
        super();
        const { host, port } = hostPort(addr);
        this.socket = net.connect({ host, port, allowHalfOpen: true, noDelay: true });
        this.socket.write(relayHello);
        this.helloTimer = setTimeout(() => this.useGrpc(), helloTimeoutMs);
        this.helloTimer.unref();
        let first: Buffer = Buffer.alloc(0);
        const reader = new SocketMessageReader((tag, message, body) => this.onMessage(tag, message, body));
        this.socket.on("data", (chunk: Buffer) => {
            this.keepalive?.heardFrom();
            if (this.state === "hello") {
                first = first.length === 0 ? chunk : Buffer.concat([first, chunk]);
                const n = Math.min(first.length, relayHello.length);
                if (!first.subarray(0, n).equals(relayHello.subarray(0, n))) return this.useGrpc();
                if (first.length < relayHello.length) return;
                this.useSocket();
                chunk = first.subarray(relayHello.length);
                if (chunk.length === 0) return;
            }
            if (this.state !== "socket") return;
            const problem = reader.push(chunk);
            if (problem !== undefined) this.lost(status(Status.INTERNAL, problem));
        });
        // The room ended the relay with OK (a non-OK status came as a close message first).
        this.socket.on("end", () => {
            if (this.state === "hello") this.useGrpc();
            else this.lost(status(Status.OK, ""));
        });
        this.socket.on("error", (err: Error) => {
            if (this.state === "hello") this.useGrpc();
            else this.lost(status(Status.UNAVAILABLE, `relay connection to ${this.addr} failed: ${err.message}`));
        });
        this.socket.on("close", () => {
            if (this.state === "hello") this.useGrpc();
            else this.lost(status(Status.UNAVAILABLE, `relay connection to ${this.addr} closed`));
        });
    }

    /** Which stream carries the relay (metrics, tests). */
    get transport(): "pending" | "socket" | "grpc" | "ended" {
        if (this.state === "hello") return "pending";
        return this.state === "done" ? "ended" : this.state;
    }

    write(batch: Buffer): boolean {
        if (this.state === "socket") {
            const ok = this.socket.write(batch);
            // A room server that stopped reading would otherwise hold its players' frames here without bound.
            const waiting = this.socket.writableLength;
            if (waiting > this.maxBacklog) {
                this.lost(status(Status.UNAVAILABLE, `relay to ${this.addr}: ${backlogReason("the room server", waiting, this.maxBacklog)}`));
            }
            return ok;
        }
        if (this.state === "grpc") return this.fallback!.write(batch) !== false;
        if (this.state === "hello") this.queued.push(batch);
        return true;
    }

    end(): void {
        if (this.state === "socket") {
            this.halfClosed = true;
            this.socket.end();
        } else if (this.state === "grpc") this.fallback!.end();
        else if (this.state === "hello") this.endQueued = true;
    }

    cancel(): void {
        if (this.state === "grpc") return this.fallback!.cancel();
        if (this.state === "done") return;
        this.socket.destroy();
        // As grpc-js does, the status of a cancelled call comes after the caller's turn.
        queueMicrotask(() => this.lost(status(Status.CANCELLED, "Cancelled on client")));
    }

    private onMessage(tag: number, message: Buffer, body: Buffer): void {
        if (tag === SocketTag.batch) this.emit("data", message);
        else if (tag === SocketTag.ping) {
            if (!this.halfClosed) this.socket.write(socketMessage(SocketTag.pong));
        } else if (tag === SocketTag.close) {
            const c = decodeClose(body);
            this.lost(status(c.code, c.details));
        }
    }

    private useSocket(): void {
        clearTimeout(this.helloTimer);
        this.state = "socket";
        this.keepalive = new SocketKeepalive(
            this.keepaliveMs,
            (flushed) => {
                if (!this.halfClosed) this.socket.write(socketMessage(SocketTag.ping), () => flushed());
            },
            (why) => this.lost(status(Status.UNAVAILABLE, `relay to ${this.addr}: ${why}`)),
        );
        for (const b of this.queued) this.socket.write(b);
        this.queued = [];
        if (this.endQueued) {
            this.halfClosed = true;
            this.socket.end();
        }
    }

    private useGrpc(): void {
        if (this.state !== "hello") return;
        clearTimeout(this.helloTimer);
        this.socket.destroy();
        let call: RelayStream;
        try {
            call = this.openGrpc();
        } catch (err) {
            // The channel was closed meanwhile (the gateway stops): the relay just ends.
            return this.lost(status(Status.UNAVAILABLE, `relay to ${this.addr}: ${(err as Error).message}`));
        }
        this.state = "grpc";
        this.fallback = call;
        call.on("data", (b: Buffer) => this.emit("data", b));
        call.on("error", () => undefined); // the outcome is read from "status"
        call.on("status", (s: LinkStatus) => {
            this.state = "done";
            this.emit("status", s);
        });
        for (const b of this.queued) call.write(b);
        this.queued = [];
        if (this.endQueued) call.end();
    }

    private lost(s: LinkStatus): void {
        if (this.state === "done" || this.state === "grpc") return;
        clearTimeout(this.helloTimer);
        this.state = "done";
        this.keepalive?.stop();
        this.socket.destroy();
        this.emit("status", s);
    }
}
