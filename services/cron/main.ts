// Entry point: `node services/cron/main.js <job>`. Exit 0 done, 1 failed, cut short by a signal or bad
// environment, 2 unknown job. Started and stopped by the shared process module (shared/process.ts).
import { commonEnv, env, parseEnv } from "../shared/env";
import type { Logger } from "../shared/logger";
import { runService, type Service } from "../shared/process";
import { createRedis } from "../shared/redis";
import { runDirectorySweep } from "./directory-sweep";
import { runLeaderboard } from "./leaderboard";
import type Redis from "ioredis";

const cronEnv = {
    ...commonEnv,
    LEADERBOARD_DAILY_TTL_DAYS: env.int({ min: 1, max: 3650, default: 8 }),
    LEADERBOARD_BATCH: env.int({ min: 1, max: 100_000, default: 500 }),
};
type CronEnv = ReturnType<typeof parseEnv<typeof cronEnv>>;

interface JobContext {
    redis: Redis;
    env: CronEnv;
    log: Logger;
}

export const jobs: Record<string, (c: JobContext) => Promise<unknown>> = {
    leaderboard: (c) =>
        runLeaderboard({
            redis: c.redis,
            prefix: c.env.REDIS_PREFIX,
            log: c.log,
            batch: c.env.LEADERBOARD_BATCH,
            dailyTtlDays: c.env.LEADERBOARD_DAILY_TTL_DAYS,
        }),
    "directory-sweep": (c) => runDirectorySweep({ redis: c.redis, prefix: c.env.REDIS_PREFIX, log: c.log }),
};

/** A job cut short by a signal gets this long to notice its Redis is gone and exit. */
const cronStopDeadlineMs = 10_000;

function cronService(job: string, e: CronEnv, log: Logger): Service {
    const redis = createRedis({ url: e.REDIS_URL, password: e.REDIS_PASSWORD, log });
    let interrupted = false;
    let finish!: (code: number) => void;
    const stopped = new Promise<number>((resolve) => (finish = resolve));
    return {
        async start() {
            // The job runs after start() returns; its end is `stopped`.
            void jobs[job]!({ redis, env: e, log })
                .then(
                    () => (interrupted ? 1 : 0),
                    (err: Error) => {
                        if (!interrupted) log.error({ err: err.message }, "job failed");
                        return 1;
                    },
                )
                .then(async (code) => {
                    await redis.quit().catch(() => redis.disconnect());
                    finish(code);
                });
        },
        stop(reason) {
            interrupted = true;
            log.warn({ reason }, "job interrupted");
            redis.disconnect();
            return stopped;
        },
        stopped,
    };
}

function main(argv: string[]): void {
    const job = argv[0];
    const names = Object.keys(jobs);
    if (job === undefined || !Object.hasOwn(jobs, job)) {
        process.stderr.write(`job: ${JSON.stringify(job ?? null)} is not a known job; run one of: ${names.join(", ")}\n`);
        process.exitCode = 2;
        return;
    }
    void runService({
        name: `cron-${job}`,
        config: () => parseEnv(cronEnv),
        logLevel: (e) => e.LOG_LEVEL,
        create: (e, log) => cronService(job, e, log),
        stopDeadlineMs: () => cronStopDeadlineMs,
    });
}

main(process.argv.slice(2));
