// The room server process: player ports (player-ports.ts), admin port, heartbeat, results, and the drain.
//
//   starting ─▶ running ─(SIGTERM #1)─▶ draining ─(last room ended | SIGTERM #2 | DRAIN_SECONDS)─▶ stopping ─▶ stopped
//
// Every way out goes through stop(): dissolve what is left, flush results, deregister, close.
import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import { RedisDirectory, type Directory } from "../directory";
import { startAdmin, type AdminServer } from "../shared/admin";
import type { Logger } from "../shared/logger";
import { createRedis } from "../shared/redis";
import type { RoomServerConfig } from "./config";
import { realClock } from "./game/types";
import { Heartbeat } from "./heartbeat";
import { createRoomMetrics, type RoomMetrics } from "./metrics";
import { PlayerPorts } from "./player-ports";
import { ResultSink } from "./result-sink";
import { RoomHost, type FencedResult } from "./room-host";
import { RoomRelease } from "./room-release";

type Phase = "starting" | "running" | "draining" | "stopping" | "stopped";

/** Heartbeats a server's lease lasts: one may be missed by a whole interval before placement skips it. */
const leaseBeats = 2;

/** A settled round waits this long for others to share its Redis write (the results stream is read by cron, not players). */
const resultLingerMs = 20;

/** How long stop() may spend flushing results and closing before it gives up. */
const stopBudgetMs = 10_000;
/**
 * Hard cap on the whole stop, whatever hangs. It must fit in the pod's grace period after the drain
 * deadline (drainMarginSeconds in components/zone/specs/room-group.ts; a test checks it).
 */
export const stopDeadlineMs = stopBudgetMs + 5_000;

export class RoomServer {
    private phase: Phase = "starting";
    private readonly metrics: RoomMetrics = createRoomMetrics();
    private redis: Redis | undefined;
    private directory: Directory | undefined;
    private host: RoomHost | undefined;
    private sink: ResultSink<FencedResult> | undefined;
    private heartbeat: Heartbeat | undefined;
    /** The gRPC port (relays included) and the direct port: where players reach this server. */
    private ports: PlayerPorts | undefined;
    private admin: AdminServer | undefined;
    /** Rules file, desired version, loopback admin port (the okg engine's parts). */
    private release: RoomRelease | undefined;
    /** Who this process is in the directory: a second process with the same SERVER_ID is refused. */
    private readonly instance = randomUUID();
    private idTaken = false;
    private drainDeadline = 0;
    private drainTimer: NodeJS.Timeout | undefined;
    private noticeTimer: NodeJS.Timeout | undefined;
    private stopping: Promise<number> | undefined;
    private starting: Promise<void> | undefined;
    private resolveStopped!: (code: number) => void;
    /** The exit code, once stop() finished. */
    readonly stopped = new Promise<number>((r) => (this.resolveStopped = r));

    constructor(
        private readonly cfg: RoomServerConfig,
        private readonly log: Logger,
    ) {}

    get state(): Phase {
        return this.phase;
    }

    /** Starts every part; a signal that arrives meanwhile stops the server once start() has settled. */
    start(): Promise<void> {
        this.starting ??= this.startParts();
        return this.starting;
    }

    private async startParts(): Promise<void> {
        const { cfg, log, metrics } = this;
        // Auto-pipelining: commands issued in one turn (a batch of result appends) go as one write.
        this.redis = createRedis({ url: cfg.redisUrl, password: cfg.redisPassword, log, options: { enableAutoPipelining: true } });
        // The lease lapses after a whole missed heartbeat; the record (and so the rooms) only at the TTL.
        this.directory = new RedisDirectory(this.redis, { prefix: cfg.redisPrefix, ttlMs: cfg.ttlMs, leaseMs: cfg.heartbeatMs * leaseBeats });
        const directory = this.directory;
        this.sink = new ResultSink<FencedResult>({
            append: async (e) => {
                const r = await directory.appendResult(e, e.fence);
                if (r.ok) return r;
                return {
                    ok: false,
                    code: r.code,
                    reason: `room ${e.room} was claimed by another server since this one's claim (token ${e.fence}, now ${r.holder})`,
                };
            },
            log,
            onChange: (n) => metrics.resultsPending.set(n),
            lingerMs: resultLingerMs,
            onRefused: () => metrics.resultsRefused.inc(),
        });
        this.release = new RoomRelease(cfg, log, metrics.registry);
        const rules = this.release.rules;
        await rules.start();
        this.host = new RoomHost({
            serverId: cfg.serverId,
            directory,
            results: this.sink,
            clock: realClock,
            game: { roundMs: cfg.roundMs, settleMs: cfg.settleMs, dev: cfg.gameEnv === "dev", rules: () => rules.current() },
            log,
            metrics,
            onDrained: () => void this.stop("every room ended"),
        });
        this.admin = await startAdmin({ port: cfg.adminPort, ready: () => this.phase === "running", registry: metrics.registry });
        const host = this.host;
        this.ports = await PlayerPorts.open(cfg, host, log, metrics, directory);
        this.heartbeat = new Heartbeat({
            directory,
            host,
            record: {
                id: cfg.serverId,
                instance: this.instance,
                addr: cfg.advertiseAddr,
                group: cfg.group,
                version: cfg.version,
            },
            // Only while it takes players: a draining pod leaves its load balancer's endpoints (not
            // ready), so its address would lead nowhere; its players are relayed for the rest.
            wsUrl: () => (this.phase === "running" ? this.ports?.advertisedWsUrl() : undefined),
            intervalMs: cfg.heartbeatMs,
            takeoverWaitMs: cfg.ttlMs + cfg.heartbeatMs,
            log,
            onIdTaken: () => {
                this.idTaken = true;
                void this.stop("SERVER_ID taken by another process");
            },
        });
        // A stop requested during start must not be followed by a "ready" record in the directory.
        if (this.phase !== "starting") return;
        await this.heartbeat.start();
        if (this.phase !== "starting") return;
        await this.release.start({ host, heartbeat: this.heartbeat, running: () => this.phase === "running" });
        if (this.phase !== "starting") return;
        this.phase = "running";
        // The record written at start had no direct address (not taking players yet): publish it now.
        if (cfg.direct !== undefined) void this.heartbeat.refresh();
        log.info(
            {
                serverId: cfg.serverId,
                addr: cfg.advertiseAddr,
                grpcPort: this.ports.grpcPort,
                wsPort: this.ports.directPort,
                adminPort: this.admin.port,
                group: cfg.group,
                version: cfg.version,
            },
            "room server ready",
        );
    }

