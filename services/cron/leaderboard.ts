// leaderboard: folds the results stream into scores (each win earns the round's payout, 1 by default). Each batch's score increments and the
// checkpoint move in ONE MULTI/EXEC (guarded by WATCH on the checkpoint), so a crash or a re-run
// never counts a round twice; consumed entries are trimmed afterwards.
import type Redis from "ioredis";
import { keys, resultFromFields } from "../directory";
import type { Logger } from "../shared/logger";

export interface LeaderboardOptions {
    redis: Redis;
    prefix: string;
    log: Logger;
    /** Entries per transaction. */
    batch?: number;
    /** Lifetime of a daily board. */
    dailyTtlDays?: number;
}

export interface LeaderboardSummary {
    entries: number;
    wins: number;
    malformed: number;
    checkpoint: string;
}

export function leaderboardKeys(prefix: string) {
    return {
        checkpoint: `${prefix}leaderboard:checkpoint`,
        all: `${prefix}leaderboard:all`,
        daily: (settledAt: number) => `${prefix}leaderboard:daily:${new Date(settledAt).toISOString().slice(0, 10)}`,
    };
}

/** The smallest stream id after `id` (XTRIM MINID keeps ids >= it). */
export function nextStreamId(id: string): string {
    const [ms, seq] = id.split("-");
    return `${ms}-${BigInt(seq ?? "0") + 1n}`;
}

export async function runLeaderboard(o: LeaderboardOptions): Promise<LeaderboardSummary> {
    const lk = leaderboardKeys(o.prefix);
    const stream = keys(o.prefix).results;
    const batch = o.batch ?? 500;
    const ttlSeconds = (o.dailyTtlDays ?? 8) * 86_400;
    const summary: LeaderboardSummary = { entries: 0, wins: 0, malformed: 0, checkpoint: "0-0" };
    for (;;) {
        await o.redis.watch(lk.checkpoint);
        const checkpoint = (await o.redis.get(lk.checkpoint)) ?? "0-0";
        summary.checkpoint = checkpoint;
        const rows = (await o.redis.xrange(stream, `(${checkpoint}`, "+", "COUNT", batch)) as [string, string[]][];
        if (rows.length === 0) {
            await o.redis.unwatch();
            // Also trims what an earlier run committed but could not trim.
            if (checkpoint !== "0-0") await o.redis.xtrim(stream, "MINID", nextStreamId(checkpoint));
            break;
        }
        const tx = o.redis.multi();
        const dailyKeys = new Set<string>();
        let wins = 0;
        let malformed = 0;
        for (const [id, fields] of rows) {
            const r = resultFromFields(fields);
            if (!r.ok) {
                malformed += 1;
                o.log.warn({ id, reason: r.reason }, "skipping malformed result");
                continue;
            }
            const daily = lk.daily(r.value.settledAt);
            // Each winner earns the round's payout (its room's rules; 1 for entries without one).
            const points = r.value.payout ?? 1;
            for (const w of r.value.winners) {
                tx.zincrby(daily, points, w.toString());
                tx.zincrby(lk.all, points, w.toString());
                wins += 1;
            }
            if (r.value.winners.length > 0) dailyKeys.add(daily);
        }
        for (const k of dailyKeys) tx.expire(k, ttlSeconds);
        const last = rows[rows.length - 1][0];
        tx.set(lk.checkpoint, last);
        const res = await tx.exec();
        if (res === null) {
            // Another run moved the checkpoint between WATCH and EXEC: nothing was applied; read again.
            o.log.info({ checkpoint }, "checkpoint moved by another run; retrying the batch");
            continue;
        }
        for (const [err] of res) if (err) throw err;
        summary.entries += rows.length;
        summary.wins += wins;
        summary.malformed += malformed;
        summary.checkpoint = last;
    }
    o.log.info(summary, "leaderboard updated");
    return summary;
}
