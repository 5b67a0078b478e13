// An in-process gateway on a free port over an in-memory directory, plus players for it.
import { MemoryDirectory } from "../../../services/directory";
import { createLogger } from "../../../services/shared/logger";
import { createGatewayMetrics, type GatewayMetrics } from "../../../services/gateway/metrics";
import { DirectoryPlacement } from "../../../services/gateway/directory-adapter";
import type { PlacementDirectory } from "../../../services/gateway/placement";
import type { SeatTicketIssuer } from "../../../services/gateway/tickets";
import { Gateway } from "../../../services/gateway/server";
import { BotPlayer } from "../../../services/bot/player";
import { mintToken } from "../../../services/bot/token";
import { testJwtKeyB64, testKey } from "./tokens";

export interface GatewayFixture {
    gateway: Gateway;
    directory: MemoryDirectory;
    metrics: GatewayMetrics;
    url: string;
    group: { current: string };
    /** `direct`: the player connects with ?direct=1 (services/direct-rooms.md). */
    player(id: bigint, version?: string, direct?: boolean): Promise<BotPlayer>;
    /** Registers a ready (or draining) room server in the directory; `wsUrl`: its direct player port. */
    addServer(id: string, addr: string, opts?: { group?: string; state?: "ready" | "draining"; players?: number; wsUrl?: string }): Promise<unknown>;
    stop(): Promise<void>;
}

export async function startGateway(
    opts: {
        maxFrameBytes?: number;
        maxMsgsPerSec?: number;
        maxBufferedBytes?: number;
        pingIntervalMs?: number;
        tickets?: SeatTicketIssuer;
        /** Wraps the placement reads (a test that holds a sit-down in placement). */
        placement?: (p: PlacementDirectory) => PlacementDirectory;
    } = {},
): Promise<GatewayFixture> {
    const directory = new MemoryDirectory({ ttlMs: 60_000 });
    const metrics = createGatewayMetrics();
    const group = { current: "a" };
    const players: BotPlayer[] = [];
    const gateway = await Gateway.start({
        port: 0,
        host: "127.0.0.1",
        jwtKey: testKey,
        limits: {
            maxFrameBytes: opts.maxFrameBytes ?? 4096,
            maxMsgsPerSec: opts.maxMsgsPerSec ?? 1000,
            maxBufferedBytes: opts.maxBufferedBytes ?? 65_536,
            closeGraceMs: 1000,
        },
        pingIntervalMs: opts.pingIntervalMs ?? 60_000,
        directory: (opts.placement ?? ((p) => p))(new DirectoryPlacement(directory)),
        groupFor: () => group.current,
        log: createLogger({ name: "gateway-test", level: "silent" }),
        metrics,
        seatTimeoutMs: 5000,
        ...(opts.tickets !== undefined ? { tickets: opts.tickets } : {}),
    });
    const url = `ws://127.0.0.1:${gateway.port}/`;
    return {
        gateway,
        directory,
        metrics,
        url,
        group,
        player: async (id, version, direct) => {
            const p = new BotPlayer({ url, userId: id, token: await mintToken(id, testJwtKeyB64), version, direct });
            players.push(p);
            await p.opened();
            return p;
        },
        addServer: (id, addr, o = {}) =>
            directory.putServer({
                id,
                instance: "test",
                addr,
                group: o.group ?? "a",
                version: "test",
                state: o.state ?? "ready",
                rooms: 0,
                players: o.players ?? 0,
                updatedAt: Date.now(),
                ...(o.wsUrl !== undefined ? { wsUrl: o.wsUrl } : {}),
            }),
        stop: async () => {
            await Promise.all(players.map((p) => p.close()));
            await gateway.stop(2000);
        },
    };
}
