// The gateway process: env → routing policy → directory → WebSocket server + admin port; one
// idempotent shutdown on SIGTERM/SIGINT bounded by STOP_SECONDS.
import { RedisDirectory } from "../directory";
import { startAdmin, type AdminServer } from "../shared/admin";
import { EnvError } from "../shared/env";
import { createLogger } from "../shared/logger";
import { createRedis } from "../shared/redis";
import { RedisProbe } from "../shared/redis-probe";
import { loadGatewayConfig, type GatewayConfig } from "./config";
import { DirectoryPlacement } from "./directory-adapter";
import { createGatewayMetrics } from "./metrics";
import { groupFor } from "./routing";
import { RoutingWatcher } from "./routing-watcher";
import { Gateway } from "./server";

function config(): GatewayConfig {
    try {
        return loadGatewayConfig();
    } catch (err) {
        if (err instanceof EnvError) {
            process.stderr.write(`gateway: ${err.message}\n`);
            process.exit(1);
        }
        throw err;
    }
}

async function main(): Promise<void> {
    const cfg = config();
    const log = createLogger({ name: "gateway", level: cfg.logLevel });
    const routing = await RoutingWatcher.start({ file: cfg.routingFile });
    if (!routing.ok) {
        log.fatal({ error: routing.error }, "routing file rejected at start");
        process.stderr.write(`gateway: ${routing.error}\n`);
        process.exit(1);
    }
    const watcher = routing.watcher;
    log.info({ policy: watcher.current() }, "routing policy loaded");
    watcher.on("policy", (policy) => log.info({ policy }, "routing policy applied"));
    watcher.on("invalid", (error) => log.error({ error }, "routing file rejected; the last good policy stays in force"));

    const redis = createRedis({ url: cfg.redisUrl, password: cfg.redisPassword, log });
    // The gateway only reads the directory; the TTL is the room servers' business.
    const directory = new RedisDirectory(redis, { prefix: cfg.redisPrefix, ttlMs: 0 });
    const metrics = createGatewayMetrics();
    const gateway = await Gateway.start({
        port: cfg.port,
        jwtKey: cfg.jwtKey,
        limits: { maxFrameBytes: cfg.maxFrameBytes, maxMsgsPerSec: cfg.maxMsgsPerSec, maxBufferedBytes: cfg.maxBufferedBytes },
        pingIntervalMs: cfg.pingIntervalMs,
        roomKeepaliveMs: cfg.roomKeepaliveMs,
        directory: new DirectoryPlacement(directory),
        groupFor: (version) => groupFor(watcher.current(), version),
        log,
        metrics,
    });
    // Ready = the gateway takes players AND can place them: without Redis no sit-down succeeds, so
    // Kubernetes should send new players to a gateway that has it.
    const probe = new RedisProbe(redis, {
        onChange: (up, detail) => {
            metrics.redisUp.set(up ? 1 : 0);
            if (up) log.info("redis answers; ready");
            else log.warn({ problem: detail }, "redis does not answer; not ready");
        },
    });
    probe.start();
    const admin: AdminServer = await startAdmin({ port: cfg.adminPort, ready: () => gateway.ready && probe.up, registry: metrics.registry });
    log.info({ port: gateway.port, adminPort: admin.port }, "gateway listening");

    let stopping: Promise<void> | undefined;
    const stop = (signal: string): Promise<void> => {
        stopping ??= (async () => {
            log.info({ signal, stopSeconds: cfg.stopSeconds }, "gateway stopping");
            // A stop that hangs anyway must not outlive the pod's grace period.
            setTimeout(
                () => {
                    log.error("stop deadline passed; exiting");
                    process.exit(1);
                },
                cfg.stopSeconds * 1000 + 2000,
            ).unref();
            watcher.close();
            probe.stop();
            await gateway.stop(cfg.stopSeconds * 1000);
            await admin.close();
            redis.disconnect();
            log.info("gateway stopped");
            process.exit(0);
        })();
        return stopping;
    };
    process.on("SIGTERM", () => void stop("SIGTERM"));
    process.on("SIGINT", () => void stop("SIGINT"));
}

void main().catch((err: Error) => {
    process.stderr.write(`gateway: ${err.stack ?? err.message}\n`);
    process.exit(1);
});
