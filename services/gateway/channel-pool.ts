import type * as grpc from "@grpc/grpc-js";
import { connectPath, deserializeFrame, frame, serializeFrame } from "../protocol/room-service";
import { Status } from "../protocol/status";
import { grpcJs, grpcMetadata } from "./grpc-js";
import { grpcRelayStream, RelayConnection, type RoomCall } from "./relay-connection";
import { SocketRelayStream } from "./relay-socket";

export type { RoomCall } from "./relay-connection";

/** A Frame for the room stream: the client's command and payload bytes, unchanged. */
export const roomFrame = frame;

/**
 * A room server that vanishes without closing its TCP connections (node lost, process frozen,
 * network partition) would leave its players' streams hanging: an HTTP/2 ping every `keepaliveMs`
 * while streams are open, unanswered for half that, fails the streams and the players get
 * Disconnect(0). grpc-js servers accept these pings.
 */
function channelOptions(keepaliveMs: number): grpc.ChannelOptions {
    return {
        "grpc.keepalive_time_ms": keepaliveMs,
        "grpc.keepalive_timeout_ms": Math.ceil(keepaliveMs / 2),
        "grpc.keepalive_permit_without_calls": 0,
        // A player stream is never retried (a broken one ends in Disconnect(0) and the client sits
        // down again), yet with retries on grpc-js keeps every message it sends in a retry buffer and
        // runs each through an extra call layer: off, that is measurably less CPU per relayed frame.
        "grpc.enable_retries": 0,
        // Channelz (grpc-js's introspection registry, which nothing here reads) counts every message.
        "grpc.enable_channelz": 0,
    };
}

interface Entry {
    addr: string;
    /** Made on first need (a room server without the TCP relay); a relayed one never has one. */
    client: grpc.Client | undefined;
    /** Taken out of the pool (closed, or idle): no channel is made for it any more. */
    closed: boolean;
    streams: number;
    idleTimer: NodeJS.Timeout | undefined;
    /** The Relay stream every player link to this server goes on, while it lasts. */
    relay: RelayConnection | undefined;
    /** The server answered Relay with UNIMPLEMENTED (an older build): one Connect stream per link. */
    connectOnly: boolean;
}

/**
 * One gRPC channel per room server address, shared by every player link to it, and on it one
 * Relay stream that carries every link (CONTRACT.md); a channel with no link left is closed after
 * `idleMs` (a room server that went away must not keep a channel reconnecting forever, but a busy
 * one should not pay a handshake per sit-down). A server without Relay gets a Connect stream per link.
 */
export class ChannelPool {
    private readonly entries = new Map<string, Entry>();

    constructor(
        private readonly keepaliveMs: number = 10_000,
        private readonly idleMs: number = 30_000,
    ) {}

    /** Opens one player stream to `addr`; the stream's slot is released when its status arrives. */
    open(addr: string, metadata: Record<string, string>): RoomCall {
        const entry = this.acquire(addr);
        let call: RoomCall;
        try {
            call = entry.connectOnly
                ? this.clientOf(entry).makeBidiStreamRequest(connectPath, serializeFrame, deserializeFrame, grpcMetadata(metadata))
                : this.relayOf(entry).openLink(metadata);
        } catch (err) {
            this.release(addr, entry); // the slot is given back: nothing holds it
            throw err;
        }
        let released = false;
        call.on("status", () => {
            if (released) return;
            released = true;
            this.release(addr, entry);
        });
        return call;
    }

    /** Addresses with an open channel (for metrics and tests). */
    addresses(): string[] {
        return [...this.entries.keys()];
    }

    close(): void {
        for (const [addr, entry] of this.entries) {
            if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
            entry.closed = true;
            entry.relay?.close();
            entry.client?.close();
            this.entries.delete(addr);
        }
    }

    /** The entry's Relay stream, opened again after one ended (a room server restarted). */
    private relayOf(entry: Entry): RelayConnection {
        if (entry.relay?.open === true) return entry.relay;
        // A TCP relay first (CONTRACT.md "Relay over TCP"); a room server without one gets the gRPC stream.
        const client = () => this.clientOf(entry);
        const open = () => new SocketRelayStream(entry.addr, () => grpcRelayStream(client()), this.keepaliveMs);
        const relay = new RelayConnection(
            client,
            (s) => {
                if (entry.relay === relay) entry.relay = undefined;
                if (s.code === Status.UNIMPLEMENTED) entry.connectOnly = true;
            },
            open,
        );
        entry.relay = relay;
        return relay;
    }

    private acquire(addr: string): Entry {
        let entry = this.entries.get(addr);
        if (entry === undefined) {
            entry = { addr, client: undefined, closed: false, streams: 0, idleTimer: undefined, relay: undefined, connectOnly: false };
            this.entries.set(addr, entry);
        }
        if (entry.idleTimer !== undefined) {
            clearTimeout(entry.idleTimer);
            entry.idleTimer = undefined;
        }
        entry.streams++;
        return entry;
    }

    /** Throws for an entry taken out of the pool: a relay still saying hello then ends UNAVAILABLE instead of opening a channel nobody closes. */
    private clientOf(entry: Entry): grpc.Client {
        if (entry.closed) throw new Error(`the channel to ${entry.addr} was closed`);
        if (entry.client === undefined) {
            const { Client, credentials } = grpcJs();
            entry.client = new Client(entry.addr, credentials.createInsecure(), channelOptions(this.keepaliveMs));
        }
        return entry.client;
    }

    private release(addr: string, entry: Entry): void {
        entry.streams--;
        if (entry.streams > 0 || this.entries.get(addr) !== entry) return;
        entry.idleTimer = setTimeout(() => {
            if (entry.streams === 0 && this.entries.get(addr) === entry) {
                this.entries.delete(addr);
                entry.closed = true;
                entry.relay?.close();
                entry.client?.close();
            }
        }, this.idleMs);
        entry.idleTimer.unref();
    }
}
