import { edgeEnv } from "../shared/edge/env";
import { base64Key, commonConfig, commonEnv, env, parseEnv, ticketKeyMinBytes, type CommonConfig } from "../shared/env";

const gatewayEnv = {
    ...commonEnv,
    GATEWAY_PORT: env.port(60006),
    JWT_KEY: env.secret({ optional: false, example: "the base64 HMAC key, e.g. ZGVmYXVsdF9rZXk= (from a Kubernetes Secret)" }),
    ROUTING_FILE: env.string({ example: "/etc/gameops/routing/routing.json", allowed: "a path to the routing JSON/YAML file" }),
    ...edgeEnv,
    STOP_SECONDS: env.int({ min: 1, max: 3600, default: 20 }),
    ROOM_KEEPALIVE_MS: env.int({ min: 500, max: 600_000, default: 10_000 }),
    // Seat tickets for ?direct=1 clients (services/direct-rooms.md); unset: every player is relayed.
    ROOM_TICKET_KEY: env.secret({ optional: true, example: "the base64 HMAC key of seat tickets, the room servers' own (from a Kubernetes Secret)" }),
    ROOM_TICKET_SECONDS: env.int({ min: 5, max: 300, default: 30 }),
};

export interface GatewayConfig extends CommonConfig {
    port: number;
    jwtKey: Uint8Array;
    routingFile: string;
    maxFrameBytes: number;
    maxMsgsPerSec: number;
    maxBufferedBytes: number;
    pingIntervalMs: number;
    stopSeconds: number;
    roomKeepaliveMs: number;
    /** Absent: no seat tickets, every player is relayed. */
    tickets: { key: Uint8Array; seconds: number } | undefined;
}

/** Reads and validates the gateway environment; throws EnvError naming every bad variable. */
export function loadGatewayConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
    const e = parseEnv(gatewayEnv, source);
    return {
        ...commonConfig(e),
        port: e.GATEWAY_PORT,
        jwtKey: base64Key("JWT_KEY", e.JWT_KEY ?? ""),
        routingFile: e.ROUTING_FILE,
        maxFrameBytes: e.MAX_FRAME_BYTES,
        maxMsgsPerSec: e.MAX_MSGS_PER_SEC,
        maxBufferedBytes: e.MAX_BUFFERED_BYTES,
        pingIntervalMs: e.PING_INTERVAL_MS,
        stopSeconds: e.STOP_SECONDS,
        roomKeepaliveMs: e.ROOM_KEEPALIVE_MS,
        tickets:
            e.ROOM_TICKET_KEY === undefined
                ? undefined
                : { key: base64Key("ROOM_TICKET_KEY", e.ROOM_TICKET_KEY, ticketKeyMinBytes), seconds: e.ROOM_TICKET_SECONDS },
    };
}
