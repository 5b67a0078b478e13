// The client edge's limits, the same variables wherever a client connects (the gateway, a room
// server's direct port): one definition, so their names, bounds and defaults cannot drift apart.
import { env } from "../env";
import type { ConnectionLimits } from "./client-connection";

export const edgeEnv = {
    MAX_FRAME_BYTES: env.int({ min: 4, max: 16 * 1024 * 1024, default: 4096 }),
    MAX_MSGS_PER_SEC: env.int({ min: 1, max: 1_000_000, default: 50 }),
    MAX_BUFFERED_BYTES: env.int({ min: 1024, max: 64 * 1024 * 1024, default: 65_536 }),
    PING_INTERVAL_MS: env.int({ min: 50, max: 3_600_000, default: 15000 }),
};

export function edgeLimits(e: { MAX_FRAME_BYTES: number; MAX_MSGS_PER_SEC: number; MAX_BUFFERED_BYTES: number }): ConnectionLimits {
    return { maxFrameBytes: e.MAX_FRAME_BYTES, maxMsgsPerSec: e.MAX_MSGS_PER_SEC, maxBufferedBytes: e.MAX_BUFFERED_BYTES };
}
