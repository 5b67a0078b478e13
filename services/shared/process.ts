// How every service process starts and stops (services/gateway/main.ts, services/room/main.ts,
// services/cron/main.ts), so the three behave alike:
//
//   - an environment problem (EnvError) → one fatal log line naming every problem, exit 1;
//   - a start that fails → one fatal log line, the service's stop (to close what did start), exit 1;
//   - SIGTERM/SIGINT → the service's one stop (idempotent: a second signal never starts another), and
//     the first signal arms a deadline: a stop that hangs past it exits 1 anyway;
//   - anything else thrown → one line on stderr, exit 1.
import { EnvError } from "./env";
import { createLogger, type Logger } from "./logger";

export interface Service {
    /** Starts every part; a rejection is a failed start. */
    start(): Promise<void>;
    /** The one shutdown path: idempotent, never rejects on purpose; resolves with the exit code. */
    stop(reason: string): Promise<number>;
    /**
     * Every SIGTERM/SIGINT, when the service gives signals a meaning of its own (the room server: the
     * first drains, the next ends the drain now). Without it a signal calls stop().
     */
    signal?(name: NodeJS.Signals): void;
    /** Resolves with the exit code when the service ends by itself (a drained room server, a cron job). */
    readonly stopped?: Promise<number>;
}

export interface ServiceSpec<C> {
    /** The logger's name. */
    name: string;
    /** How messages name the service ("room server"); `name` when absent. */
    title?: string;
    /** Reads the environment; throws EnvError naming every bad variable. */
    config(): C;
    logLevel(cfg: C): string;
    create(cfg: C, log: Logger): Service;
    /** How long the whole stop may take from the first signal before the process exits 1 anyway. */
    stopDeadlineMs(cfg: C): number;
}

/** How long a stopped process waits for its last handles (a socket in TIME_WAIT, a stray timer). */
const exitGraceMs = 200;
const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

function exit(code: number): void {
    process.exitCode = code;
    setTimeout(() => process.exit(code), exitGraceMs).unref();
}

/** Runs one service as this process (see the top of this file). */
export async function runService<C>(spec: ServiceSpec<C>): Promise<void> {
    const title = spec.title ?? spec.name;
    try {
        await run(spec, title);
    } catch (err) {
        process.stderr.write(`${title} crashed: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
    }
}

async function run<C>(spec: ServiceSpec<C>, title: string): Promise<void> {
    let cfg: C;
    try {
        cfg = spec.config();
    } catch (err) {
        if (!(err instanceof EnvError)) throw err;
        // LOG_LEVEL itself may be what is wrong, so this one line uses a fixed level.
        createLogger({ name: spec.name }).fatal({ problems: err.problems }, err.message);
        exit(1);
        return;
    }
    const log = createLogger({ name: spec.name, level: spec.logLevel(cfg) });
    const service = spec.create(cfg, log);

    let finish!: (code: number) => void;
    const ended = new Promise<number>((resolve) => (finish = resolve));
    void service.stopped?.then(finish);

    let deadline: NodeJS.Timeout | undefined;
    const armDeadline = (): void => {
        deadline ??= setTimeout(() => {
            log.error({ deadlineMs: spec.stopDeadlineMs(cfg) }, "stop deadline passed; exiting");
            process.exit(1);
        }, spec.stopDeadlineMs(cfg));
    };

    const starting = service.start();
    let stopping: Promise<number> | undefined;
    const stop = (reason: string): Promise<number> => {
        armDeadline();
        stopping ??= (async () => {
            // Closing parts while start() is still creating them would leak the ones created afterwards.
            await starting.catch(() => undefined);
            return service.stop(reason);
        })().catch((err: Error) => {
            log.error({ reason, err: err.message }, "stop failed; exiting anyway");
            return 1;
        });
        void stopping.then(finish);
        return stopping;
    };
    for (const sig of signals) {
        process.on(sig, () => {
            armDeadline();
            if (service.signal) service.signal(sig);
            else void stop(sig);
        });
    }

    try {
        await starting;
    } catch (err) {
        log.fatal({ err: (err as Error).message }, `${title} failed to start`);
        await stop("start failed");
        clearTimeout(deadline);
        exit(1);
        return;
    }
    const code = await ended;
    clearTimeout(deadline);
    exit(code);
}
