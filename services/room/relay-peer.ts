// The room server's side of one Relay stream (services/protocol/relay.ts): every OPEN record becomes
// a RelayPlayerCall, which handlePlayerStream serves exactly like a Connect stream.
import { EventEmitter } from "node:events";
import { Metadata, type ServerDuplexStream, type StatusObject, status } from "@grpc/grpc-js";
import type { Frame } from "../protocol";
import { bodyFrame, encodeClose, RelayKind, RelayWriter, readBatch } from "../protocol/relay";
import type { Logger } from "../shared/logger";
import type { PlayerCall } from "./player-stream";

export type RelayCall = ServerDuplexStream<Buffer, Buffer>;

/** The room's end of a Relay: a gRPC server stream (grpcRelay), or a TCP connection (relay-listener.ts). */
export interface RelayTransport {
    write(batch: Buffer): unknown;
    /** Ends the relay with status OK. */
    end(): void;
    /** Ends the relay with this status. */
    fail(code: number, details: string): void;
    /** "data": one RelayBatch; "end": the gateway half-closed; "error" | "cancelled": the relay is gone. */
    on(event: "data" | "end" | "error" | "cancelled", fn: (batch: Buffer) => void): unknown;
}

/** A gRPC Relay stream as a RelayTransport. */
export function grpcRelay(call: RelayCall): RelayTransport {
    return {
        write: (batch) => call.write(batch),
        end: () => call.end(),
        fail: (code, details) => void call.emit("error", { code, details, metadata: new Metadata() }),
        on: (event, fn) => call.on(event, fn),
    };
}

/**
 * One player link on a relay, with the part of a gRPC server stream that handlePlayerStream uses:
 * `metadata`, write/end, `emit("error", status)` to refuse, destroy; events data, end (the gateway
 * half-closed), cancelled (the gateway cancelled, or the relay itself is gone).
 */
class RelayPlayerCall extends EventEmitter implements PlayerCall {
    private done = false;

    constructor(
        private readonly peer: RelayPeer,
        private readonly link: number,
        readonly metadata: Metadata,
    ) {
        super();
        // As on a gRPC server stream, an "error" emitted by the handler is the status it ends with.
        this.on("error", (e: Partial<StatusObject>) => this.close(e.code ?? status.UNKNOWN, e.details ?? "", e.metadata));
    }

    write(f: Frame): boolean {
        if (!this.done) this.peer.writer.record(this.link, RelayKind.frame, f.data, f.cmd);
        return true;
    }

    end(): void {
        this.close(status.OK, "");
    }

    destroy(err?: Error): void {
        this.close(status.INTERNAL, err?.message ?? "destroyed");
    }

    /** The gateway cancelled the link or the relay is gone: no status goes back. */
    gone(): void {
        if (this.done) return;
        this.done = true;
        this.peer.forget(this.link);
        this.emit("cancelled");
    }

    private close(code: number, details: string, md?: Metadata): void {
        if (this.done) return;
        this.done = true;
        const trailers: Record<string, string> = {};
        for (const [k, v] of Object.entries(md?.getMap() ?? {})) if (typeof v === "string") trailers[k] = v;
        this.peer.writer.record(this.link, RelayKind.close, encodeClose({ code, details, trailers }));
        this.peer.forget(this.link);
    }
}

function openMetadata(body: Uint8Array): Metadata {
    const md = new Metadata();
    try {
        const v = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString("utf8")) as unknown;
        if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) if (typeof x === "string") md.set(k, x);
    } catch {
        // Metadata left empty: parseStreamMetadata refuses the link with INVALID_ARGUMENT, naming user_id.
    }
    return md;
}

/** The room side of one gateway's Relay stream. */
export class RelayPeer {
    readonly writer: RelayWriter;
    private readonly links = new Map<number, RelayPlayerCall>();
    private ended = false;

    constructor(
        private readonly call: RelayTransport,
        onPlayer: (call: PlayerCall) => void,
        private readonly log: Logger,
        private readonly onGone: (peer: RelayPeer) => void,
    ) {
        this.writer = new RelayWriter((batch) => {
            if (!this.ended) call.write(batch);
        });
        call.on("data", (batch: Buffer) => {
            if (this.ended) return; // records in flight when this side ended open nothing
            const problem = readBatch(batch, (link, kind, body) => {
                if (kind === RelayKind.open) {
                    if (this.links.has(link)) return;
                    const player = new RelayPlayerCall(this, link, openMetadata(body));
                    this.links.set(link, player);
                    onPlayer(player);
                    return;
                }
                const player = this.links.get(link);
                if (player === undefined) return; // a record for a link that already ended
                if (kind === RelayKind.frame) {
                    const f = bodyFrame(body);
                    if (f !== undefined) player.emit("data", f);
                } else if (kind === RelayKind.end) player.emit("end");
                else if (kind === RelayKind.cancel) player.gone();
            });
            if (problem !== undefined) {
                this.log.warn({ problem }, "relay: malformed batch from a gateway; ending its relay");
                this.end(status.INTERNAL, problem);
            }
        });
        call.on("error", () => this.lost());
        call.on("cancelled", () => this.lost());
        // The gateway ends its relay only once no link is left on it (its channel went idle).
        call.on("end", () => this.end(status.OK, ""));
    }

    forget(link: number): void {
        this.links.delete(link);
    }

    get linkCount(): number {
        return this.links.size;
    }

    /** Sends what is pending and ends the relay (the server stops); links still open are cancelled. */
    end(code: number, details: string): void {
        if (this.ended) return;
        this.writer.flush();
        this.lost();
        if (code === status.OK) this.call.end();
        else this.call.fail(code, details);
    }

    private lost(): void {
        if (this.ended) return;
        this.ended = true;
        this.writer.close();
        for (const p of [...this.links.values()]) p.gone();
        this.onGone(this);
    }
}
