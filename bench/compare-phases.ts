// The phases of `npm run bench`, each run against one side at a time by the same driver: a closed
// loop (every bot sends its next request when the previous one is answered), the real game at its
// own pace (shake 0..think ms after a round starts, early settlement, settle pause), and idle
// authenticated connections. Server CPU and RSS come from /proc for the side's processes only;
// latencies are measured in this process; the machine's load is read for every measured window.
import { readFileSync } from "node:fs";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { summarize } from "../services/bot/stats";
import type { Bot } from "./compare-bots";
import type { Side } from "./compare-sides";
import { machine, pidTicks } from "./cpu";

/** USER_HZ, the unit of /proc/<pid>/stat times. */
const ticksPerSec = 100;
/** Bots connecting at once (rooms of 4 are seated one bot after the other). */
const connectConcurrency = 200;
const roomSize = 4;

export interface Sample {
    msgsPerSec: number;
    p50: number;
    p99: number;
    /** Server CPU milliseconds per 1,000 messages (sent and received by the bots). */
    cpuPer1k: number;
    /** Server RSS, all the side's processes, at the end of the window. */
    rssMb: number;
    load1: number;
    /** Cores busy outside the side's servers and this driver (other users of the machine). */
    othersCores: number;
    /** Cores the side's servers used, and this driver (one process: it tops out at one core). */
    serverCores: number;
    /** Each server process's cores, in the side's pids() order (ours: gateway, room server, redis). */
    processCores: number[];
    driverCores: number;
    /**
     * The driver's own event-loop delay, p99 ms over the window: a bot's latency includes it, so a
     * p99 near it is the driver's, not the side's.
     */
    driverLagP99: number;
}

export interface IdleSample {
    rssMb: number;
    baseMb: number;
    perConnKb: number;
    load1: number;
}

let nextId = 10_000_000;

export function rssKb(pid: number): number {
    try {
        const m = /^VmRSS:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        return m === null ? 0 : Number(m[1]);
    } catch {
        return 0;
    }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))));
    return out;
}

async function seat(side: Side, players: number, tag: number): Promise<Bot[]> {
    const rooms = await inBatches(Math.ceil(players / roomSize), connectConcurrency / roomSize, (r) => {
        const ids = Array.from({ length: Math.min(roomSize, players - r * roomSize) }, () => nextId++);
        // Numeric room ids, as the reference requires (its rooms are int64).
        return side.bots.room(ids, String(tag * 100_000 + r));
    });
    return rooms.flat();
}

async function closeAll(bots: Bot[]): Promise<void> {
    await Promise.race([Promise.all(bots.map((b) => b.close())), sleep(10_000)]);
}

/** Measures `ms` of steady state: the side's CPU and RSS, the machine's load, the messages the bots counted. */
async function window(side: Side, bots: Bot[], ms: number, sent: () => number, latencies: number[]): Promise<Sample> {
    const pids = side.pids();
    const ticks = () => pids.reduce((a, p) => a + (pidTicks(p) ?? 0), 0);
    const received = () => bots.reduce((a, b) => a + b.received, 0);
    latencies.length = 0;
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    side.onWindowStart?.();
    const each0 = pids.map((p) => pidTicks(p) ?? 0);
    const [t0, self0, m0, r0, s0, at0] = [ticks(), pidTicks(process.pid) ?? 0, machine(), received(), sent(), performance.now()];
    await sleep(ms);
    const [t1, self1, m1, r1, s1, at1] = [ticks(), pidTicks(process.pid) ?? 0, machine(), received(), sent(), performance.now()];
    const each1 = pids.map((p) => pidTicks(p) ?? 0);
    side.onWindowEnd?.();
    lag.disable();
    const seconds = (at1 - at0) / 1000;
    const messages = r1 - r0 + (s1 - s0);
    const serverCpuMs = ((t1 - t0) / ticksPerSec) * 1000;
    const machineCores = m0 !== undefined && m1 !== undefined ? ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * os.availableParallelism() : 0;
    const ours = (t1 - t0 + self1 - self0) / ticksPerSec / seconds;
    const s = summarize(latencies);
    return {
        msgsPerSec: messages / seconds,
        p50: s.p50,
        p99: s.p99,
        cpuPer1k: messages === 0 ? Number.NaN : serverCpuMs / (messages / 1000),
        rssMb: pids.reduce((a, p) => a + rssKb(p), 0) / 1024,
        load1: os.loadavg()[0]!,
        othersCores: Math.max(0, machineCores - ours),
        serverCores: (t1 - t0) / ticksPerSec / seconds,
        processCores: each1.map((t, i) => (t - each0[i]!) / ticksPerSec / seconds),
        driverCores: (self1 - self0) / ticksPerSec / seconds,
        driverLagP99: lag.percentile(99) / 1e6,
    };
}

/** Every bot keeps one request (Print, or the colyseus room's "print") in flight. */
export async function closedLoop(side: Side, players: number, ms: number, tag: number): Promise<Sample> {
    const bots = await seat(side, players, tag);
    const latencies: number[] = [];
    let sent = 0;
    let running = true;
    for (const bot of bots) {
        let at = 0;
        const ask = () => {
            at = performance.now();
            sent++;
            bot.request();
        };
        bot.on({
            reply: () => {
                latencies.push(performance.now() - at);
                if (running) ask();
            },
        });
        ask();
    }
    try {
        await sleep(1000);
        return await window(side, bots, ms, () => sent, latencies);
    } finally {
        running = false;
        await closeAll(bots);
    }
}

/** The dice game at its own pace: the load is set by the rules, so it is equal on every side. */
export async function realGame(side: Side, players: number, ms: number, thinkMs: number, tag: number): Promise<Sample> {
    const bots = await seat(side, players, tag);
    const latencies: number[] = [];
    let sent = 0;
    let running = true;
    for (const bot of bots) {
        let at = 0;
        bot.on({
            turn: () => {
                setTimeout(() => {
                    if (!running) return;
                    at = performance.now();
                    sent++;
                    bot.shake();
                }, Math.random() * thinkMs);
            },
            ownShake: () => latencies.push(performance.now() - at),
        });
    }
    try {
        // A few rounds first, so every room plays at its steady pace.
        await sleep(3000);
        return await window(side, bots, ms, () => sent, latencies);
    } finally {
        running = false;
        await closeAll(bots);
    }
}

/** RSS of the process holding the connections, freshly started and then with `count` authenticated idle connections. */
export async function idleConnections(side: Side, count: number): Promise<IdleSample | undefined> {
    const pid = side.edgePid;
    if (pid === undefined) return undefined;
    await sleep(2000);
    const base = rssKb(pid);
    const bots = await inBatches(count, connectConcurrency, () => side.bots.idle(nextId++));
    await sleep(3000);
    const rss = rssKb(pid);
    const load1 = os.loadavg()[0]!;
    await closeAll(bots);
    await sleep(1000);
    return { rssMb: rss / 1024, baseMb: base / 1024, perConnKb: (rss - base) / count, load1 };
}
