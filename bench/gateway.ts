// npm run bench:gateway [-- --players 1000 --rooms 250 --seconds 10 --think-ms 500 --settle-ms 500 --cpu-prof DIR]
// Shake→reply round trip and messages/s of bots playing through gateway + room server, against a
// bare `ws` echo server at the same per-client pace, all on 127.0.0.1 in one run. A script, not a
// test: it prints numbers and the p99 ratio (target: within 1.5x of raw echo), plus what is needed
// to read them: a fan-out echo with the game's fan-out, the bots' own event-loop delay and who
// used the CPU in each phase. --cpu-prof writes V8 CPU profiles of the gateway and the room server.
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { parseArgs } from "node:util";
import { AutoPlayer } from "../services/bot/auto";
import { BotPlayer } from "../services/bot/player";
import { summarize } from "../services/bot/stats";
import { mintToken } from "../services/bot/token";
import { Cluster, jwtKey } from "../lib/services/cluster";
import { spawnService } from "../lib/services/process";
import { waitFor } from "../lib/services/wait";
import { CpuMeter, type CpuReport } from "./cpu";
import { connectEchoClients } from "./echo-clients";
import { ServiceLoops } from "./service-metrics";

const { values } = parseArgs({
    options: {
        players: { type: "string", default: "1000" },
        rooms: { type: "string", default: "250" },
        seconds: { type: "string", default: "10" },
        "think-ms": { type: "string", default: "500" },
        "settle-ms": { type: "string", default: "500" },
        "cpu-prof": { type: "string" },
    },
});
const playerCount = Number(values.players);
const roomCount = Number(values.rooms);
const durationMs = Number(values.seconds) * 1000;
/** Players shake a random 0..THINK_MS after DiceStart, so rooms do not all move in lockstep. */
const thinkTimeMs = Number(values["think-ms"]);
/** The room server's idle time between rounds (SETTLE_MS); with THINK_MS it sets the load. */
const settleMs = values["settle-ms"];
const profileDir = values["cpu-prof"] === undefined ? undefined : path.resolve(values["cpu-prof"]);
/** The whole run stops by itself after this, finished or not. */
const hardDeadlineMs = durationMs * 3 + 150_000;
/** The game's fan-out: a shake reaches every player of its room. */
const roomSize = 4;
/** Cores used outside the run above which the output warns that the latencies are not comparable. */
const sharedCoresWarning = 0.2;
/** Sampling period of the bots' event-loop delay histogram. */
const loopResolutionMs = 2;

interface Phase {
    p50: number;
    p90: number;
    p99: number;
    samples: number;
    msgsPerSec: number;
    /** Messages (in + out, counted at the bots) per measured round trip. */
    msgsPerTrip: number;
    /** Event-loop delay of THIS (bot) process while measuring. */
    loop: { p50: number; p99: number; max: number };
    cpu: string;
    othersCores: number | undefined;
    /** Event-loop delay and GC of the gateway and the room server (game phase only). */
    services?: string;
    /** Write syscalls of the server process (gateway or echo) per message it sent to a client. */
    writesPerMsgOut: number | undefined;
}

/** Measures the bots' event-loop delay and everyone's CPU over `body`. */
async function measured<T>(cpu: CpuMeter, body: () => Promise<T>): Promise<{ value: T; loop: Phase["loop"]; cpu: CpuReport }> {
    const h = monitorEventLoopDelay({ resolution: loopResolutionMs });
    h.enable();
    cpu.begin();
    const value = await body();
    const cpuLine = cpu.end();
    h.disable();
    // The histogram holds the time between samples, so the sampling period itself is taken off.
    const ms = (ns: number) => Math.max(0, ns / 1e6 - loopResolutionMs);
    return { value, loop: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) }, cpu: cpuLine };
}

