import { randomBytes } from "node:crypto";

/**
 * Whether a client still answers: every PING_INTERVAL_MS the gateway pings with a fresh random
 * payload, and only the pong that echoes THAT payload (RFC 6455 5.5.3) proves the client alive.
 * Any other pong (unsolicited, stale, or guessed) changes nothing, so a client cannot keep a dead
 * or non-reading connection alive by spraying pongs.
 *
 *   answered ──tick: ping(nonce)──▶ awaiting(nonce) ──pong(nonce)──▶ answered
 *                                        └──tick──▶ missed (the connection is cut)
 */
type State = { kind: "answered" } | { kind: "awaiting"; nonce: Buffer } | { kind: "missed" };

export type Tick = { kind: "ping"; payload: Buffer } | { kind: "missed" };

export class Liveness {
    private state: State = { kind: "answered" };

    /** The heartbeat timer fired: ping again, or report that the last ping went unanswered. */
    tick(): Tick {
        if (this.state.kind !== "answered") {
            this.state = { kind: "missed" };
            return { kind: "missed" };
        }
        const nonce = randomBytes(8);
        this.state = { kind: "awaiting", nonce };
        return { kind: "ping", payload: nonce };
    }

    /** A pong arrived; true when it answered the outstanding ping. */
    pong(payload: Buffer): boolean {
        if (this.state.kind !== "awaiting" || !payload.equals(this.state.nonce)) return false;
        this.state = { kind: "answered" };
        return true;
    }
}
