// Resident memory of a process, from /proc (Linux; the drills run real processes on this machine).
import { readFile } from "node:fs/promises";

/** VmRSS of `pid` in bytes. */
async function rssBytes(pid: number): Promise<number> {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (m === null) throw new Error(`/proc/${pid}/status has no VmRSS line`);
    return Number(m[1]) * 1024;
}

/** Samples the RSS of `pid` every `intervalMs` until stop(); `over` fires once the growth passes `limitBytes`. */
export class RssWatch {
    readonly base: number;
    max: number;
    private timer: NodeJS.Timeout | undefined;
    private readonly exceeded: Promise<never>;

    private constructor(
        private readonly pid: number,
        base: number,
        limitBytes: number,
        intervalMs: number,
    ) {
        this.base = base;
        this.max = base;
        const t0 = Date.now();
        this.exceeded = new Promise<never>((_, reject) => {
            this.timer = setInterval(() => {
                void rssBytes(this.pid).then(
                    (rss) => {
                        this.max = Math.max(this.max, rss);
                        if (rss - this.base > limitBytes) {
                            this.stop();
                            reject(
                                new Error(
                                    `RSS of pid ${this.pid} grew by ${mb(rss - this.base)} (from ${mb(this.base)} to ${mb(rss)}), over the bound of ${mb(limitBytes)}, ${Date.now() - t0} ms after the watch started`,
                                ),
                            );
                        }
                    },
                    () => undefined, // the process is gone; whoever waits on it reports that
                );
            }, intervalMs);
        });
        this.exceeded.catch(() => undefined);
    }

    static async start(pid: number, limitBytes: number, intervalMs = 100): Promise<RssWatch> {
        return new RssWatch(pid, await rssBytes(pid), limitBytes, intervalMs);
    }

    /** Rejects as soon as the growth passed the limit (race it against what the drill waits for). */
    get overLimit(): Promise<never> {
        return this.exceeded;
    }

    get growth(): number {
        return this.max - this.base;
    }

    stop(): void {
        clearInterval(this.timer);
    }
}

export function mb(bytes: number): string {
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
