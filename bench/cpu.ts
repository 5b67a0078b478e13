// CPU accounting for one bench phase from /proc (Linux): how busy the whole machine was, and how
// much of that the processes of the run took, so a reader sees whether bots, gateway, room and echo
// fought over the cores, and how much of the machine went to processes outside the bench.
import { readFileSync } from "node:fs";
import os from "node:os";

/** USER_HZ: the unit of /proc times; 100 on every mainstream Linux build. */
const ticksPerSec = 100;

interface Snapshot {
    at: number;
    busy: number;
    total: number;
    perPid: Map<number, number>;
    /** Write syscalls (write, writev, send…) per pid, from /proc/<pid>/io. */
    writes: Map<number, number>;
}

export interface CpuReport {
    line: string;
    /** Cores used by processes outside the run (other users of a shared machine, and redis). */
    othersCores: number | undefined;
    /** Write syscalls per named process during the phase. */
    writes: Record<string, number>;
}

export function machine(): { busy: number; total: number } | undefined {
    try {
        const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
        const f = line.trim().split(/\s+/).slice(1).map(Number);
        const total = f.reduce((a, b) => a + b, 0);
        const idle = (f[3] ?? 0) + (f[4] ?? 0);
        return { busy: total - idle, total };
    } catch {
        return undefined;
    }
}

function pidWrites(pid: number): number | undefined {
    try {
        const m = /^syscw:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
        return m === null ? undefined : Number(m[1]);
    } catch {
        return undefined;
    }
}

export function pidTicks(pid: number): number | undefined {
    try {
        const s = readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name may contain spaces: fields are counted after its closing parenthesis.
        const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
        return Number(f[11]) + Number(f[12]);
    } catch {
        return undefined;
    }
}

export class CpuMeter {
    private start: Snapshot | undefined;

    constructor(private readonly pids: Record<string, number>) {}

    begin(): void {
        this.start = this.snapshot();
    }

    /** Machine busy (in cores) and each named process's share, plus what was left. */
    end(): CpuReport {
        const a = this.start;
        const b = this.snapshot();
        const writes: Record<string, number> = {};
        for (const [name, pid] of Object.entries(this.pids)) {
            const w0 = a?.writes.get(pid);
            const w1 = b.writes.get(pid);
            if (w0 !== undefined && w1 !== undefined) writes[name] = w1 - w0;
        }
        if (a === undefined || a.total === 0 || b.total === 0) return { line: "cpu: /proc not available", othersCores: undefined, writes };
        const seconds = (b.at - a.at) / 1000;
        const cores = os.availableParallelism();
        const machineCores = ((b.busy - a.busy) / (b.total - a.total)) * cores;
        let ours = 0;
        const parts: string[] = [];
        for (const [name, pid] of Object.entries(this.pids)) {
            const t0 = a.perPid.get(pid);
            const t1 = b.perPid.get(pid);
            if (t0 === undefined || t1 === undefined) continue;
            const used = (t1 - t0) / ticksPerSec / seconds;
            ours += used;
            parts.push(`${name} ${used.toFixed(2)}`);
        }
        const rest = Math.max(0, machineCores - ours);
        return {
            line: `cpu (cores busy, of ${cores}): machine ${machineCores.toFixed(2)} = ${parts.join(", ")}, everything else (redis, other users) ${rest.toFixed(2)}`,
            othersCores: rest,
            writes,
        };
    }

    private snapshot(): Snapshot {
        const m = machine() ?? { busy: 0, total: 0 };
        const perPid = new Map<number, number>();
        const writes = new Map<number, number>();
        for (const pid of Object.values(this.pids)) {
            const t = pidTicks(pid);
            if (t !== undefined) perPid.set(pid, t);
            const w = pidWrites(pid);
            if (w !== undefined) writes.set(pid, w);
        }
        return { at: performance.now(), busy: m.busy, total: m.total, perPid, writes };
    }
}
