// The Relay over a plain TCP connection (services/CONTRACT.md "Relay over TCP"): the same RelayBatch
// messages as the gRPC Relay stream, written back to back on the room server's gRPC port. A gRPC
// message costs each side HTTP/2 framing, a stream state machine and the call layers; at game pace a
// batch holds about one frame, so that cost was most of the hop's. The room tells a relay from an
// HTTP/2 connection by its first 8 bytes (the HTTP/2 preface starts "PRI "), so nothing else moves:
// same address, same port, same network policy.
//
//   gateway → room: hello (8 bytes), then messages      room → gateway: hello back, then messages
//   message: tag u8 | length varint | body              (a RelayBatch is such a message, tag 0x0a)

/** The first 8 bytes each way; a room server that answers anything else has no TCP relay. */
export const relayHello = Buffer.from("GOPSRLY1");

/** Message tags, as protobuf length-delimited fields 1-4. */
export const SocketTag = {
    /** A RelayBatch (the whole message is the batch, as on the gRPC stream). */
    batch: 0x0a,
    /** Room → gateway, last: the relay's non-OK status (body as a close record: relay.ts encodeClose). */
    close: 0x12,
    /** Either side, after a quiet keepalive interval: answer with pong. */
    ping: 0x1a,
    pong: 0x22,
} as const;

/** The largest message accepted (gRPC's default receive limit, which the gRPC Relay has). */
export const maxMessageBytes = 4 * 1024 * 1024;

/** A message with no body (ping, pong) or a small one (close). */
export function socketMessage(tag: number, body: Uint8Array = new Uint8Array(0)): Buffer {
    const out = Buffer.allocUnsafe(1 + 5 + body.length);
    out[0] = tag;
    let at = 1;
    for (let v = body.length; ; v = Math.floor(v / 128)) {
        if (v < 0x80) {
            out[at++] = v;
            break;
        }
        out[at++] = (v & 0x7f) | 0x80;
    }
    out.set(body, at);
    return out.subarray(0, at + body.length);
}

/** What the first bytes of an accepted connection are: a relay's hello, something else, or too few to tell. */
export function sniffHello(first: Uint8Array): "relay" | "other" | "more" {
    const n = Math.min(first.length, relayHello.length);
    for (let i = 0; i < n; i++) if (first[i] !== relayHello[i]) return "other";
    return first.length >= relayHello.length ? "relay" : "more";
}

/**
 * Splits a byte stream into messages. `onMessage` gets the tag, the whole message (tag, length and
 * body: for a batch, what readBatch takes) and the body. push() returns the problem of a broken
 * stream (unknown tag, oversized message); the caller drops the connection.
 */
export class SocketMessageReader {
    private pending: Buffer | undefined;

    constructor(private readonly onMessage: (tag: number, message: Buffer, body: Buffer) => void) {}

    push(chunk: Buffer): string | undefined {
        const buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
        this.pending = undefined;
        let at = 0;
        while (at < buf.length) {
            const tag = buf[at]!;
            if (tag !== SocketTag.batch && tag !== SocketTag.close && tag !== SocketTag.ping && tag !== SocketTag.pong) {
                return `relay socket: unknown message tag 0x${tag.toString(16)}`;
            }
            let len = 0;
            let shift = 1;
            let p = at + 1;
            let complete = false;
            while (p < buf.length) {
                const b = buf[p++]!;
                len += (b & 0x7f) * shift;
                if (b < 0x80) {
                    complete = true;
                    break;
                }
                shift *= 128;
                if (p - at > 4) return "relay socket: message length is longer than a 4-byte varint";
            }
            if (!complete) break; // the length is cut off: wait for more
            if (len > maxMessageBytes) return `relay socket: message of ${len} bytes exceeds the limit of ${maxMessageBytes}`;
            if (p + len > buf.length) break;
            this.onMessage(tag, buf.subarray(at, p + len), buf.subarray(p, p + len));
            at = p + len;
        }
        // A copy: the rest must not keep the whole chunk alive.
        if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
        return undefined;
    }
}

/**
 * Bytes written to a relay connection and not yet taken by the kernel before the peer counts as not
 * reading and the relay is cut (its players reconnect through the gateway): a peer that keeps up
 * holds this at about one batch; a whole zone's output for seconds is far below it.
 */
export const maxBacklogBytes = 32 * 1024 * 1024;

/** What a write left waiting, as the reason a relay is cut for it. */
export function backlogReason(peer: string, waiting: number, limit: number): string {
    return `${peer} is not reading: ${waiting} bytes wait to be sent on the relay (limit ${limit})`;
}

/** How long a ping may wait behind our own unsent bytes before the peer counts as not reading. */
const unflushedPingLimitMs = 30_000;

/**
 * Finds a peer that vanished without closing the connection (node lost, process frozen): after
 * `everyMs` with nothing received a ping goes out, and no answer within half that means dead, so a
 * dead peer is found 1.5-2x `everyMs` after it went quiet (checked every quarter interval).
 * The half interval counts from when the ping left for the kernel (`ping` calls `flushed` then, as
 * a socket write's callback does), not from when it was queued: behind a long backlog of our own
 * the peer is busy reading, not gone. A ping still unsent after `unflushedLimitMs` means dead too.
 */
export class SocketKeepalive {
    private heard = false;
    private quietSince = Date.now();
    private queuedAt: number | undefined;
    private flushedAt: number | undefined;
    private pings = 0;
    private readonly timer: NodeJS.Timeout;

    constructor(
        private readonly everyMs: number,
        ping: (flushed: () => void) => void,
        onDead: (why: string) => void,
        unflushedLimitMs = unflushedPingLimitMs,
    ) {
        this.timer = setInterval(
            () => {
                const now = Date.now();
                if (this.heard) {
                    this.heard = false;
                    this.quietSince = now;
                    this.queuedAt = undefined;
                    this.flushedAt = undefined;
                    return;
                }
                if (this.queuedAt !== undefined) {
                    if (this.flushedAt === undefined) {
                        if (now - this.queuedAt < unflushedLimitMs) return;
                        this.stop();
                        return onDead(`a keepalive ping waited ${now - this.queuedAt} ms behind unsent bytes (limit ${unflushedLimitMs})`);
                    }
                    if (now - this.flushedAt < this.everyMs / 2) return;
                    this.stop();
                    return onDead(`no answer to a keepalive ping within ${Math.round(this.everyMs / 2)} ms`);
                }
                if (now - this.quietSince < this.everyMs) return;
                this.queuedAt = now;
                const n = ++this.pings;
                ping(() => {
                    // Only this ping's flush counts (not one from before an answer reset the state).
                    if (this.pings === n && this.queuedAt !== undefined) this.flushedAt ??= Date.now();
                });
            },
            Math.max(1, Math.floor(everyMs / 4)),
        );
        this.timer.unref();
    }

    /** Anything arrived from the peer. */
    heardFrom(): void {
        this.heard = true;
    }

    stop(): void {
        clearInterval(this.timer);
    }
}
