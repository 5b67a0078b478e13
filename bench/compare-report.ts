// Medians, ratios and the issue's targets for `npm run bench` (bench/compare.ts).
import type { IdleSample, Sample } from "./compare-phases";

export interface PhaseResult {
    key: string;
    /** Median sample per side name. */
    medians: Map<string, Sample>;
}

const fields = ["msgsPerSec", "p50", "p99", "cpuPer1k", "rssMb"] as const;

export function med(xs: number[]): number {
    const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    if (s.length === 0) return Number.NaN;
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Field by field (a median sample is not one of the runs). */
export function median(samples: Sample[]): Sample {
    return {
        msgsPerSec: med(samples.map((s) => s.msgsPerSec)),
        p50: med(samples.map((s) => s.p50)),
        p99: med(samples.map((s) => s.p99)),
        cpuPer1k: med(samples.map((s) => s.cpuPer1k)),
        rssMb: med(samples.map((s) => s.rssMb)),
        load1: med(samples.map((s) => s.load1)),
        othersCores: med(samples.map((s) => s.othersCores)),
        serverCores: med(samples.map((s) => s.serverCores)),
        driverCores: med(samples.map((s) => s.driverCores)),
        driverLagP99: med(samples.map((s) => s.driverLagP99)),
        processCores: (samples[0]?.processCores ?? []).map((_, i) => med(samples.map((s) => s.processCores[i] ?? 0))),
    };
}

export function sampleRow(name: string, s: Sample): string {
    return `  ${name.padEnd(10)} ${s.msgsPerSec.toFixed(0).padStart(7)} msgs/s   p50 ${s.p50.toFixed(2).padStart(6)}   p99 ${s.p99.toFixed(2).padStart(7)}   CPU ${s.cpuPer1k.toFixed(1).padStart(6)} ms/1k msgs   RSS ${s.rssMb.toFixed(0).padStart(4)} MB   cores: server ${s.serverCores.toFixed(2)}${s.processCores.length > 1 ? ` (${s.processCores.map((c) => c.toFixed(2)).join(" + ")})` : ""}, driver ${s.driverCores.toFixed(2)} (loop delay p99 ${s.driverLagP99.toFixed(1)} ms)`;
}

function ratios(a: Sample, b: Sample): number[] {
    return fields.map((f) => a[f] / b[f]);
}

/** "ours/colyseus 0.41/2.38/1.80/3.28/2.96" in the issue's order: msgs/s, p50, p99, CPU per message, RSS. */
export function ratioLine(a: string, b: string, medians: Map<string, Sample>): string {
    const x = medians.get(a);
    const y = medians.get(b);
    if (x === undefined || y === undefined) return `  ${a}/${b}: n/a`;
    return `  ${`${a}/${b}`.padEnd(16)} msgs/s ${ratios(x, y)
        .map((r) => r.toFixed(2))
        .join(" / ")}   (msgs/s / p50 / p99 / CPU per msg / RSS)`;
}

function check(ok: boolean): string {
    return ok ? "MET" : "NOT MET";
}

/** The issue's targets, each as the ratio measured in this run. */
export function targetLines(results: PhaseResult[], oursIdle: IdleSample[], idleCount: number): string[] {
    const lines = ["targets (issue 14 part 2):"];
    const get = (key: string, side: string) => results.find((r) => r.key === key)?.medians.get(side);
    for (const key of ["closed100", "closed1000"]) {
        const o = get(key, "ours");
        const c = get(key, "colyseus");
        if (o === undefined || c === undefined) continue;
        const [tput, , p99, cpu] = ratios(o, c) as [number, number, number, number, number];
        lines.push(
            `  ${key === "closed100" ? "closed loop 100  " : "closed loop 1,000"}: throughput ours/colyseus ${tput.toFixed(2)} (>= 1.5) ${check(tput >= 1.5)}; p99 ${p99.toFixed(2)} (<= 1) ${check(p99 <= 1)}; CPU/msg ${cpu.toFixed(2)} (<= 1) ${check(cpu <= 1)}`,
        );
    }
    const o = get("game1000", "ours");
    const c = get("game1000", "colyseus");
    if (o !== undefined && c !== undefined) {
        const cpu = o.cpuPer1k / c.cpuPer1k;
        lines.push(`  real game 1,000  : CPU/msg ours/colyseus ${cpu.toFixed(2)} (<= 1.5) ${check(cpu <= 1.5)}`);
    }
    const d = get("game1000", "ours-direct");
    if (d !== undefined && c !== undefined) {
        const cpu = d.cpuPer1k / c.cpuPer1k;
        lines.push(
            `  real game 1,000  : CPU/msg ours-direct/colyseus ${cpu.toFixed(2)} (<= 1.5) ${check(cpu <= 1.5)} (the direct port: services/direct-rooms.md)`,
        );
    }
    const r = get("game1000", "reference");
    if (o !== undefined && r !== undefined) {
        const cpu = o.cpuPer1k / r.cpuPer1k;
        const p99 = o.p99 / r.p99;
        lines.push(
            `  real game 1,000  : CPU/msg ours/reference ${cpu.toFixed(2)} (<= 0.8) ${check(cpu <= 0.8)}; p99 ${p99.toFixed(2)} (<= 0.5) ${check(p99 <= 0.5)}`,
        );
    } else lines.push("  real game 1,000  : ours/reference not measured (pass --reference and --reference-pids; README, Benchmarks)");
    if (d !== undefined && r !== undefined) {
        const cpu = d.cpuPer1k / r.cpuPer1k;
        const p99 = d.p99 / r.p99;
        lines.push(
            `  real game 1,000  : CPU/msg ours-direct/reference ${cpu.toFixed(2)} (<= 0.8) ${check(cpu <= 0.8)}; p99 ${p99.toFixed(2)} (<= 0.5) ${check(p99 <= 0.5)}`,
        );
    }
    if (oursIdle.length > 0) {
        const rss = med(oursIdle.map((s) => s.rssMb));
        const per = med(oursIdle.map((s) => s.perConnKb));
        lines.push(
            `  idle ${idleCount}      : gateway RSS ${rss.toFixed(0)} MB (< 100 MB${idleCount === 10_000 ? "" : " at 10,000"}) ${check(rss < 100)}; ${per.toFixed(1)} KB per connection (<= 5) ${check(per <= 5)}`,
        );
    }
    return lines;
}
