// Starts a real room server process for tests.
import { freePort } from "../../../lib/services/ports";
import { startService, type ServiceProcess } from "../../../lib/services/process";

/** Every room server started here also opens its direct player port, with this ticket key. */
export const testTicketKey = new Uint8Array(Buffer.from("room-suite-ticket-key-0123456789"));
const directUrls = new Map<string, { url: string; serverId: string }>();

/** The direct port of the room server whose gRPC address is `grpcAddr` (a suite's "direct" players go there). */
export function directUrlOf(grpcAddr: string): { url: string; serverId: string } {
    const d = directUrls.get(grpcAddr);
    if (d === undefined) throw new Error(`no room server started by startRoom listens on ${grpcAddr}`);
    return d;
}

export interface RoomProcess extends ServiceProcess {
    addr: string;
    serverId: string;
    adminPort: number;
}

export async function startRoom(redisUrl: string, serverId: string, env: Record<string, string> = {}): Promise<RoomProcess> {
    // A port can be taken between freePort() and bind; a failed start is retried on fresh ports.
    let last: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
        const grpcPort = await freePort();
        const adminPort = await freePort();
        const wsPort = await freePort();
        try {
            const svc = await startService({
                entry: "services/room/main.ts",
                adminPort,
                env: {
                    REDIS_URL: redisUrl,
                    REDIS_PREFIX: "t:",
                    ROOM_GRPC_PORT: String(grpcPort),
                    ADMIN_PORT: String(adminPort),
                    SERVER_ID: serverId,
                    ADVERTISE_ADDR: `127.0.0.1:${grpcPort}`,
                    ROUND_MS: "60000",
                    SETTLE_MS: "200",
                    HEARTBEAT_MS: "200",
                    DIRECTORY_TTL_MS: "1000",
                    CLOSING_NOTICE_MS: "300",
                    LOG_LEVEL: "debug",
                    ROOM_WS_PORT: String(wsPort),
                    ROOM_TICKET_KEY: Buffer.from(testTicketKey).toString("base64"),
                    ...env,
                },
            });
            directUrls.set(`127.0.0.1:${grpcPort}`, { url: `ws://127.0.0.1:${env.ROOM_WS_PORT ?? wsPort}/`, serverId });
            return Object.assign(svc, { addr: `127.0.0.1:${grpcPort}`, serverId, adminPort });
        } catch (err) {
            last = err as Error;
            if (!/EADDRINUSE|exited before it was ready/.test(last.message)) throw last;
        }
    }
    throw last;
}
