// The room server's port: a connection that opens with the relay hello is a TCP Relay
// (services/protocol/relay-socket.ts); anything else (the HTTP/2 preface) goes to the gRPC server
// as if it had accepted it itself.
import { EventEmitter } from "node:events";
import net from "node:net";
import type { ConnectionInjector } from "@grpc/grpc-js";
import { encodeClose } from "../protocol/relay";
import {
    backlogReason,
    maxBacklogBytes,
    relayHello,
    SocketKeepalive,
    SocketMessageReader,
    SocketTag,
    sniffHello,
    socketMessage,
} from "../protocol/relay-socket";
import type { RelayTransport } from "./relay-peer";

/** The room's end of a TCP Relay: what RelayPeer needs of a gRPC Relay stream. */
class SocketRelay extends EventEmitter implements RelayTransport {
    private readonly keepalive: SocketKeepalive;
    private done = false;

    constructor(
        private readonly socket: net.Socket,
        keepaliveMs: number,
        private readonly maxBacklog: number,
        private readonly onDropped: (reason: string) => void,
    ) {
        super();
        this.keepalive = new SocketKeepalive(
            keepaliveMs,
            (flushed) => socket.write(socketMessage(SocketTag.ping), () => flushed()),
            (why) => this.drop(why),
        );
        const reader = new SocketMessageReader((tag, message) => {
            if (this.done) return; // ended here: nothing more is read, nothing more written
            if (tag === SocketTag.batch) this.emit("data", message);
            else if (tag === SocketTag.ping) socket.write(socketMessage(SocketTag.pong));
        });
        socket.on("data", (chunk: Buffer) => {
            if (this.done) return;
            this.keepalive.heardFrom();
            const problem = reader.push(chunk);
            if (problem !== undefined) this.drop(problem);
        });
        // The gateway half-closed: it has no link left on this relay (RelayPeer ends its side).
        socket.on("end", () => {
            if (!this.done) this.emit("end");
        });
        socket.on("error", () => this.drop());
        socket.on("close", () => this.drop());
    }

    write(batch: Buffer): boolean {
        if (this.done) return false;
        const ok = this.socket.write(batch);
        // A gateway that stopped reading would otherwise hold the room's output for it without bound.
        const waiting = this.socket.writableLength;
        if (waiting > this.maxBacklog) this.drop(backlogReason("the gateway", waiting, this.maxBacklog));
        return ok;
    }

    end(): void {
        this.finish();
        this.socket.end();
    }

    fail(code: number, details: string): void {
        this.finish();
        this.socket.end(socketMessage(SocketTag.close, encodeClose({ code, details, trailers: {} })));
    }

    /** Ended from here: a gateway that never closes its side is cut off after a while. */
    private finish(): void {
        this.done = true;
        this.keepalive.stop();
        this.socket.setTimeout(endedTimeoutMs, () => this.socket.destroy());
    }

    /** The connection is gone or broken (`why`: cut from here): as a cancelled gRPC stream. */
    private drop(why?: string): void {
        this.keepalive.stop();
        this.socket.destroy();
        if (this.done) return;
        this.done = true;
        if (why !== undefined) this.onDropped(why);
        this.emit("cancelled");
    }
}

/** How long an ended relay waits for the gateway's side to close, and a new connection for its first bytes. */
const endedTimeoutMs = 30_000;

export interface RelayListenerOptions {
    port: number;
    injector: ConnectionInjector;
    /** `peer`: the gateway's host:port. */
    onRelay(relay: RelayTransport, peer: string): void;
    keepaliveMs: number;
    /** Unsent bytes before a gateway counts as not reading (maxBacklogBytes unless set; tests lower it). */
    maxBacklogBytes?: number;
    /** A relay cut from here (broken framing, no keepalive answer, a gateway not reading), with why. */
    onDropped(peer: string, reason: string): void;
}

/** Listens on `port` (0: any); resolves with the server once it listens. */
export function listenRelays(o: RelayListenerOptions): Promise<net.Server> {
    // Half-open: the gateway ends its side first, then reads the room's last frames.
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
        let first: Buffer = Buffer.alloc(0);
        const sniff = (chunk: Buffer) => {
            first = first.length === 0 ? chunk : Buffer.concat([first, chunk]);
            const kind = sniffHello(first);
            if (kind === "more") return;
            socket.off("data", sniff);
            socket.off("end", gone);
            socket.setTimeout(0);
            socket.off("timeout", gone);
            socket.pause();
            if (kind === "other") {
                // HTTP/2 as a plain server would have it: the peer's FIN closes the connection.
                socket.allowHalfOpen = false;
                socket.unshift(first);
                o.injector.injectConnection(socket);
                return;
            }
            socket.write(relayHello);
            const peer = `${socket.remoteAddress}:${socket.remotePort}`;
            const relay = new SocketRelay(socket, o.keepaliveMs, o.maxBacklogBytes ?? maxBacklogBytes, (reason) => o.onDropped(peer, reason));
            o.onRelay(relay, peer);
            const rest = first.subarray(relayHello.length);
            if (rest.length > 0) socket.unshift(rest);
            socket.resume();
        };
        const gone = () => socket.destroy();
        socket.setTimeout(endedTimeoutMs);
        socket.on("timeout", gone);
        socket.on("data", sniff);
        socket.on("end", gone);
        socket.on("error", () => socket.destroy());
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(o.port, "0.0.0.0", () => {
            server.off("error", reject);
            resolve(server);
        });
    });
}
