// The gateway process: env → routing policy → directory → WebSocket server + admin port. Started and
// stopped by the shared process module (shared/process.ts): one stop on SIGTERM/SIGINT that closes
// every client within STOP_SECONDS, bounded by a deadline.
import type Redis from "ioredis";
import { RedisDirectory } from "../directory";
import { startAdmin, type AdminServer } from "../shared/admin";
import type { Logger } from "../shared/logger";
import { runService, type Service } from "../shared/process";
import { createRedis } from "../shared/redis";
import { RedisProbe } from "../shared/redis-probe";
import { loadGatewayConfig, type GatewayConfig } from "./config";
import { DirectoryPlacement } from "./directory-adapter";
import { createGatewayMetrics } from "./metrics";
import { groupFor, ruleGroup } from "./routing";
import { RoutingWatcher } from "./routing-watcher";
import { Gateway } from "./server";
import { TicketIssuer } from "./tickets";

/** What the stop waits beyond STOP_SECONDS (closing the admin port and Redis) before it gives up. */
const stopMarginMs = 2000;

function gatewayService(cfg: GatewayConfig, log: Logger): Service {
    let watcher: RoutingWatcher | undefined;
    let redis: Redis | undefined;
    let probe: RedisProbe | undefined;
    let gateway: Gateway | undefined;
    let admin: AdminServer | undefined;
    return {
        async start() {
            const routing = await RoutingWatcher.start({ file: cfg.routingFile });
            if (!routing.ok) throw new Error(`routing file rejected: ${routing.error}`);
            const w = routing.watcher;
            watcher = w;
            log.info({ policy: w.current() }, "routing policy loaded");
            w.on("policy", (policy) => log.info({ policy }, "routing policy applied"));
            w.on("invalid", (error) => log.error({ error }, "routing file rejected; the last good policy stays in force"));

            redis = createRedis({ url: cfg.redisUrl, password: cfg.redisPassword, log });
            // The gateway only reads the directory; the TTL is the room servers' business.
            const directory = new RedisDirectory(redis, { prefix: cfg.redisPrefix, ttlMs: 0 });
            const metrics = createGatewayMetrics();
            const gw = await Gateway.start({
                port: cfg.port,
                jwtKey: cfg.jwtKey,
                limits: { maxFrameBytes: cfg.maxFrameBytes, maxMsgsPerSec: cfg.maxMsgsPerSec, maxBufferedBytes: cfg.maxBufferedBytes },
                pingIntervalMs: cfg.pingIntervalMs,
                roomKeepaliveMs: cfg.roomKeepaliveMs,
                directory: new DirectoryPlacement(directory),
                groupFor: (version) => groupFor(w.current(), version),
                strictGroup: (version) => ruleGroup(w.current(), version) !== undefined,
                log,
                metrics,
                ...(cfg.tickets !== undefined ? { tickets: new TicketIssuer(cfg.tickets.key, cfg.tickets.seconds) } : {}),
            });
            gateway = gw;
            // Ready = the gateway takes players AND can place them: without Redis no sit-down succeeds, so
            // Kubernetes should send new players to a gateway that has it.
            const p = new RedisProbe(redis, {
                onChange: (up, detail) => {
                    metrics.redisUp.set(up ? 1 : 0);
                    if (up) log.info("redis answers; ready");
                    else log.warn({ problem: detail }, "redis does not answer; not ready");
                },
            });
            probe = p;
            p.start();
            admin = await startAdmin({ port: cfg.adminPort, ready: () => gw.ready && p.up, registry: metrics.registry });
            log.info({ port: gw.port, adminPort: admin.port }, "gateway listening");
        },
        async stop(reason) {
            log.info({ reason, stopSeconds: cfg.stopSeconds }, "gateway stopping");
            watcher?.close();
            probe?.stop();
            await gateway?.stop(cfg.stopSeconds * 1000);
            await admin?.close();
            redis?.disconnect();
            log.info("gateway stopped");
            return 0;
        },
    };
}

void runService({
    name: "gateway",
    config: () => loadGatewayConfig(),
    logLevel: (cfg) => cfg.logLevel,
    create: gatewayService,
    // A stop that hangs anyway must not outlive the pod's grace period.
    stopDeadlineMs: (cfg) => cfg.stopSeconds * 1000 + stopMarginMs,
});
