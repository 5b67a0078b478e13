import { commonConfig, commonEnv, env, EnvError, parseEnv, type CommonConfig } from "../shared/env";

const gatewayEnv = {
    ...commonEnv,
    GATEWAY_PORT: env.port(60006),
    JWT_KEY: env.secret({ optional: false, example: "the base64 HMAC key, e.g. ZGVmYXVsdF9rZXk= (from a Kubernetes Secret)" }),
    ROUTING_FILE: env.string({ example: "/etc/gameops/routing/routing.json", allowed: "a path to the routing JSON/YAML file" }),
    MAX_FRAME_BYTES: env.int({ min: 4, max: 16 * 1024 * 1024, default: 4096 }),
    MAX_MSGS_PER_SEC: env.int({ min: 1, max: 1_000_000, default: 50 }),
    MAX_BUFFERED_BYTES: env.int({ min: 1024, max: 64 * 1024 * 1024, default: 65_536 }),
    PING_INTERVAL_MS: env.int({ min: 50, max: 3_600_000, default: 15000 }),
    STOP_SECONDS: env.int({ min: 1, max: 3600, default: 20 }),
    ROOM_KEEPALIVE_MS: env.int({ min: 500, max: 600_000, default: 10_000 }),
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
}

const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Reads and validates the gateway environment; throws EnvError naming every bad variable. */
export function loadGatewayConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
    const e = parseEnv(gatewayEnv, source);
    const jwtKey = e.JWT_KEY ?? "";
    // The key's value is never echoed: only its shape is described.
    if (!standardBase64.test(jwtKey)) {
        throw new EnvError([
            `JWT_KEY: a value of ${jwtKey.length} characters is not standard base64 (A-Z a-z 0-9 + /, = padding); set it to e.g. ZGVmYXVsdF9rZXk=`,
        ]);
    }
    return {
        ...commonConfig(e),
        port: e.GATEWAY_PORT,
        jwtKey: new Uint8Array(Buffer.from(jwtKey, "base64")),
        routingFile: e.ROUTING_FILE,
        maxFrameBytes: e.MAX_FRAME_BYTES,
        maxMsgsPerSec: e.MAX_MSGS_PER_SEC,
        maxBufferedBytes: e.MAX_BUFFERED_BYTES,
        pingIntervalMs: e.PING_INTERVAL_MS,
        stopSeconds: e.STOP_SECONDS,
        roomKeepaliveMs: e.ROOM_KEEPALIVE_MS,
    };
}
