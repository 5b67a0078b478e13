// CPU accounting for one bench phase from /proc (Linux): how busy the whole machine was, and how
// much of that the processes of the run took, so a reader sees whether bots, gateway, room and echo
// fought over the cores, and how much of the machine went to processes outside the bench.
import { readFileSync } from "node:fs";
import os from "node:os";

/** USER_HZ: the unit of /proc times; 100 on every mainstream Linux build. */
const TICKS_PER_SEC = 100;

interface Snapshot {
  at: number;
  busy: number;
  total: number;
  perPid: Map<number, number>;
}

function machine(): { busy: number; total: number } | undefined {
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

function pidTicks(pid: number): number | undefined {
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

  /** One line: machine busy (in cores) and each named process's share, plus what was left. */
  end(): string {
    const a = this.start;
    const b = this.snapshot();
    if (a === undefined || a.total === 0 || b.total === 0) return "cpu: /proc not available";
    const seconds = (b.at - a.at) / 1000;
    const cores = os.availableParallelism();
    const machineCores = ((b.busy - a.busy) / (b.total - a.total)) * cores;
    let ours = 0;
    const parts: string[] = [];
    for (const [name, pid] of Object.entries(this.pids)) {
      const t0 = a.perPid.get(pid);
      const t1 = b.perPid.get(pid);
      if (t0 === undefined || t1 === undefined) continue;
      const used = (t1 - t0) / TICKS_PER_SEC / seconds;
      ours += used;
      parts.push(`${name} ${used.toFixed(2)}`);
    }
    const rest = Math.max(0, machineCores - ours);
    return `cpu (cores busy, of ${cores}): machine ${machineCores.toFixed(2)} = ${parts.join(", ")}, everything else (redis, other users) ${rest.toFixed(2)}`;
  }

  private snapshot(): Snapshot {
    const m = machine() ?? { busy: 0, total: 0 };
    const perPid = new Map<number, number>();
    for (const pid of Object.values(this.pids)) {
      const t = pidTicks(pid);
      if (t !== undefined) perPid.set(pid, t);
    }
    return { at: performance.now(), busy: m.busy, total: m.total, perPid };
  }
}
