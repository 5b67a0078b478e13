// npm run dev: a local game backend on 127.0.0.1 — redis-server on a free port, a routing file in a
// temp dir, one gateway (port 60006 unless taken) and two room servers (groups a and b).
// Ctrl-C stops everything (room servers drain first; a second Ctrl-C dissolves their rooms).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startRedis } from "../test/services/harness/redis";
import { freePort } from "../test/services/harness/ports";
import { waitFor } from "../test/services/harness/wait";

const ROOT = path.resolve(__dirname, "..");
const JWT_KEY = "ZGVmYXVsdF9rZXk=";

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

/** Starts `node --import tsx <entry>` with its output prefixed by its name. */
function start(name: string, entry: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (stream: NodeJS.WritableStream) => (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim() !== "") stream.write(`[${name}] ${line}\n`);
  };
  proc.stdout?.on("data", prefix(process.stdout));
  proc.stderr?.on("data", prefix(process.stderr));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { name, proc, exited };
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
  const redis = await startRedis();
  const dir = await mkdtemp(path.join(tmpdir(), "gameops-dev-"));
  const routingFile = path.join(dir, "routing.json");
  await writeFile(routingFile, `${JSON.stringify({ activeGroup: "a" }, null, 2)}\n`);
  const gatewayPort = (await portIsFree(60006)) ? 60006 : await freePort();
  const common = { REDIS_URL: redis.url, GAME_ENV: "dev", LOG_LEVEL: process.env.LOG_LEVEL ?? "info" };

  const children: Child[] = [];
  const waits: Promise<void>[] = [];
  for (const group of ["a", "b"]) {
    const grpcPort = await freePort();
    const adminPort = await freePort();
    const room = start(`room-${group}`, "services/room/main.ts", {
      ...common,
      ADMIN_PORT: String(adminPort),
      ROOM_GRPC_PORT: String(grpcPort),
      SERVER_ID: `room-${group}-0`,
      ADVERTISE_ADDR: `127.0.0.1:${grpcPort}`,
      ROOM_GROUP: group,
      ROOM_VERSION: "dev",
      DRAIN_SECONDS: "10",
    });
    children.push(room);
    waits.push(ready(room, adminPort));
  }
  const gwAdmin = await freePort();
  const gateway = start("gateway", "services/gateway/main.ts", {
    ...common,
    ADMIN_PORT: String(gwAdmin),
    GATEWAY_PORT: String(gatewayPort),
    JWT_KEY,
    ROUTING_FILE: routingFile,
    STOP_SECONDS: "5",
  });
  children.push(gateway);
  waits.push(ready(gateway, gwAdmin));

  let stopping = 0;
  const stop = async (): Promise<void> => {
    stopping++;
    if (stopping > 2) return;
    if (stopping === 2) {
      process.stdout.write("\nsecond Ctrl-C: room servers dissolve their rooms now\n");
      for (const c of children) c.proc.kill("SIGTERM");
      return;
    }
    process.stdout.write("\nstopping (room servers drain; Ctrl-C again to dissolve rooms now)\n");
    for (const c of children) c.proc.kill("SIGTERM");
    await Promise.all(children.map((c) => c.exited));
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  };
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
      `  JWT_KEY       ${JWT_KEY} (the reference's example key, dev only)`,
      "",
      "play with bots:",
      `  npm run bot -- --url ws://127.0.0.1:${gatewayPort} --players 8 --rooms 2 --rounds 3 --jwt-key ${JWT_KEY}`,
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
