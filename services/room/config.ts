import os from "node:os";
import type { ConnectionLimits } from "../shared/edge/client-connection";
import { edgeEnv, edgeLimits } from "../shared/edge/env";
import { base64Key, commonConfig, commonEnv, env, EnvError, parseEnv, ticketKeyMinBytes, type CommonConfig } from "../shared/env";

const roomEnv = {
    ...commonEnv,
    ROOM_GRPC_PORT: env.port(7000),
    SERVER_ID: env.string({ default: os.hostname(), example: "room-a-0", pattern: /^[A-Za-z0-9._-]+$/, allowed: "letters, digits, '.', '_' or '-'" }),
    ADVERTISE_ADDR: env.optionalHostPort("room-a-0.room-a.game.svc.cluster.local:7000"),
    ROOM_GROUP: env.oneOf(["a", "b"] as const, "a"),
    ROOM_VERSION: env.string({ default: "dev", example: "1.4.2" }),
    DRAIN_SECONDS: env.int({ min: 1, max: 86_400, default: 120 }),
    ROUND_MS: env.int({ min: 100, max: 3_600_000, default: 30_000 }),
    SETTLE_MS: env.int({ min: 0, max: 3_600_000, default: 5_000 }),
    HEARTBEAT_MS: env.int({ min: 50, max: 600_000, default: 2_000 }),
    DIRECTORY_TTL_MS: env.int({ min: 100, max: 3_600_000, default: 6_000 }),
    CLOSING_NOTICE_MS: env.int({ min: 100, max: 600_000, default: 10_000 }),
    // okg engine: the rules sidecar's file, the group's desired version, the loopback admin port.
    RULES_FILE: env.path({ example: "/etc/gameops/rules/rules.json", optional: true }),
    DESIRED_VERSION_FILE: env.path({ example: "/etc/gameops/room-versions/versions.json", optional: true }),
    // 0: no loopback admin port (the StatefulSet engine); the okg pod sets 9091, where the probe asks.
    LOCAL_ADMIN_PORT: env.int({ min: 0, max: 65535, default: 0, example: 9091 }),
    // Direct player connections (services/direct-rooms.md): 0 = none; with a port, the ticket key too.
    ROOM_WS_PORT: env.int({ min: 0, max: 65535, default: 0, example: 7400 }),
    ROOM_TICKET_KEY: env.secret({ optional: true, example: "the base64 HMAC key of seat tickets (from a Kubernetes Secret)" }),
    // Where players reach the direct port; the gateways hand it out with tickets (none: they relay).
    ADVERTISE_WS_URL: env.optionalWsUrl("ws://127.0.0.1:7400/"),
    // okg engine: the pod's game.kruise.io/network-status annotation (a downward-API file) names it instead.
    ADVERTISE_WS_FILE: env.path({ example: "/etc/gameops/network/status", optional: true }),
    ...edgeEnv,
};

/** Players' own WebSockets to this server, each opened with a seat ticket. */
interface DirectConfig {
    port: number;
    ticketKey: Uint8Array;
    limits: ConnectionLimits;
    pingIntervalMs: number;
    /** ADVERTISE_WS_URL: published in the directory record; absent, the gateways relay this server's players. */
    advertiseUrl: string | undefined;
    /** ADVERTISE_WS_FILE: OpenKruise Game's network status, whose public address for the port is published. */
    advertiseFile: string | undefined;
}

export interface RoomServerConfig extends CommonConfig {
    grpcPort: number;
    serverId: string;
    advertiseAddr: string;
    group: string;
    version: string;
    drainMs: number;
    roundMs: number;
    settleMs: number;
    heartbeatMs: number;
    ttlMs: number;
    closingNoticeMs: number;
    /** Without it the dice rules are ROUND_MS, SETTLE_MS and 4 seats for the life of the process. */
    rulesFile: string | undefined;
    desiredVersionFile: string | undefined;
    /** 0: none. */
    localAdminPort: number;
    /** Absent: no direct port (ROOM_WS_PORT=0). */
    direct: DirectConfig | undefined;
}

/** Heartbeats per directory TTL: the contract's defaults (2 s, 6 s) give three. */
const minBeatsPerTtl = 3;

