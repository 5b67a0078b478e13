// The RoomService definition for @grpc/grpc-js, built by hand from the generated Frame message
// (protoc-gen-es generates messages, not grpc-js stubs).
import type { ServiceDefinition } from "@grpc/grpc-js";
import { fromBinary } from "@bufbuild/protobuf";
import { FrameSchema, type Frame } from "./gen/gameops/internal/v1/room_pb";

export const connectPath = "/gameops.internal.v1.RoomService/Connect";
/** One stream per gateway ↔ room-server pair, every player link batched on it (relay.ts). */
export const relayPath = "/gameops.internal.v1.RoomService/Relay";

/** Call metadata keys (services/CONTRACT.md). */
export const RoomMetadata = {
    userId: "user_id",
    roomId: "room_id",
    seat: "seat",
    gameName: "game_name",
    clientVersion: "client_version",
    /** Trailer on FAILED_PRECONDITION: the address of the room's owner. */
    ownerAddr: "owner-addr",
} as const;

// Every client message crosses the gateway → room hop as a Frame, twice (in and out), so its codec
// is written by hand: the generic reflection-based toBinary/fromBinary (plus create() and a copy in
// Buffer.from) were the largest share of the gateway's and the room server's own CPU per message in
// `npm run bench`'s profiles. The bytes are the same protobuf encoding (field 1 varint, field 2
// length-delimited, defaults omitted); the reader takes the canonical layout and falls back to the
// generated reader for anything else (other field order, unknown fields), so any valid Frame decodes.
const frameTypeName = FrameSchema.typeName as "gameops.internal.v1.Frame";
const cmdTag = 0x08;
const dataTag = 0x12;

function varintSize(v: number): number {
    let n = 1;
    while (v >= 0x80) {
        v = Math.floor(v / 128);
        n++;
    }
    return n;
}

function writeVarint(buf: Buffer, at: number, v: number): number {
    while (v >= 0x80) {
        buf[at++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
    }
    buf[at++] = v;
    return at;
}

/** Reads a varint of at most 5 bytes (a uint32 or a length) at `at`; undefined when it does not fit. */
function readVarint(b: Uint8Array, at: number): { v: number; next: number } | undefined {
    let v = 0;
    for (let i = 0; i < 5 && at + i < b.length; i++) {
        const byte = b[at + i]!;
        v += (byte & 0x7f) * 2 ** (7 * i);
        if (byte < 0x80) return v <= 0xffffffff ? { v, next: at + i + 1 } : undefined;
    }
    return undefined;
}

/** A Frame as create(FrameSchema, …) makes it, without the reflection (a plain object of the generated type). */
// biome-ignore lint/style/useNamingConvention: $typeName is the generated message type's own field
export const frame = (cmd: number, data: Uint8Array): Frame => ({ $typeName: frameTypeName, cmd, data });

export function serializeFrame(f: Frame): Buffer {
    const cmd = f.cmd >>> 0;
    const len = f.data.length;
    const size = (cmd === 0 ? 0 : 1 + varintSize(cmd)) + (len === 0 ? 0 : 1 + varintSize(len) + len);
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    if (cmd !== 0) {
        out[at++] = cmdTag;
        at = writeVarint(out, at, cmd);
    }
    if (len !== 0) {
        out[at++] = dataTag;
        at = writeVarint(out, at, len);
        out.set(f.data, at);
    }
    return out;
}

/** The payload is a view on `b` (gRPC hands each message its own buffer), not a copy. */
export function deserializeFrame(b: Buffer): Frame {
    let at = 0;
    let cmd = 0;
    let data: Uint8Array = new Uint8Array(0);
    if (at < b.length && b[at] === cmdTag) {
        const v = readVarint(b, at + 1);
        if (v === undefined) return fromBinary(FrameSchema, b);
        cmd = v.v;
        at = v.next;
    }
    if (at < b.length && b[at] === dataTag) {
        const v = readVarint(b, at + 1);
        if (v === undefined || v.next + v.v > b.length) return fromBinary(FrameSchema, b);
        data = b.subarray(v.next, v.next + v.v);
        at = v.next + v.v;
    }
    return at === b.length ? frame(cmd, data) : fromBinary(FrameSchema, b);
}

export const roomServiceDefinition: ServiceDefinition = {
    Connect: {
        path: connectPath,
        requestStream: true,
        responseStream: true,
        requestSerialize: serializeFrame,
        requestDeserialize: deserializeFrame,
        responseSerialize: serializeFrame,
        responseDeserialize: deserializeFrame,
        originalName: "connect",
    },
    // A RelayBatch goes over the wire as its bytes: relay.ts reads and writes the message itself.
    Relay: {
        path: relayPath,
        requestStream: true,
        responseStream: true,
        requestSerialize: asBuffer,
        requestDeserialize: asBuffer,
        responseSerialize: asBuffer,
        responseDeserialize: asBuffer,
        originalName: "relay",
    },
};

export function asBuffer(b: Buffer): Buffer {
    return b;
}
