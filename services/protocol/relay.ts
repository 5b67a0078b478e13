// The batched relay between a gateway and a room server (services/CONTRACT.md "Relay"): ONE gRPC
// stream per gateway ↔ room-server pair carries every player link between them. One gRPC message
// per direction and event-loop turn (a RelayBatch) holds all the records of that turn:
//
//   link u32 | kind u8 | length u32 | body (length bytes)        integers big-endian
//
// A per-player gRPC stream cost the gateway more CPU per relayed frame (HTTP/2 stream, call layers,
// one gRPC message and often one write each) than the client's WebSocket did; batched, the hop's
// cost is one copy of the frame's bytes. A FRAME body is the client wire frame itself (cmd u32 +
// payload), so neither side re-encodes a payload.
import { encodeFrame } from "./frame";
import type { Frame } from "./gen/gameops/internal/v1/room_pb";
import { frame } from "./room-service";

/** Record kinds. Gateway → room: open, frame, end, cancel. Room → gateway: frame, close. */
export const RelayKind = {
    /** A new player link; body: JSON object of the call metadata (user_id, room_id, seat, game_name, client_version). */
    open: 1,
    /** One client frame (either direction); body: cmd u32 + payload. */
    frame: 2,
    /** The gateway half-closes the link (as a gRPC stream's end()). */
    end: 3,
    /** The gateway cancels the link (the client socket is gone). */
    cancel: 4,
    /** The room ends the link with a gRPC status; body: code u32 + JSON { details, trailers }. */
    close: 5,
} as const;

const headerBytes = 9;
/** RelayBatch field 1 (`bytes records`), wire type 2. */
const recordsTag = 0x0a;
/** A batch is flushed early past this size (gRPC's default receive limit is 4 MiB). */
const flushBytes = 256 * 1024;

export interface RelayClose {
    code: number;
    details: string;
    trailers: Record<string, string>;
}

export function encodeClose(c: RelayClose): Uint8Array {
    const json = Buffer.from(JSON.stringify({ details: c.details, trailers: c.trailers }));
    const out = Buffer.allocUnsafe(4 + json.length);
    out.writeUInt32BE(c.code >>> 0, 0);
    json.copy(out, 4);
    return out;
}

export function decodeClose(body: Uint8Array): RelayClose {
    if (body.length < 4) return { code: 13, details: "relay: close record shorter than 4 bytes", trailers: {} };
    const b = Buffer.from(body.buffer, body.byteOffset, body.length);
    try {
        const v = JSON.parse(b.toString("utf8", 4)) as { details?: unknown; trailers?: unknown };
        const trailers: Record<string, string> = {};
        if (typeof v.trailers === "object" && v.trailers !== null) {
            for (const [k, x] of Object.entries(v.trailers)) if (typeof x === "string") trailers[k] = x;
        }
        return { code: b.readUInt32BE(0), details: typeof v.details === "string" ? v.details : "", trailers };
    } catch {
        return { code: 13, details: "relay: close record is not JSON", trailers: {} };
    }
}

/**
 * A frame read from a relay record: `wire` is the record's body, which is already the client wire
 * frame (cmd u32 + payload), so a gateway sends it on to the client as it is (wireBytes).
 */
export interface RelayedFrame extends Frame {
    readonly wire: Uint8Array;
}

/** The FRAME body's view as a Frame (the payload and `wire` are views on the batch, not copies). */
export function bodyFrame(body: Uint8Array): RelayedFrame | undefined {
    if (body.length < 4) return undefined;
    const cmd = ((body[0]! << 24) | (body[1]! << 16) | (body[2]! << 8) | body[3]!) >>> 0;
    return Object.assign(frame(cmd, body.subarray(4)), { wire: body });
}

/** A frame's client wire bytes: a relayed frame's own body, else encoded (a frame from a gRPC stream). */
export function wireBytes(f: Frame): Uint8Array {
    return (f as Partial<RelayedFrame>).wire ?? encodeFrame(f.cmd, f.data);
}

export type RecordHandler = (link: number, kind: number, body: Uint8Array) => void;

/**
 * Calls `onRecord` for every record of one RelayBatch message, in order. Returns an error text for
 * a malformed batch (the peer is broken: the caller ends the relay), after the records before it.
 */
export function readBatch(batch: Uint8Array, onRecord: RecordHandler): string | undefined {
    if (batch.length === 0) return undefined;
    if (batch[0] !== recordsTag) return `relay: batch starts with byte ${batch[0]}, not the records field`;
    let len = 0;
    let at = 1;
    for (let shift = 0; ; shift += 7) {
        if (at >= batch.length || shift > 28) return "relay: batch length is cut off";
        const byte = batch[at++]!;
        len += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) break;
    }
    const end = at + len;
    if (end !== batch.length) return `relay: batch says ${len} bytes of records, has ${batch.length - at}`;
    const view = new DataView(batch.buffer, batch.byteOffset, batch.length);
    while (at < end) {
        if (end - at < headerBytes) return "relay: record header is cut off";
        const link = view.getUint32(at);
        const kind = batch[at + 4]!;
        const size = view.getUint32(at + 5);
        at += headerBytes;
        if (end - at < size) return `relay: record of ${size} bytes is cut off`;
        onRecord(link, kind, batch.subarray(at, at + size));
        at += size;
    }
    return undefined;
}

/**
 * Collects the records written in one event-loop turn and sends them as one RelayBatch in
 * `setImmediate` (after every I/O callback of the turn has run), or at once past 256 KiB. Nothing
 * waits longer than the rest of the current turn.
 */
export class RelayWriter {
    private buf = Buffer.allocUnsafe(16 * 1024);
    private size = 0;
    private scheduled = false;
    private closed = false;

    constructor(private readonly send: (batch: Buffer) => void) {}

    /** A record whose body is `head` (a cmd u32, written only when `cmd` is given) followed by `body`. */
    record(link: number, kind: number, body: Uint8Array, cmd?: number): void {
        if (this.closed) return;
        const bodySize = (cmd === undefined ? 0 : 4) + body.length;
        this.reserve(headerBytes + bodySize);
        const b = this.buf;
        let at = this.size;
        b.writeUInt32BE(link >>> 0, at);
        b[at + 4] = kind;
        b.writeUInt32BE(bodySize, at + 5);
        at += headerBytes;
        if (cmd !== undefined) {
            b.writeUInt32BE(cmd >>> 0, at);
            at += 4;
        }
        b.set(body, at);
        this.size = at + body.length;
        if (this.size >= flushBytes) this.flush();
        else if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(this.flush);
        }
    }

    /** Sends what is pending now (a stop, before the stream is ended). */
    readonly flush = (): void => {
        this.scheduled = false;
        if (this.size === 0 || this.closed) return;
        const len = this.size;
        let prefix = 1;
        for (let v = len; v >= 0x80; v = Math.floor(v / 128)) prefix++;
        const out = Buffer.allocUnsafe(1 + prefix + len);
        out[0] = recordsTag;
        let at = 1;
        for (let v = len; ; v = Math.floor(v / 128)) {
            if (v < 0x80) {
                out[at++] = v;
                break;
            }
            out[at++] = (v & 0x7f) | 0x80;
        }
        this.buf.copy(out, at, 0, len);
        this.size = 0;
        this.send(out);
    };

    /** Drops what is pending and ignores later records (the stream is gone). */
    close(): void {
        this.closed = true;
        this.size = 0;
    }

    private reserve(n: number): void {
        if (this.size + n <= this.buf.length) return;
        const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size + n));
        this.buf.copy(next, 0, 0, this.size);
        this.buf = next;
    }
}