async function gatewayPhase(cluster: Cluster, roomAdminPort: number): Promise<{ phase: Phase; thinkMs: number }> {
    const url = cluster.gateways[0]!.url;
    const autos: AutoPlayer[] = [];
    for (let i = 0; i < playerCount; i += 100) {
        const batch = await Promise.all(
            Array.from({ length: Math.min(100, playerCount - i) }, async (_, j) => {
                const id = 1_000_000n + BigInt(i + j);
                const p = new BotPlayer({ url, userId: id, token: await mintToken(id, jwtKey) });
                await p.opened(30_000);
                return new AutoPlayer(p, {
                    roomId: `bench-${(i + j) % roomCount}`,
                    rounds: Number.MAX_SAFE_INTEGER,
                    thinkMs: () => Math.random() * thinkTimeMs,
                });
            }),
        );
        autos.push(...batch);
    }
    let messages = 0;
    for (const a of autos) a.player.on("frame", () => messages++);
    for (const a of autos) a.start();
    await Promise.all(autos.map((a) => a.player.next("user", (u) => u.id === a.player.userId, 30_000)));
    // Measure the steady state only: every room has settled a round since everyone sat down (so
    // no shake of a sit-down mid-round is still in flight), then the counters start from zero.
    await Promise.all(autos.map((a) => a.player.next("settlement", () => true, 60_000)));
    for (const a of autos) a.stats.latenciesMs.length = 0;
    messages = 0;
    const cpu = new CpuMeter({ bots: process.pid, gateway: cluster.gateways[0]!.proc.pid, room: cluster.rooms[0]!.proc.pid });
    const loops = new ServiceLoops({ gateway: cluster.gateways[0]!.adminPort, room: roomAdminPort });
    await loops.begin();
    const m = await measured(cpu, async () => {
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, durationMs));
        return performance.now() - t0;
    });
    const services = await loops.end();
    const elapsed = m.value;
    const latencies = autos.flatMap((a) => a.stats.latenciesMs);
    const shakes = latencies.length;
    const received = messages;
    await Promise.all(autos.map((a) => a.player.close()));
    const s = summarize(latencies);
    // Each shake is one client→server message; everything else counted arrived at the bots.
    const total = received + shakes;
    const perPlayerIntervalMs = shakes > 0 ? (elapsed * playerCount) / shakes : 1000;
    return {
        phase: {
            p50: s.p50,
            p90: s.p90,
            p99: s.p99,
            samples: s.count,
            msgsPerSec: (total * 1000) / elapsed,
            msgsPerTrip: total / Math.max(1, shakes),
            loop: m.loop,
            cpu: m.cpu.line,
            othersCores: m.cpu.othersCores,
            writesPerMsgOut: perMsg(m.cpu.writes.gateway, received),
            services,
        },
        thinkMs: perPlayerIntervalMs,
    };
}

async function echoPhase(thinkMs: number, fanout: number): Promise<Phase> {
    const echo = spawnService({ entry: "bench/echo-server.ts", env: { ECHO_FANOUT: String(fanout) } });
    try {
        const port = await waitFor(
            "echo server port",
            () => {
                const l = echo.logs.find((x): x is string => typeof x === "string" && x.startsWith("listening "));
                return l === undefined ? undefined : Number(l.split(" ")[1]);
            },
            { timeoutMs: 20_000 },
        );
        const clients = await connectEchoClients(`ws://127.0.0.1:${port}/`, playerCount);
        const cpu = new CpuMeter({ bots: process.pid, echo: echo.pid });
        const m = await measured(cpu, () => clients.run(thinkMs, durationMs));
        await clients.close();
        const run = m.value;
        const s = summarize(run.latenciesMs);
        return {
            p50: s.p50,
            p90: s.p90,
            p99: s.p99,
            samples: s.count,
            msgsPerSec: (run.messages * 1000) / durationMs,
            msgsPerTrip: run.messages / Math.max(1, s.count),
            loop: m.loop,
            cpu: m.cpu.line,
            othersCores: m.cpu.othersCores,
            // Each round trip is one client→server frame; every other message was sent by the echo.
            writesPerMsgOut: perMsg(m.cpu.writes.echo, run.messages - s.count),
        };
    } finally {
        echo.signal("SIGTERM");
        await echo.exited;
    }
}

function perMsg(writes: number | undefined, messages: number): number | undefined {
    return writes === undefined || messages === 0 ? undefined : writes / messages;
}

function row(name: string, p: Phase): string {
    return `${name.padEnd(24)} p50 ${p.p50.toFixed(2).padStart(7)} ms   p90 ${p.p90.toFixed(2).padStart(7)} ms   p99 ${p.p99.toFixed(2).padStart(7)} ms   ${Math.round(p.msgsPerSec).toString().padStart(6)} msg/s   ${p.msgsPerTrip.toFixed(1)} msg/trip   (${p.samples} round trips)`;
}

function detail(name: string, p: Phase): string {
    const writes = p.writesPerMsgOut === undefined ? "" : `; server write syscalls per message out ${p.writesPerMsgOut.toFixed(2)}`;
    const services = p.services === undefined ? "" : `\n  ${"".padEnd(22)} ${p.services}`;
    return `  ${name.padEnd(22)} bot event-loop delay p50 ${p.loop.p50.toFixed(2)} ms, p99 ${p.loop.p99.toFixed(2)} ms, max ${p.loop.max.toFixed(1)} ms; ${p.cpu}${writes}${services}`;
}

