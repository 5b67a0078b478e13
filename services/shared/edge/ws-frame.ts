// One server-to-client WebSocket binary message as the bytes on the wire (RFC 6455 §5.2: FIN, opcode
// 2, unmasked, the 7-, 16- or 64-bit length, the payload), in ONE buffer. ws's sender writes the header
// and the payload as two writes under a cork, and every write a corked socket holds costs a request
// object and its share of a writev array: the room server's largest allocation site under the game
// (heap sampling, bench), and the source of its scavenges.

/** FIN + opcode 2 (binary). */
const finBinary = 0x82;

/** The header's size for a payload of `length` bytes. */
function headerBytes(length: number): number {
    if (length < 126) return 2;
    return length < 65_536 ? 4 : 10;
}

/**
 * `payload` framed as one binary WebSocket message, copied (never a view on `payload`, so a frame
 * waiting for a slow client holds at most its own bytes and a share of Node's 8 KB buffer pool, not
 * the relay batch it came in).
 */
export function binaryFrame(payload: Uint8Array): Buffer {
    const length = payload.byteLength;
    const offset = headerBytes(length);
    const out = Buffer.allocUnsafe(offset + length);
    out[0] = finBinary;
    if (offset === 2) out[1] = length;
    else if (offset === 4) {
        out[1] = 126;
        out.writeUInt16BE(length, 2);
    } else {
        out[1] = 127;
        out.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
        out.writeUInt32BE(length >>> 0, 6);
    }
    out.set(payload, offset);
    return out;
}
