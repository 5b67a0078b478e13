// The gateway's side of one Relay stream to one room server (services/protocol/relay.ts): each
// player link is a RelayLink, which Session drives exactly like a per-player Connect stream.
import { EventEmitter } from "node:events";
import type * as grpc from "@grpc/grpc-js";
import type { Frame } from "../protocol";
import { asBuffer, connectPath, deserializeFrame, relayPath, serializeFrame } from "../protocol/room-service";
import { bodyFrame, decodeClose, RelayKind, RelayWriter, readBatch } from "../protocol/relay";
import { Status } from "../protocol/status";
import { grpcMetadata } from "./grpc-js";
import { type LinkStatus, linkStatus as status } from "./link-status";
import type { RelayStream } from "./relay-socket";

/** The part of a gRPC client stream a Session uses; a Connect call is one as it is. */
export interface RoomCall {
    write(f: Frame): unknown;
    /** Half-closes: the room ends the link (status OK). */
    end(): void;
    /** Drops the link now; status CANCELLED follows. */
    cancel(): void;
    on(event: "data", fn: (f: Frame) => void): unknown;
    on(event: "status", fn: (s: LinkStatus) => void): unknown;
    on(event: "error", fn: (e: Error) => void): unknown;
}

/**
 * One player link on a relay. Until the room answers it can still fall back to a Connect stream
 * (a room server that has no Relay yet, during a rolling update); after that, its events are the
 * Connect stream's.
 */
class RelayLink extends EventEmitter implements RoomCall {
    private done = false;
    private fallback: grpc.ClientDuplexStream<Frame, Frame> | undefined;

    constructor(
        private readonly conn: RelayConnection,
        readonly id: number,
        readonly metadata: Record<string, string>,
    ) {
        super();
    }

    write(f: Frame): boolean {
        if (this.fallback !== undefined) return this.fallback.write(f);
        if (!this.done) this.conn.writer.record(this.id, RelayKind.frame, f.data, f.cmd);
        return true;
    }

    end(): void {
        if (this.fallback !== undefined) this.fallback.end();
        else if (!this.done) this.conn.writer.record(this.id, RelayKind.end, empty);
    }

    cancel(): void {
        if (this.fallback !== undefined) return this.fallback.cancel();
        if (this.done) return;
        this.conn.writer.record(this.id, RelayKind.cancel, empty);
        // As grpc-js does, the status of a cancelled call comes after the caller's turn.
        queueMicrotask(() => this.finish(status(Status.CANCELLED, "Cancelled on client")));
    }

    /** The link's last event: the room closed it, the relay broke, or the gateway cancelled. */
    finish(s: LinkStatus): void {
        if (this.done) return;
        this.done = true;
        this.conn.forget(this.id);
        this.emit("status", s);
    }

    /** The room server has no Relay: the same link as its own Connect stream, from the start. */
    useConnect(client: grpc.Client): void {
        if (this.done) return;
        this.done = true;
        this.conn.forget(this.id);
        const call = client.makeBidiStreamRequest(connectPath, serializeFrame, deserializeFrame, grpcMetadata(this.metadata));
        this.fallback = call;
        call.on("data", (f: Frame) => this.emit("data", f));
        call.on("error", () => undefined); // the outcome is read from "status"
        call.on("status", (s: grpc.StatusObject) => this.emit("status", s));
    }
}

const empty = new Uint8Array(0);

/** The Relay as a gRPC stream on the room server's channel. */
export function grpcRelayStream(client: grpc.Client): RelayStream {
    return client.makeBidiStreamRequest(relayPath, asBuffer, asBuffer, grpcMetadata());
}

/** The gateway side of one Relay stream to a room server; closed for good once the stream ends. */
export class RelayConnection {
    readonly writer: RelayWriter;
    private readonly call: RelayStream;
    private readonly links = new Map<number, RelayLink>();
    private nextId = 1;
    private ended = false;

    /**
     * `onEnd` gets the stream's status once (UNIMPLEMENTED: the server has no Relay; use Connect).
     * `open`: the stream to use (the pool's is a TCP relay that falls back to gRPC); a gRPC stream on `client` by default.
     * `client`: the room server's gRPC channel, made on first use (a fallback to gRPC or Connect).
     */
    constructor(
        private readonly client: () => grpc.Client,
        private readonly onEnd: (s: LinkStatus) => void,
        open: () => RelayStream = () => grpcRelayStream(client()),
    ) {
        this.call = open();
        this.writer = new RelayWriter((batch) => {
            if (!this.ended) this.call.write(batch);
        });
        this.call.on("data", (batch: Buffer) => {
            const problem = readBatch(batch, (id, kind, body) => {
                const link = this.links.get(id);
                if (link === undefined) return; // cancelled here; the room's answer crossed it
                if (kind === RelayKind.frame) {
                    const f = bodyFrame(body);
                    if (f !== undefined) link.emit("data", f);
                } else if (kind === RelayKind.close) {
                    const c = decodeClose(body);
                    link.finish(status(c.code, c.details, c.trailers));
                }
            });
            if (problem !== undefined) {
                this.call.cancel();
                this.lost(status(Status.INTERNAL, problem));
            }
        });
        this.call.on("error", () => undefined); // the outcome is read from "status"
        this.call.on("status", (s: LinkStatus) => this.lost(s));
    }

    get open(): boolean {
        return !this.ended;
    }

    /** Opens one player link; its first frame from the room means seated, a close means refused. */
    openLink(metadata: Record<string, string>): RoomCall {
        const id = this.nextId++;
        const link = new RelayLink(this, id, metadata);
        this.links.set(id, link);
        this.writer.record(id, RelayKind.open, Buffer.from(JSON.stringify(metadata)));
        return link;
    }

    forget(id: number): void {
        this.links.delete(id);
    }

    /** Half-closes the stream (no link is left on it); the room ends its side. */
    close(): void {
        if (this.ended) return;
        this.writer.flush();
        this.call.end();
    }

    private lost(s: LinkStatus): void {
        if (this.ended) return;
        this.ended = true;
        this.writer.close();
        const links = [...this.links.values()];
        if (s.code === Status.UNIMPLEMENTED) {
            const client = this.connectClient();
            if (client !== undefined) for (const l of links) l.useConnect(client);
            else for (const l of links) l.finish(status(Status.UNAVAILABLE, "the gateway closed its channel to the room server"));
        } else {
            // A relay that ends under open links is a room server gone (or stopping): each link breaks.
            const broken = s.code === Status.OK ? status(Status.UNAVAILABLE, "the room server ended the relay") : s;
            for (const l of links) l.finish(broken);
        }
        this.onEnd(s);
    }

    /** The channel for Connect streams; none when the pool closed it meanwhile (the gateway stops). */
    private connectClient(): grpc.Client | undefined {
        try {
            return this.client();
        } catch {
            return undefined;
        }
    }
}
