// Entry point: `node services/cron/main.js <job>`. Exit 0 done, 1 failed or bad environment,
// 2 unknown job.
import { commonEnv, env, EnvError, parseEnv } from "../shared/env";
import { createLogger, type Logger } from "../shared/logger";
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

export async function main(argv: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
    const job = argv[0];
    const names = Object.keys(jobs);
    if (job === undefined || !Object.hasOwn(jobs, job)) {
        process.stderr.write(`job: ${JSON.stringify(job ?? null)} is not a known job; run one of: ${names.join(", ")}\n`);
        return 2;
    }
    let e: CronEnv;
    try {
        e = parseEnv(cronEnv, source);
    } catch (err) {
        if (err instanceof EnvError) {
            // LOG_LEVEL itself may be what is wrong, so this one line uses a fixed level.
            createLogger({ name: `cron-${job}` }).fatal({ problems: err.problems }, err.message);
            return 1;
        }
        throw err;
    }
    const log = createLogger({ name: `cron-${job}`, level: e.LOG_LEVEL });
    const redis = createRedis({ url: e.REDIS_URL, password: e.REDIS_PASSWORD, log });
    try {
        await jobs[job]({ redis, env: e, log });
        return 0;
    } catch (err) {
        log.error({ err: (err as Error).message }, "job failed");
        return 1;
    } finally {
        await redis.quit().catch(() => redis.disconnect());
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
