// A real local cluster for the drills: redis-server, room servers and gateways as processes on
// 127.0.0.1, a routing file on disk, and bots that play through the gateways.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { BotPlayer } from "../../services/bot/player";
import { mintToken } from "../../services/bot/token";
import { startRedis, type TestRedis } from "./redis";
import { freePort } from "./ports";
import { startService, type ServiceProcess } from "./process";
import { KubeletDir } from "./kubelet-dir";

export const jwtKey = "ZGVmYXVsdF9rZXk=";
/** The zone's seat-ticket key (services/direct-rooms.md): every gateway signs with it, direct rooms check it. */
const ticketKey = Buffer.from("ticket-key-for-the-drills-012345").toString("base64");
export const prefix = "gameops:";

/** Short game timings so a drill finishes in seconds (env of every room server). */
export const fastRoomEnv = {
    ROUND_MS: "1500",
    SETTLE_MS: "150",
    HEARTBEAT_MS: "200",
    DIRECTORY_TTL_MS: "1000",
    CLOSING_NOTICE_MS: "300",
    DRAIN_SECONDS: "30",
};

export interface RoomServer {
    id: string;
    group: string;
    addr: string;
    proc: ServiceProcess;
}

export interface GatewayProc {
    url: string;
    adminPort: number;
    proc: ServiceProcess;
}

export class Cluster {
    readonly rooms: RoomServer[] = [];
    readonly gateways: GatewayProc[] = [];
    private readonly players: BotPlayer[] = [];
    private nextId = 1n;
    /** New players connect with `?direct=1` and play on a room's own port when it has one. */
    directPlayers = false;

    private constructor(
        readonly redis: TestRedis,
        readonly client: Redis,
        readonly dir: string,
        private readonly routing: KubeletDir,
        private readonly compiled: boolean | string,
    ) {}

    get routingFile(): string {
        return this.routing.file;
    }

    /** `compiled`: the services run with plain node, as in the image, from dist/ (`npm run build`) or the given build directory. */
    static async start(activeGroup = "a", compiled: boolean | string = false): Promise<Cluster> {
        const redis = await startRedis();
        const dir = await mkdtemp(path.join(tmpdir(), "gameops-drill-"));
        // The routing file is mounted the way kubelet mounts the ConfigMap, so every drill that
        // changes it goes through a ..data symlink swap, as in a cluster.
        const routing = new KubeletDir(dir);
        await routing.init(JSON.stringify({ activeGroup }));
        const client = new Redis(redis.url);
        client.on("error", () => undefined); // drills stop Redis on purpose; the commands that fail say so
        return new Cluster(redis, client, dir, routing, compiled);
    }

    /** `direct`: the room server also opens its direct player port and advertises it (services/direct-rooms.md). */
    async addRoom(id: string, group: string, env: Record<string, string> = {}, direct = false): Promise<RoomServer> {
        const grpcPort = await freePort();
        const adminPort = await freePort();
        const addr = `127.0.0.1:${grpcPort}`;
        const directEnv: Record<string, string> = {};
        if (direct) {
            const wsPort = await freePort();
            Object.assign(directEnv, { ROOM_WS_PORT: String(wsPort), ROOM_TICKET_KEY: ticketKey, ADVERTISE_WS_URL: `ws://127.0.0.1:${wsPort}/` });
        }
        const proc = await startService({
            entry: "services/room/main.ts",
            compiled: this.compiled,
            adminPort,
            env: {
                REDIS_URL: this.redis.url,
                LOG_LEVEL: "info",
                GAME_ENV: "dev",
                ADMIN_PORT: String(adminPort),
                ROOM_GRPC_PORT: String(grpcPort),
                SERVER_ID: id,
                ADVERTISE_ADDR: addr,
                ROOM_GROUP: group,
                ROOM_VERSION: "drill",
                ...fastRoomEnv,
                ...directEnv,
                ...env,
            },
        });
        const room = { id, group, addr, proc };
        this.rooms.push(room);
        return room;
    }

    async addGateway(env: Record<string, string> = {}): Promise<GatewayProc> {
        const port = await freePort();
        const adminPort = await freePort();
        const proc = await startService({
            entry: "services/gateway/main.ts",
            compiled: this.compiled,
            adminPort,
            env: {
                REDIS_URL: this.redis.url,
                LOG_LEVEL: "info",
                ADMIN_PORT: String(adminPort),
                GATEWAY_PORT: String(port),
                JWT_KEY: jwtKey,
                ROUTING_FILE: this.routingFile,
                MAX_MSGS_PER_SEC: "100000",
                STOP_SECONDS: "5",
                ROOM_TICKET_KEY: ticketKey,
                ...env,
            },
        });
        const gw = { url: `ws://127.0.0.1:${port}/`, adminPort, proc };
        this.gateways.push(gw);
        return gw;
    }

    /** A connected player with a fresh id (or the given one) through gateway `gw`. */
    async player(gw: GatewayProc = this.gateways[0]!, id?: bigint, version?: string): Promise<BotPlayer> {
        const userId = id ?? this.nextId++;
        const p = new BotPlayer({ url: gw.url, userId, token: await mintToken(userId, jwtKey), version, direct: this.directPlayers });
        this.players.push(p);
        await p.opened();
        return p;
    }

    /** Updates the routing file as a ConfigMap update does (new version dir, ..data swapped). */
    async setRouting(policy: unknown): Promise<void> {
        await this.routing.swap(typeof policy === "string" ? policy : JSON.stringify(policy));
    }

    async roomOwner(roomId: string): Promise<string | null> {
        return this.client.get(`${prefix}room:${roomId}`);
    }

    /** Every entry of the results stream as field maps. */
    async results(): Promise<Array<Record<string, string>>> {
        const entries = await this.client.xrange(`${prefix}results`, "-", "+");
        return entries.map(([, fields]) => {
            const out: Record<string, string> = {};
            for (let i = 0; i < fields.length; i += 2) out[fields[i]!] = fields[i + 1]!;
            return out;
        });
    }

    async stop(): Promise<void> {
        await Promise.all(this.players.map((p) => p.close()));
        await Promise.all([...this.gateways.map((g) => g.proc.kill()), ...this.rooms.map((r) => r.proc.kill())]);
        this.client.disconnect();
        await this.redis.stop();
        await rm(this.dir, { recursive: true, force: true });
    }
}