    /** SIGTERM/SIGINT: the first starts the drain, the next one ends it now. */
    signal(name: string): void {
        this.log.info({ signal: name, phase: this.phase }, "signal received");
        if (this.phase === "running") this.drain();
        else void this.stop(`${name} while ${this.phase}`);
    }

    private drain(): void {
        const { cfg, log } = this;
        const host = this.host as RoomHost;
        this.phase = "draining";
        this.drainDeadline = Date.now() + cfg.drainMs;
        log.info({ rooms: host.roomCount, drainMs: cfg.drainMs }, "draining: no new rooms, rooms end after their round");
        void this.heartbeat?.setState("draining");
        this.drainTimer = setTimeout(() => void this.stop("drain deadline"), cfg.drainMs);
        const notify = () => host.notifyClosing(Math.max(0, Math.ceil((this.drainDeadline - Date.now()) / 1000)));
        notify();
        this.noticeTimer = setInterval(notify, cfg.closingNoticeMs);
        host.stopAcceptingAndFinishRounds(this.drainDeadline);
    }

    /** The one shutdown path; idempotent. Resolves with the exit code. */
    stop(reason: string): Promise<number> {
        this.stopping ??= this.stopOnce(reason);
        return this.stopping;
    }

    private async stopOnce(reason: string): Promise<number> {
        // Never rejects: callers fire and forget it (signals, onDrained), and `stopped` must settle.
        const shutdown = this.shutdown(reason).catch((err: Error) => {
            this.log.error({ reason, err: err.message }, "shutdown failed; exiting anyway");
            return 1;
        });
        const code = await withDeadline(shutdown, stopDeadlineMs, () => {
            this.log.error({ reason }, "shutdown exceeded its deadline; exiting anyway");
            return 1;
        });
        this.phase = "stopped";
        this.resolveStopped(code);
        return code;
    }

    private async shutdown(reason: string): Promise<number> {
        const { log } = this;
        this.phase = "stopping";
        // Closing parts while start() is still creating them would leak the ones created afterwards.
        await this.starting?.catch(() => undefined);
        clearTimeout(this.drainTimer);
        clearInterval(this.noticeTimer);
        log.info({ reason, rooms: this.host?.roomCount ?? 0 }, "stopping");
        // A step that throws must not skip the flush, the deregistration or the closes after it.
        let failed = false;
        try {
            this.host?.dissolveAll();
        } catch (err) {
            failed = true;
            log.error({ err: (err as Error).message }, "dissolving the rooms failed");
        }
        const flushed = this.sink ? await this.sink.flush(stopBudgetMs) : true;
        // The dissolved rooms' last frames (settlements, Disconnect(1)) waited for those writes.
        this.host?.releaseHeld();
        if (!flushed) {
            // The entries are logged in full so an operator can replay them; never silently lost.
            log.error({ unwritten: this.sink?.unwritten().map(printable) }, "results not written before the stop budget ran out");
        }
        // No retry may run against the Redis connection closed below (nor keep the loop alive in-process).
        await this.sink?.close();
        await this.heartbeat?.stop().catch((err: Error) => log.warn({ err: err.message }, "deregister failed"));
        await this.ports?.close();
        await this.admin?.close();
        await this.release?.close();
        await this.redis?.quit().catch(() => this.redis?.disconnect());
        log.info({ reason, flushed, failed }, "room server stopped");
        return flushed && !failed && !this.idTaken ? 0 : 1;
    }
}

/** A shutdown step that hangs (a dead peer, a stuck socket) must not keep the process alive. */
function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(onTimeout()), ms);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function printable(e: { id: string; room: string; round: number; server: string; settledAt: number; winners: bigint[]; dice: Map<bigint, number> }) {
    return {
        id: e.id,
        room: e.room,
        round: e.round,
        server: e.server,
        settledAt: e.settledAt,
        winners: e.winners.map(String),
        dice: Object.fromEntries([...e.dice].map(([k, v]) => [k.toString(), v])),
    };
}
