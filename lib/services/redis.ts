// A private redis-server per test suite on a free 127.0.0.1 port, no persistence.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { freePort } from "./ports";
import { waitFor } from "./wait";

export interface TestRedis {
    url: string;
    port: number;
    /** The running redis-server's pid (the bench adds its CPU to the services'). */
    pid(): number | undefined;
    /** Kills the server (an outage; the data is gone, as with a real restart without persistence). */
    pause(): Promise<void>;
    /** Starts it again on the same port. */
    resume(): Promise<void>;
    /** Kills the server and removes its directory. */
    stop(): Promise<void>;
}

const redisBin = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

/** Whether a redis-server on 127.0.0.1:`port` answers PING now (false while it is starting). */
export async function answersPing(port: number): Promise<boolean> {
    const c = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    c.on("error", () => undefined);
    try {
        await c.connect();
        return (await c.ping()) === "PONG";
    } finally {
        c.disconnect();
    }
}

function exited(child: ChildProcess): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((r) => child.once("exit", (code) => r(code)));
}

async function startOnce(port: number, dir: string): Promise<{ child: ChildProcess } | { collision: string }> {
    const child = spawn(redisBin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "no"], {
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    const gone = exited(child).then(() => "exited" as const);
    const up = waitFor(`redis-server on port ${port} to answer PING`, () => answersPing(port), { timeoutMs: 10_000 }).then(() => "up" as const);
    const r = await Promise.race([gone, up]);
    if (r === "up") return { child };
    return { collision: out };
}

export async function startRedis(): Promise<TestRedis> {
    const dir = await mkdtemp(path.join(tmpdir(), "gameops-redis-"));
    let lastOutput = "";
    for (let attempt = 0; attempt < 5; attempt++) {
        const port = await freePort();
        const r = await startOnce(port, dir);
        if ("child" in r) {
            let child = r.child;
            const kill = async () => {
                if (child.exitCode === null && child.signalCode === null) {
                    child.kill("SIGKILL");
                    await exited(child);
                }
            };
            return {
                url: `redis://127.0.0.1:${port}/0`,
                port,
                pid: () => child.pid,
                pause: kill,
                resume: async () => {
                    const again = await startOnce(port, dir);
                    if (!("child" in again)) throw new Error(`redis-server could not restart on port ${port}:\n${again.collision}`);
                    child = again.child;
                },
                stop: async () => {
                    await kill();
                    await rm(dir, { recursive: true, force: true });
                },
            };
        }
        lastOutput = r.collision;
    }
    await rm(dir, { recursive: true, force: true });
    throw new Error(`redis-server did not start after 5 ports; last output:\n${lastOutput}`);
}

export interface SuiteRedis {
    /** The suite's redis-server (set once the before hook ran). */
    readonly server: TestRedis;
    /** A client to it that survives outages the suite causes on purpose. */
    readonly client: Redis;
}

/** Registers before/after hooks on the enclosing describe: a private redis-server and one client. */
export function redisPerSuite(): SuiteRedis {
    const suite = {} as { server: TestRedis; client: Redis };
    before(async () => {
        suite.server = await startRedis();
        suite.client = new Redis(suite.server.url);
        suite.client.on("error", () => undefined);
    });
    after(async () => {
        suite.client.disconnect();
        await suite.server.stop();
    });
    return suite;
}