/** Reads and checks the room server's environment; throws EnvError naming every bad variable. */
export function loadRoomServerConfig(source: Record<string, string | undefined> = process.env): RoomServerConfig {
    const e = parseEnv(roomEnv, source);
    if (e.ROOM_GRPC_PORT === e.ADMIN_PORT) {
        throw new EnvError([`ROOM_GRPC_PORT: "${e.ROOM_GRPC_PORT}" is also ADMIN_PORT; give each its own port, e.g. ROOM_GRPC_PORT=7000 and ADMIN_PORT=9090`]);
    }
    if (e.LOCAL_ADMIN_PORT !== 0 && (e.LOCAL_ADMIN_PORT === e.ADMIN_PORT || e.LOCAL_ADMIN_PORT === e.ROOM_GRPC_PORT)) {
        throw new EnvError([
            `LOCAL_ADMIN_PORT: "${e.LOCAL_ADMIN_PORT}" is also ${e.LOCAL_ADMIN_PORT === e.ADMIN_PORT ? "ADMIN_PORT" : "ROOM_GRPC_PORT"}; give each its own port, e.g. LOCAL_ADMIN_PORT=9091`,
        ]);
    }
    if (e.ROOM_WS_PORT !== 0 && [e.ADMIN_PORT, e.ROOM_GRPC_PORT, e.LOCAL_ADMIN_PORT].includes(e.ROOM_WS_PORT)) {
        throw new EnvError([`ROOM_WS_PORT: "${e.ROOM_WS_PORT}" is also another port of this server; give it its own, e.g. ROOM_WS_PORT=7400`]);
    }
    if (e.ROOM_WS_PORT !== 0 && e.ROOM_TICKET_KEY === undefined) {
        throw new EnvError([
            `ROOM_TICKET_KEY: required with ROOM_WS_PORT=${e.ROOM_WS_PORT} (the key the gateway signs seat tickets with); set it, or ROOM_WS_PORT=0`,
        ]);
    }
    for (const [name, value] of [
        ["ADVERTISE_WS_URL", e.ADVERTISE_WS_URL],
        ["ADVERTISE_WS_FILE", e.ADVERTISE_WS_FILE],
    ] as const) {
        if (e.ROOM_WS_PORT === 0 && value !== undefined) {
            throw new EnvError([
                `${name}: "${value}" is set but ROOM_WS_PORT is 0 (no direct port to advertise); set ROOM_WS_PORT, e.g. 7400, or unset ${name}`,
            ]);
        }
    }
    if (e.ADVERTISE_WS_URL !== undefined && e.ADVERTISE_WS_FILE !== undefined) {
        throw new EnvError([
            `ADVERTISE_WS_FILE: "${e.ADVERTISE_WS_FILE}" and ADVERTISE_WS_URL both name the direct port's address; keep one (the file on the okg engine, the URL elsewhere)`,
        ]);
    }
    if (e.DIRECTORY_TTL_MS < e.HEARTBEAT_MS * minBeatsPerTtl) {
        // A server whose record expires counts as crashed and its rooms are taken over by others; one
        // late beat (a busy node, a slow Redis) must not make a live server look crashed.
        throw new EnvError([
            `DIRECTORY_TTL_MS: "${e.DIRECTORY_TTL_MS}" is less than ${minBeatsPerTtl} x HEARTBEAT_MS (${e.HEARTBEAT_MS}), so one or two late heartbeats would make this server look crashed; set it to e.g. ${e.HEARTBEAT_MS * minBeatsPerTtl}`,
        ]);
    }
    return {
        ...commonConfig(e),
        grpcPort: e.ROOM_GRPC_PORT,
        serverId: e.SERVER_ID,
        advertiseAddr: e.ADVERTISE_ADDR ?? `${os.hostname()}:${e.ROOM_GRPC_PORT}`,
        group: e.ROOM_GROUP,
        version: e.ROOM_VERSION,
        drainMs: e.DRAIN_SECONDS * 1000,
        roundMs: e.ROUND_MS,
        settleMs: e.SETTLE_MS,
        heartbeatMs: e.HEARTBEAT_MS,
        ttlMs: e.DIRECTORY_TTL_MS,
        closingNoticeMs: e.CLOSING_NOTICE_MS,
        rulesFile: e.RULES_FILE,
        desiredVersionFile: e.DESIRED_VERSION_FILE,
        localAdminPort: e.LOCAL_ADMIN_PORT,
        direct:
            e.ROOM_WS_PORT === 0
                ? undefined
                : {
                      port: e.ROOM_WS_PORT,
                      ticketKey: base64Key("ROOM_TICKET_KEY", e.ROOM_TICKET_KEY ?? "", ticketKeyMinBytes),
                      limits: edgeLimits(e),
                      pingIntervalMs: e.PING_INTERVAL_MS,
                      advertiseUrl: e.ADVERTISE_WS_URL,
                      advertiseFile: e.ADVERTISE_WS_FILE,
                  },
    };
}
