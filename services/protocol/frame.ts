// Client framing: 4-byte big-endian unsigned command, then the protobuf payload (may be empty).

/**
 * Every WebSocket close code the gateway sends (what each means for a client: the table in
 * services/README.md "Limits and close codes"; a test keeps the two in step).
 */
export const CloseCode = {
    /** The gateway stops ("gateway restarting"); reconnect, through any gateway. */
    Restarting: 1001,
    /** Malformed frame (shorter than the 4-byte command). */
    MalformedFrame: 1002,
    /** A text frame where only binary frames are allowed. */
    TextFrame: 1003,
    /** A text frame that is not valid UTF-8 (`ws` closes it before the gateway sees it). */
    InvalidUtf8: 1007,
    /** More than MAX_MSGS_PER_SEC frames (pings and pongs included), or an unknown command. */
    Policy: 1008,
    /** Frame larger than MAX_FRAME_BYTES. */
    TooBig: 1009,
    /** The client does not read: more than MAX_BUFFERED_BYTES wait to be sent to it. */
    NotReading: 1013,
    /** Missing, invalid or expired token (extension; the reference just drops the socket). */
    AuthFailed: 4001,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const headerBytes = 4;
const maxCmd = 0xffffffff;

export type DecodedFrame = { ok: true; cmd: number; payload: Uint8Array } | { ok: false; code: CloseCode; reason: string };

export interface DecodeOptions {
    /** Largest accepted frame including the header; absent = no limit. */
    maxBytes?: number;
}

/** Encodes one frame. Throws only on a programming error (a cmd that is not a uint32). */
export function encodeFrame(cmd: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
    if (!Number.isInteger(cmd) || cmd < 0 || cmd > maxCmd) {
        throw new RangeError(`cmd: ${String(cmd)} is not a uint32; use an integer from 0 to ${maxCmd}`);
    }
    const out = new Uint8Array(headerBytes + payload.byteLength);
    new DataView(out.buffer).setUint32(0, cmd, false);
    out.set(payload, headerBytes);
    return out;
}

/** Decodes one frame; never throws. The payload is a view on the input, not a copy. */
export function decodeFrame(bytes: Uint8Array, options: DecodeOptions = {}): DecodedFrame {
    if (options.maxBytes !== undefined && bytes.byteLength > options.maxBytes) {
        return {
            ok: false,
            code: CloseCode.TooBig,
            reason: `frame of ${bytes.byteLength} bytes exceeds the limit of ${options.maxBytes}`,
        };
    }
    if (bytes.byteLength < headerBytes) {
        return {
            ok: false,
            code: CloseCode.MalformedFrame,
            reason: `frame of ${bytes.byteLength} bytes is shorter than the 4-byte command`,
        };
    }
    const cmd = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
    return { ok: true, cmd, payload: bytes.subarray(headerBytes) };
}
