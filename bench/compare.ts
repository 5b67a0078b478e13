// npm run bench [-- --quick] [--runs 3] [--seconds 8] [--idle 10000] [--think-ms 500] [--settle-ms 500]
//                 [--reference ws://HOST:PORT/ --reference-pids PID,PID] [--baseline DIR] [--only idle|PHASE]
//                 [--profile DIR]
// Cost per player (issue 14 part 2): our services (compiled, gateway + room server + redis) against
// colyseus 0.16 and a raw-ws relay, and ours in direct mode (ours-direct: the same three processes,
// bots sign in at the gateway with ?direct=1 and play on the room server's own port with its
// RoomTicket, services/direct-rooms.md), one driver and one run, every phase interleaved (run r starts
// with side r), medians of the runs. Prints each side's numbers, the ratios ours/colyseus, ours/raw-ws,
// ours/ours-direct and ours-direct/colyseus (and ours/reference when given), the machine's load
// during each phase, and the targets.
// The Go reference is not built by the bench: `bash bench/go-reference.sh start <checkout>` builds
// and starts it from a checkout of its own and prints its URL and pids to pass; it speaks the client
// protocol, so the wire adapter drives it.
// --baseline DIR adds our services from another build (e.g. an older commit compiled into
// dist/base: README, Benchmarks) as the side "ours@base", to measure a change in the same run.
// --only idle measures the idle connections alone (ours, raw-ws, the baseline): minutes, not fifteen;
// --only closed100|closed1000|game1000|game100 runs that phase alone (no idle connections).
// --profile DIR: every side's Node servers (our gateway and room server, colyseus, raw-ws) write V8 CPU
// profiles of the measured windows there.
import path from "node:path";
import { parseArgs } from "node:util";
import { jwtKey } from "../lib/services/cluster";
import { wireBots } from "./compare-bots";
import { closedLoop, idleConnections, realGame, type IdleSample, type Sample } from "./compare-phases";
import { type Side, startColyseus, startDirect, startOurs, startRelay } from "./compare-sides";
import { med, median, ratioLine, sampleRow, targetLines, type PhaseResult } from "./compare-report";

const { values } = parseArgs({
    options: {
        quick: { type: "boolean", default: false },
        runs: { type: "string" },
        seconds: { type: "string" },
        idle: { type: "string" },
        "think-ms": { type: "string", default: "500" },
        "settle-ms": { type: "string", default: "500" },
        reference: { type: "string" },
        "reference-pids": { type: "string", default: "" },
        "reference-jwt-key": { type: "string", default: jwtKey },
        baseline: { type: "string" },
        only: { type: "string" },
        profile: { type: "string" },
    },
});
const phaseKeys = ["closed100", "closed1000", "game1000", "game100"];
if (values.only !== undefined && values.only !== "idle" && !phaseKeys.includes(values.only)) {
    process.stderr.write(
        `bench: --only takes "idle" (the idle connections alone) or one phase (${phaseKeys.join(", ")}), not ${JSON.stringify(values.only)}\n`,
    );
    process.exit(2);
}
const idleOnly = values.only === "idle";
const onlyPhase = values.only !== undefined && !idleOnly ? values.only : undefined;
const profileDir = values.profile === undefined ? undefined : path.resolve(values.profile);
const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const windowMs = Number(values.seconds ?? (quick ? 4 : 8)) * 1000;
const idleCount = Number(values.idle ?? (quick ? 2000 : 10_000));
const thinkMs = Number(values["think-ms"]);
const timings = { roundMs: 30_000, settleMs: Number(values["settle-ms"]) };

const out = (line = "") => process.stdout.write(`${line}\n`);

function referenceSide(): Side | undefined {
    if (values.reference === undefined) return undefined;
    const pids = values["reference-pids"].split(",").filter(Boolean).map(Number);
    return {
        name: "reference",
        bots: wireBots(values.reference, values["reference-jwt-key"]),
        pids: () => pids,
        edgePid: pids[0],
        stop: async () => undefined,
    };
}

