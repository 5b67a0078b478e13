import { randomBytes } from "node:crypto";

/**
 * Whether a client still answers: every PING_INTERVAL_MS the gateway pings with a fresh random
 * payload, and only the pong that echoes THAT payload (RFC 6455 5.5.3) proves the client alive.
 * Any other pong (unsolicited, stale, or guessed) changes nothing, so a client cannot keep a dead
 * or non-reading connection alive by spraying pongs.
 *
 *   answered ──tick: ping(nonce)──▶ awaiting(nonce) ──pong(nonce)──▶ answered
 *                                        └──tick──▶ missed (the connection is cut)
 *
 * Every connection holds one between pings, so the state is plain numbers: the 8-byte nonce as two
 * int32 halves (small integers, stored in the object itself) instead of a state object and a Buffer
 * of its own (about 400 bytes of RSS per idle connection, all the time once pings have started).
 */
const answered = 0;
const awaiting = 1;
const missed = 2;

export type Tick = { kind: "ping"; payload: Buffer } | { kind: "missed" };

export class Liveness {
    private state: typeof answered | typeof awaiting | typeof missed = answered;
    private nonceHigh = 0;
    private nonceLow = 0;

    /** The heartbeat timer fired: ping again, or report that the last ping went unanswered. */
    tick(): Tick {
        if (this.state !== answered) {
            this.state = missed;
            return { kind: "missed" };
        }
        const payload = randomBytes(8);
        this.nonceHigh = payload.readInt32BE(0);
        this.nonceLow = payload.readInt32BE(4);
        this.state = awaiting;
        return { kind: "ping", payload };
    }

    /** A pong arrived; true when it answered the outstanding ping. */
    pong(payload: Buffer): boolean {
        if (this.state !== awaiting || payload.length !== 8 || payload.readInt32BE(0) !== this.nonceHigh || payload.readInt32BE(4) !== this.nonceLow) {
            return false;
        }
        this.state = answered;
        return true;
    }
}
