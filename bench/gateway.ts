// npm run bench:gateway [-- --players 1000 --rooms 250 --seconds 10 --think-ms 500 --settle-ms 500]
// Shake→reply round trip and messages/s of bots playing through gateway + room server, against a
// bare `ws` echo server at the same per-client message rate, all on 127.0.0.1 in one run. A
// script, not a test: it prints numbers and the p99 ratio (target: within 1.5x of raw echo).
import { parseArgs } from "node:util";
import { AutoPlayer } from "../services/bot/auto";
import { BotPlayer } from "../services/bot/player";
import { summarize } from "../services/bot/stats";
import { mintToken } from "../services/bot/token";
import { Cluster, JWT_KEY } from "../test/services/drills/cluster";
import { spawnService } from "../test/services/harness/process";
import { waitFor } from "../test/services/harness/wait";
import { runEchoClients } from "./echo-clients";

const { values } = parseArgs({
  options: {
    players: { type: "string", default: "1000" },
    rooms: { type: "string", default: "250" },
    seconds: { type: "string", default: "10" },
    "think-ms": { type: "string", default: "500" },
    "settle-ms": { type: "string", default: "500" },
  },
});
const PLAYERS = Number(values.players);
const ROOMS = Number(values.rooms);
const DURATION_MS = Number(values.seconds) * 1000;
/** Players shake a random 0..THINK_MS after DiceStart, so rooms do not all move in lockstep. */
const THINK_MS = Number(values["think-ms"]);
/** The room server's idle time between rounds (SETTLE_MS); with THINK_MS it sets the load. */
const SETTLE_MS = values["settle-ms"];
/** The whole run stops by itself after this, finished or not. */
const HARD_DEADLINE_MS = DURATION_MS * 2 + 120_000;

interface Phase {
  p50: number;
  p90: number;
  p99: number;
  samples: number;
  msgsPerSec: number;
}

async function gatewayPhase(cluster: Cluster): Promise<{ phase: Phase; thinkMs: number }> {
  const url = cluster.gateways[0]!.url;
  const autos: AutoPlayer[] = [];
  for (let i = 0; i < PLAYERS; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, PLAYERS - i) }, async (_, j) => {
        const id = 1_000_000n + BigInt(i + j);
        const p = new BotPlayer({ url, userId: id, token: await mintToken(id, JWT_KEY) });
        await p.opened(30_000);
        return new AutoPlayer(p, { roomId: `bench-${(i + j) % ROOMS}`, rounds: Number.MAX_SAFE_INTEGER, thinkMs: () => Math.random() * THINK_MS });
      }),
    );
    autos.push(...batch);
  }
  let messages = 0;
  for (const a of autos) a.player.on("frame", () => messages++);
  for (const a of autos) a.start();
  await Promise.all(autos.map((a) => a.player.next("user", (u) => u.id === a.player.userId, 30_000)));
  // Measure the steady state only: every room has settled a round since everyone sat down (so
  // no sit-down probe is still in flight), then the counters start from zero.
  await Promise.all(autos.map((a) => a.player.next("settlement", () => true, 60_000)));
  for (const a of autos) a.stats.latenciesMs.length = 0;
  messages = 0;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_MS));
  const elapsed = performance.now() - t0;
  const latencies = autos.flatMap((a) => a.stats.latenciesMs);
  const shakes = latencies.length;
  await Promise.all(autos.map((a) => a.player.close()));
  const s = summarize(latencies);
  // Each shake is one client→server message; everything else counted arrived at the bots.
  const msgsPerSec = ((messages + shakes) * 1000) / elapsed;
  const perPlayerIntervalMs = shakes > 0 ? (elapsed * PLAYERS) / shakes : 1000;
  return { phase: { p50: s.p50, p90: s.p90, p99: s.p99, samples: s.count, msgsPerSec }, thinkMs: perPlayerIntervalMs };
}

async function echoPhase(thinkMs: number): Promise<Phase> {
  const echo = spawnService({ entry: "bench/echo-server.ts", env: {} });
  try {
    const port = await waitFor("echo server port", () => {
      const l = echo.logs.find((x): x is string => typeof x === "string" && x.startsWith("listening "));
      return l === undefined ? undefined : Number(l.split(" ")[1]);
    }, { timeoutMs: 20_000 });
    const run = await runEchoClients(`ws://127.0.0.1:${port}/`, PLAYERS, thinkMs, DURATION_MS);
    const s = summarize(run.latenciesMs);
    return { p50: s.p50, p90: s.p90, p99: s.p99, samples: s.count, msgsPerSec: (run.messages * 1000) / DURATION_MS };
  } finally {
    echo.signal("SIGTERM");
    await echo.exited;
  }
}

function row(name: string, p: Phase): string {
  return `${name.padEnd(22)} p50 ${p.p50.toFixed(2).padStart(8)} ms   p90 ${p.p90.toFixed(2).padStart(8)} ms   p99 ${p.p99.toFixed(2).padStart(8)} ms   ${Math.round(p.msgsPerSec).toString().padStart(8)} msg/s   (${p.samples} round trips)`;
}

async function main(): Promise<number> {
  const cluster = await Cluster.start();
  try {
    // Rounds end as soon as the 4 players of a room have shaken; a short settle keeps them coming.
    await cluster.addRoom("bench-room-0", "a", { LOG_LEVEL: "warn", GAME_ENV: "prod", ROUND_MS: "30000", SETTLE_MS });
    await cluster.addGateway({ LOG_LEVEL: "warn" });
    process.stdout.write(
      `bench: ${PLAYERS} players in ${ROOMS} rooms, think 0-${THINK_MS} ms, settle ${SETTLE_MS} ms, ${DURATION_MS / 1000}s per phase, 127.0.0.1\n`,
    );
    const gw = await gatewayPhase(cluster);
    const echo = await echoPhase(gw.thinkMs);
    const ratio = gw.phase.p99 / echo.p99;
    process.stdout.write(
      [
        row("gateway + room server", gw.phase),
        row("raw ws echo", echo),
        `per-client pace ${gw.thinkMs.toFixed(0)} ms between shakes (the echo clients use the same)`,
        `p99 ratio gateway/echo: ${ratio.toFixed(2)}x (target <= 1.5x) ${ratio <= 1.5 ? "OK" : "ABOVE TARGET"}`,
        "",
      ].join("\n"),
    );
    return 0;
  } finally {
    await cluster.stop();
  }
}

const deadline = setTimeout(() => {
  process.stderr.write(`bench: did not finish within ${HARD_DEADLINE_MS} ms; stopping\n`);
  process.exit(1);
}, HARD_DEADLINE_MS);
deadline.unref();
main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