/** Runs `body` for every run and side, side order rotated per run, and keeps each side's samples. */
async function interleaved<S extends { name: string }, T>(
    name: string,
    sides: S[],
    body: (side: S, tag: number) => Promise<T | undefined>,
): Promise<Map<string, T[]>> {
    const bySide = new Map<string, T[]>(sides.map((s) => [s.name, []]));
    for (let run = 0; run < runs; run++) {
        for (let k = 0; k < sides.length; k++) {
            const i = (k + run) % sides.length;
            const side = sides[i]!;
            const t0 = performance.now();
            const v = await body(side, run * 10 + i);
            if (v !== undefined) bySide.get(side.name)!.push(v);
            process.stderr.write(`  ${name}: run ${run + 1}/${runs} ${side.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
        }
    }
    return bySide;
}

async function main(): Promise<void> {
    const sides: Side[] = [];
    const stopAll = () => Promise.all(sides.map((s) => s.stop().catch(() => undefined)));
    const baseline = values.baseline === undefined ? undefined : path.resolve(values.baseline);
    // Idle connections first, each run on freshly started processes: RSS never shrinks, so a process
    // that already held clients would hide what the next ones cost. colyseus has no idle connection.
    const fresh: Array<{ name: string; start: () => Promise<Side> }> = [
        { name: "ours", start: () => startOurs(timings) },
        { name: "raw-ws", start: () => startRelay(timings) },
        ...(baseline === undefined ? [] : [{ name: "ours@base", start: () => startOurs(timings, "ours@base", baseline) }]),
    ];
    try {
        const idle = await interleaved(`idle ${idleCount}`, onlyPhase === undefined ? fresh : [], async (f) => {
            const side = await f.start();
            try {
                return await idleConnections(side, idleCount);
            } finally {
                await side.stop();
            }
        });
        if (!idleOnly)
            sides.push(
                await startOurs(timings, "ours", true, profileDir),
                await startColyseus(timings, profileDir),
                await startRelay(timings, profileDir),
                await startDirect(timings),
            );
        if (baseline !== undefined && !idleOnly) sides.push(await startOurs(timings, "ours@base", baseline));
        const ref = referenceSide();
        if (ref !== undefined) {
            sides.push(ref);
            // One phase alone measures that phase only (the idle connections are a phase too).
            if (onlyPhase === undefined) idle.set(ref.name, [(await idleConnections(ref, idleCount))!]);
        }
        const names = idleOnly ? [...idle.keys()] : sides.map((s) => s.name);
        out(`bench: ${runs} run(s), ${windowMs / 1000} s windows, sides ${names.join(", ")}, ${new Date().toISOString()}`);
        if (!idleOnly) {
            out(
                `game: round ${timings.roundMs} ms, settle ${timings.settleMs} ms, shake 0-${thinkMs} ms after a round starts; closed loop: Print (colyseus: "print")`,
            );
            out(
                "per side: msgs/s (bots' in + out), p50/p99 ms (closed loop: request->reply; game: shake->own answer), server CPU ms per 1k msgs, server RSS MB",
            );
        }
        const results: PhaseResult[] = [];
        const phases: Array<{ name: string; key: string; run: (side: Side, tag: number) => Promise<Sample> }> = [
            { name: "closed loop, 100 bots", key: "closed100", run: (s, tag) => closedLoop(s, 100, windowMs, 1000 + tag) },
            { name: "closed loop, 1,000 bots", key: "closed1000", run: (s, tag) => closedLoop(s, 1000, windowMs, 2000 + tag) },
            { name: "real game, 1,000 bots", key: "game1000", run: (s, tag) => realGame(s, 1000, windowMs, thinkMs, 3000 + tag) },
            { name: "real game, 100 bots", key: "game100", run: (s, tag) => realGame(s, 100, windowMs, thinkMs, 4000 + tag) },
        ];
        if (quick && onlyPhase === undefined) phases.pop();
        if (idleOnly) phases.length = 0;
        if (onlyPhase !== undefined) phases.splice(0, phases.length, ...phases.filter((p) => p.key === onlyPhase));
        for (const phase of phases) {
            const bySide = await interleaved(phase.name, sides, phase.run);
            const medians = new Map([...bySide].map(([name, samples]) => [name, median(samples)]));
            results.push({ key: phase.key, medians });
            out();
            out(`${phase.name}`);
            for (const [name, m] of medians) out(sampleRow(name, m));
            for (const other of sides.slice(1)) out(ratioLine("ours", other.name, medians));
            if (medians.has("ours-direct")) out(ratioLine("ours-direct", "colyseus", medians));
            const all = [...bySide.values()].flat();
            out(
                `  machine load: loadavg(1m) ${Math.min(...all.map((s) => s.load1)).toFixed(2)}-${Math.max(...all.map((s) => s.load1)).toFixed(2)}, cores busy outside the bench ${Math.min(...all.map((s) => s.othersCores)).toFixed(2)}-${Math.max(...all.map((s) => s.othersCores)).toFixed(2)}`,
            );
        }
        if (idle.size > 0 && [...idle.values()].some((xs) => xs.length > 0)) printIdle(idle);
        out();
        for (const line of targetLines(results, idle.get("ours") ?? [], idleCount)) out(line);
    } finally {
        await stopAll();
    }
}

function printIdle(idle: Map<string, IdleSample[]>): void {
    out();
    out(`idle authenticated connections, ${idleCount} (RSS of the process holding them)`);
    out("  colyseus   n/a (a colyseus connection exists only inside a room)");
    for (const [name, samples] of idle) {
        const m = (f: (s: IdleSample) => number) => med(samples.map(f));
        out(
            `  ${name.padEnd(10)} RSS ${m((s) => s.rssMb).toFixed(0)} MB (${m((s) => s.baseMb).toFixed(0)} MB at boot, ${m((s) => s.perConnKb).toFixed(1)} KB per connection), loadavg(1m) ${m((s) => s.load1).toFixed(2)}`,
        );
    }
    const ours = idle.get("ours") ?? [];
    const relay = idle.get("raw-ws") ?? [];
    const rss = (xs: IdleSample[]) => med(xs.map((s) => s.rssMb));
    if (ours.length > 0 && relay.length > 0) out(`  ratio ours/raw-ws RSS ${(rss(ours) / rss(relay)).toFixed(2)}`);
}

const hardDeadline = setTimeout(() => {
    process.stderr.write("bench: did not finish within 30 minutes; stopping\n");
    process.exit(1);
}, 30 * 60_000);
hardDeadline.unref();
main().then(
    () => process.exit(0),
    (err: Error) => {
        process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
        process.exit(1);
    },
);