/**
 * The latencies are only comparable between runs (and between the phases of one run) when the
 * processes of the run had the cores to themselves; say so when they did not.
 */
function busyWarning(phases: Phase[]): string[] {
    const worst = Math.max(...phases.map((p) => p.othersCores ?? 0));
    if (worst <= sharedCoresWarning) return [];
    return [
        `NOTE: processes outside this run used up to ${worst.toFixed(2)} cores during a phase; latencies (p99 above all) mostly measure that contention. Compare runs only with a quiet machine.`,
    ];
}

/** Graceful stops so the processes write their --cpu-prof files (the room drains, then stops). */
async function stopForProfiles(cluster: Cluster): Promise<void> {
    for (const g of cluster.gateways) g.proc.signal("SIGTERM");
    for (const r of cluster.rooms) {
        r.proc.signal("SIGTERM");
        await r.proc.waitForLog("room drain", (l) => l.msg === "draining: no new rooms, rooms end after their round", 20_000).catch(() => undefined);
        r.proc.signal("SIGTERM");
    }
    await Promise.all([...cluster.gateways.map((g) => g.proc.exited), ...cluster.rooms.map((r) => r.proc.exited)]);
}

async function main(): Promise<number> {
    const cluster = await Cluster.start();
    try {
        const prof: Record<string, string> =
            profileDir === undefined ? {} : { NODE_OPTIONS: `--import ${path.join(__dirname, "cpu-profile.mjs")}`, CPU_PROFILE_DIR: profileDir };
        // Rounds end as soon as the 4 players of a room have shaken; a short settle keeps them coming.
        // The room logs at info (a line per room created or closed, none per message) so the bench
        // reads its admin port from "room server ready" and, with --cpu-prof, sees the drain start.
        const room = await cluster.addRoom("bench-room-0", "a", { LOG_LEVEL: "info", GAME_ENV: "prod", ROUND_MS: "30000", SETTLE_MS: settleMs, ...prof });
        const ready = await room.proc.waitForLog("room server ready", (l) => l.msg === "room server ready", 20_000);
        const roomAdminPort = Number(ready.adminPort);
        await cluster.addGateway({ LOG_LEVEL: "warn", ...prof });
        process.stdout.write(
            `bench: ${playerCount} players in ${roomCount} rooms, think 0-${thinkTimeMs} ms, settle ${settleMs} ms, ${durationMs / 1000}s per phase, 127.0.0.1\n`,
        );
        const gw = await gatewayPhase(cluster, roomAdminPort);
        const echo = await echoPhase(gw.thinkMs, 1);
        const fan = await echoPhase(gw.thinkMs, roomSize);
        const ratio = gw.phase.p99 / echo.p99;
        process.stdout.write(
            [
                row("gateway + room server", gw.phase),
                row("raw ws echo", echo),
                row(`raw ws echo, fan-out ${roomSize}`, fan),
                `per-client pace ${gw.thinkMs.toFixed(0)} ms between shakes (both echo runs use the same)`,
                `p99 ratio gateway/echo: ${ratio.toFixed(2)}x (target <= 1.5x) ${ratio <= 1.5 ? "OK" : "ABOVE TARGET"}`,
                `p99 ratio gateway/fan-out echo: ${(gw.phase.p99 / fan.p99).toFixed(2)}x (same fan-out: each shake reaches its sender and ${roomSize - 1} others)`,
                "how the phases ran:",
                detail("gateway + room server", gw.phase),
                detail("raw ws echo", echo),
                detail(`fan-out ${roomSize} echo`, fan),
                ...busyWarning([gw.phase, echo, fan]),
                "",
            ].join("\n"),
        );
        if (profileDir !== undefined) {
            await stopForProfiles(cluster);
            process.stdout.write(`cpu profiles of the gateway and the room server: ${profileDir}/*.cpuprofile\n`);
        }
        return 0;
    } finally {
        await cluster.stop();
    }
}

const deadline = setTimeout(() => {
    process.stderr.write(`bench: did not finish within ${hardDeadlineMs} ms; stopping\n`);
    process.exit(1);
}, hardDeadlineMs);
deadline.unref();
main().then(
    (code) => process.exit(code),
    (err: Error) => {
        process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
        process.exit(1);
    },
);
