// One ioredis connection from REDIS_URL / REDIS_PASSWORD. The password travels as an option,
// never inside a URL that could end up in a log line.
import Redis, { type RedisOptions } from "ioredis";
import type { Logger } from "./logger";

export interface RedisConfig {
    url: string;
    password?: string;
    log?: Logger;
    /** Extra ioredis options (tests shorten retries). */
    options?: RedisOptions;
}

export function createRedis(cfg: RedisConfig): Redis {
    const redis = new Redis(cfg.url, {
        password: cfg.password,
        maxRetriesPerRequest: 2,
        enableOfflineQueue: true,
        retryStrategy: (times) => Math.min(times * 100, 2000),
        ...cfg.options,
    });
    const u = new URL(cfg.url);
    const where = `${u.hostname}:${u.port}${u.pathname}`;
    redis.on("error", (err: Error) => cfg.log?.warn({ err: err.message, redis: where }, "redis error"));
    redis.on("ready", () => cfg.log?.debug({ redis: where }, "redis ready"));
    return redis;
}
