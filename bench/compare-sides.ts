// The servers `npm run bench` compares, each started once per run on 127.0.0.1: ours (redis-server,
// one room server and one gateway, compiled JavaScript from dist/ as the image runs them, production
// timings), colyseus 0.16 (bench/colyseus-server.mjs) and the raw-ws relay (bench/relay-server.mjs).
// A side names the processes whose CPU and memory count as its server cost.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Cluster, jwtKey } from "../lib/services/cluster";
import { waitFor } from "../lib/services/wait";
import { colyseusBots, wireBots, type BotFactory } from "./compare-bots";

export interface Side {
    name: string;
    bots: BotFactory;
    /** Every server process of the side (CPU and RSS are summed over them). */
    pids(): number[];
    /** The process that holds the client connections (idle-connection RSS), when the side has one. */
    edgePid: number | undefined;
    stop(): Promise<void>;
    /** Called as a measured window starts and as it ends (a profiler toggled by SIGUSR2, bench/cpu-profile.mjs). */
    onWindowStart?(): void;
    onWindowEnd?(): void;
}

export interface GameTimings {
    roundMs: number;
    settleMs: number;
}

/** Production settings but for the game's pace, and GAME_ENV=dev for Print (the closed loop's request). */
function benchRoomEnv(t: GameTimings): Record<string, string> {
    return {
        LOG_LEVEL: "info",
        GAME_ENV: "dev",
        ROUND_MS: String(t.roundMs),
        SETTLE_MS: String(t.settleMs),
        HEARTBEAT_MS: "2000",
        DIRECTORY_TTL_MS: "6000",
        CLOSING_NOTICE_MS: "10000",
    };
}

/**
 * `dist`: another build of our services (the bench's --baseline), else dist/. `profileDir`: the
 * gateway and the room server write V8 CPU profiles there, of the measured windows only.
 */
export async function startOurs(t: GameTimings, name = "ours", dist: string | true = true, profileDir?: string): Promise<Side> {
    const cluster = await Cluster.start("a", dist);
    const profile = profileEnv(profileDir);
    try {
        const room = await cluster.addRoom("bench-room-0", "a", { ...benchRoomEnv(t), ...profile });
        // The cluster lifts the per-client rate limit (MAX_MSGS_PER_SEC): a closed-loop bot sends far more than 50/s.
        const gw = await cluster.addGateway({ LOG_LEVEL: "info", ...profile });
        const redisPid = cluster.redis.pid();
        const toggleProfilers = () => {
            if (profileDir !== undefined) for (const p of [gw.proc, room.proc]) p.signal("SIGUSR2");
        };
        return {
            name,
            bots: wireBots(gw.url, jwtKey),
            pids: () => [gw.proc.pid, room.proc.pid, ...(redisPid === undefined ? [] : [redisPid])],
            edgePid: gw.proc.pid,
            stop: () => cluster.stop(),
            // SIGUSR2 starts the profilers, and at the window's end stops them (a profile per window).
            onWindowStart: () => toggleProfilers(),
            onWindowEnd: () => toggleProfilers(),
        };
    } catch (e) {
        await cluster.stop();
        throw e;
    }
}

/** The environment that makes a process profile each measured window (SIGUSR2 toggles; bench/cpu-profile.mjs). */
function profileEnv(profileDir: string | undefined): Record<string, string> {
    if (profileDir === undefined) return {};
    return { NODE_OPTIONS: `--import ${path.join(__dirname, "cpu-profile.mjs")}`, CPU_PROFILE_DIR: profileDir, CPU_PROFILE_FROM_SIGNAL: "1" };
}

/** Runs one of the bench's .mjs servers with plain node and reads its "listening <port>" line. */
async function spawnServer(
    file: string,
    t: GameTimings,
    profileDir?: string,
): Promise<{ child: ChildProcess; port: number; stop: () => Promise<void>; toggleProfiler: () => void }> {
    const child = spawn(process.execPath, [path.join(__dirname, file)], {
        env: { PATH: process.env.PATH ?? "", JWT_KEY: jwtKey, ROUND_MS: String(t.roundMs), SETTLE_MS: String(t.settleMs), ...profileEnv(profileDir) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
    };
    try {
        const port = await waitFor(`${file} to listen`, () => /listening (\d+)/.exec(out)?.[1], { timeoutMs: 20_000 });
        const toggleProfiler = () => {
            if (profileDir !== undefined) child.kill("SIGUSR2");
        };
        return { child, port: Number(port), stop, toggleProfiler };
    } catch (e) {
        await stop();
        throw new Error(`${(e as Error).message}\n${out}`);
    }
}

export async function startColyseus(t: GameTimings, profileDir?: string): Promise<Side> {
    const s = await spawnServer("colyseus-server.mjs", t, profileDir);
    return {
        name: "colyseus",
        bots: colyseusBots(`ws://127.0.0.1:${s.port}`, jwtKey),
        pids: () => [s.child.pid ?? -1],
        edgePid: undefined,
        stop: s.stop,
        onWindowStart: s.toggleProfiler,
        onWindowEnd: s.toggleProfiler,
    };
}

export async function startRelay(t: GameTimings, profileDir?: string): Promise<Side> {
    const s = await spawnServer("relay-server.mjs", t, profileDir);
    const pid = s.child.pid ?? -1;
    return {
        name: "raw-ws",
        bots: wireBots(`ws://127.0.0.1:${s.port}/`, jwtKey),
        pids: () => [pid],
        edgePid: pid,
        stop: s.stop,
        onWindowStart: s.toggleProfiler,
        onWindowEnd: s.toggleProfiler,
    };
}

/**
 * Ours in direct mode (services/direct-rooms.md): the same gateway, room server and Redis; each bot
 * signs in and sits down at the gateway with ?direct=1 and plays on the room server's own port with
 * the gateway's ticket. Every process counts, the gateway (holding the idle sign-ins) included.
 */
export async function startDirect(t: GameTimings): Promise<Side> {
    const cluster = await Cluster.start("a", true);
    try {
        // As the cluster lifts the gateway's: a closed-loop bot sends far more than 50 frames a second.
        const room = await cluster.addRoom("bench-direct-0", "a", { ...benchRoomEnv(t), MAX_MSGS_PER_SEC: "1000000" }, true);
        const gw = await cluster.addGateway({ LOG_LEVEL: "info" });
        const redisPid = cluster.redis.pid();
        return {
            name: "ours-direct",
            bots: wireBots(gw.url, jwtKey, true),
            pids: () => [room.proc.pid, gw.proc.pid, ...(redisPid === undefined ? [] : [redisPid])],
            edgePid: room.proc.pid,
            stop: () => cluster.stop(),
        };
    } catch (e) {
        await cluster.stop();
        throw e;
    }
}
