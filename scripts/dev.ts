// npm run dev: a local game backend on 127.0.0.1 — redis-server on a free port, a routing file in a
// temp dir, one gateway (port 60006 unless taken) and two room servers (groups a and b), each with
// its direct player port, so `npm run bot -- ... --direct` plays the direct mode (services/direct-rooms.md).
// Ctrl-C stops everything (room servers drain first; a second Ctrl-C dissolves their rooms).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../lib/services/ports";
import { answersPing } from "../lib/services/redis";
import { waitFor } from "../lib/services/wait";

const root = path.resolve(__dirname, "..");
const jwtKey = "ZGVmYXVsdF9rZXk=";
/** The seat-ticket key the gateway signs with and the room servers check (dev only). */
const ticketKey = Buffer.from("gameops-dev-seat-ticket-key-0123").toString("base64");

interface Child {
    name: string;
    proc: ChildProcess;
    exited: Promise<number | null>;
}

function portIsFree(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.once("error", () => resolve(false));
        srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
}

/**
 * Starts a child with its output prefixed by its name, in its own process group: Ctrl-C reaches
 * only this script, which then stops the children in order (redis last, after the room servers
 * have flushed their results).
 */
function startChild(name: string, cmd: string, args: string[], env: Record<string, string>): Child {
    const proc = spawn(cmd, args, {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    const prefix = (stream: NodeJS.WritableStream) => (d: Buffer) => {
        for (const line of d.toString().split("\n")) if (line.trim() !== "") stream.write(`[${name}] ${line}\n`);
    };
    proc.stdout?.on("data", prefix(process.stdout));
    proc.stderr?.on("data", prefix(process.stderr));
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    return { name, proc, exited };
}

function start(name: string, entry: string, env: Record<string, string>): Child {
    return startChild(name, process.execPath, ["--import", "tsx", path.join(root, entry)], env);
}

async function startRedis(dir: string): Promise<{ url: string; child: Child }> {
    const port = await freePort();
    const child = startChild(
        "redis",
        "/usr/bin/redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
        {},
    );
    const url = `redis://127.0.0.1:${port}/0`;
    await waitFor("redis-server to answer PING", () => answersPing(port));
    return { url, child };
}

async function ready(child: Child, adminPort: number): Promise<void> {
    const gone = child.exited.then((code) => {
        throw new Error(`${child.name} exited with code ${code} before it was ready`);
    });
    const up = waitFor(`${child.name} /readyz`, async () => (await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status === 200, {
        timeoutMs: 30_000,
    });
    await Promise.race([up, gone]);
    gone.catch(() => undefined);
}

async function main(): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), "gameops-dev-"));
    const redis = await startRedis(dir);
    const routingFile = path.join(dir, "routing.json");
    await writeFile(routingFile, `${JSON.stringify({ activeGroup: "a" }, null, 2)}\n`);
    const gatewayPort = (await portIsFree(60006)) ? 60006 : await freePort();
    const common = { REDIS_URL: redis.url, GAME_ENV: "dev", LOG_LEVEL: process.env.LOG_LEVEL ?? "info" };

    const children: Child[] = [];
    const waits: Promise<void>[] = [];
    for (const group of ["a", "b"]) {
        const grpcPort = await freePort();
        const adminPort = await freePort();
        const wsPort = await freePort();
        const room = start(`room-${group}`, "services/room/main.ts", {
            ...common,
            ADMIN_PORT: String(adminPort),
            ROOM_GRPC_PORT: String(grpcPort),
            SERVER_ID: `room-${group}-0`,
            ADVERTISE_ADDR: `127.0.0.1:${grpcPort}`,
            ROOM_GROUP: group,
            ROOM_VERSION: "dev",
            DRAIN_SECONDS: "10",
            ROOM_WS_PORT: String(wsPort),
            ROOM_TICKET_KEY: ticketKey,
            ADVERTISE_WS_URL: `ws://127.0.0.1:${wsPort}/`,
        });
        children.push(room);
        waits.push(ready(room, adminPort));
    }
    const gwAdmin = await freePort();
    const gateway = start("gateway", "services/gateway/main.ts", {
        ...common,
        ADMIN_PORT: String(gwAdmin),
        GATEWAY_PORT: String(gatewayPort),
        JWT_KEY: jwtKey,
        ROOM_TICKET_KEY: ticketKey,
        ROUTING_FILE: routingFile,
        STOP_SECONDS: "5",
    });
    children.push(gateway);
    waits.push(ready(gateway, gwAdmin));

    const rooms = children.filter((c) => c.name.startsWith("room-"));
    let stopping = 0;
    let firstSignalAt = 0;
    const stop = async (): Promise<void> => {
        // `npm run` → tsx relays the terminal's SIGINT to this process, which also gets it from the
        // process group: one Ctrl-C arrives twice within milliseconds.
        if (stopping > 0 && Date.now() - firstSignalAt < 500) return;
        stopping++;
        if (stopping > 2) return;
        if (stopping === 2) {
            process.stdout.write("\nsecond Ctrl-C: room servers dissolve their rooms now\n");
            for (const c of rooms) c.proc.kill("SIGTERM");
            return;
        }
        firstSignalAt = Date.now();
        process.stdout.write("\nstopping: room servers drain (games finish their round); Ctrl-C again to dissolve rooms now\n");
        // Rooms first, with the gateway still up so players get their last round and the notices.
        for (const c of rooms) c.proc.kill("SIGTERM");
        await Promise.all(rooms.map((c) => c.exited));
        gateway.proc.kill("SIGTERM");
        await gateway.exited;
        redis.child.proc.kill("SIGTERM");
        await redis.child.exited;
        await rm(dir, { recursive: true, force: true });
        process.exit(0);
    };
    // Children run in their own process groups; whatever happens to this script, they go with it.
    process.on("exit", () => {
        for (const c of [...children, redis.child]) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
    });
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());

    try {
        await Promise.all(waits);
    } catch (err) {
        process.stderr.write(`dev: ${(err as Error).message}\n`);
        await stop();
        return;
    }
    process.stdout.write(
        [
            "",
            "gameops dev backend is up:",
            `  gateway       ws://127.0.0.1:${gatewayPort}/   (admin http://127.0.0.1:${gwAdmin}/metrics)`,
            `  redis         ${redis.url}`,
            `  routing file  ${routingFile}   (edit activeGroup to a or b; applied without restart)`,
            `  JWT_KEY       ${jwtKey} (the reference's example key, dev only)`,
            "",
            "play with bots:",
            `  npm run bot -- --url ws://127.0.0.1:${gatewayPort} --players 8 --rooms 2 --rounds 3 --jwt-key ${jwtKey}`,
            "  (add --direct to play on the room servers' own ports with the gateway's tickets)",
            "",
            "Ctrl-C stops everything.",
            "",
        ].join("\n"),
    );
}

void main().catch((err: Error) => {
    process.stderr.write(`dev: ${err.stack ?? err.message}\n`);
    process.exit(1);
});
