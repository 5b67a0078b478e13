// Event-loop delay and GC time of the gateway and the room server over one bench phase, read from
// their own /metrics (prom-client default metrics): shows whether a service's loop stalled, not
// just how busy its CPU was. prom-client resets its event-loop histogram at every scrape, so a
// scrape at the start of the phase and one at the end cover exactly the phase.

/** prom-client's default event-loop sampling period; its histogram holds the time between samples. */
const promLoopResolutionMs = 10;

interface Scrape {
    at: number;
    gcSeconds: number;
    loopP99Ms: number;
    loopMaxMs: number;
}

async function scrape(port: number): Promise<Scrape | undefined> {
    try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
        const text = await res.text();
        let gc = 0;
        let p99 = Number.NaN;
        let max = Number.NaN;
        for (const line of text.split("\n")) {
            if (line.startsWith("nodejs_gc_duration_seconds_sum")) gc += Number(line.slice(line.lastIndexOf(" ") + 1));
            else if (line.startsWith("nodejs_eventloop_lag_p99_seconds ")) p99 = Number(line.split(" ")[1]);
            else if (line.startsWith("nodejs_eventloop_lag_max_seconds ")) max = Number(line.split(" ")[1]);
        }
        const ms = (s: number) => Math.max(0, s * 1000 - promLoopResolutionMs);
        return { at: performance.now(), gcSeconds: gc, loopP99Ms: ms(p99), loopMaxMs: ms(max) };
    } catch {
        return undefined;
    }
}

export class ServiceLoops {
    private start = new Map<string, Scrape | undefined>();

    constructor(private readonly adminPorts: Record<string, number>) {}

    async begin(): Promise<void> {
        for (const [name, port] of Object.entries(this.adminPorts)) this.start.set(name, await scrape(port));
    }

    /** e.g. "gateway loop delay p99 1.2 ms, max 9.0 ms, GC 4.1 ms/s; room …". */
    async end(): Promise<string> {
        const parts: string[] = [];
        for (const [name, port] of Object.entries(this.adminPorts)) {
            const a = this.start.get(name);
            const b = await scrape(port);
            if (a === undefined || b === undefined) {
                parts.push(`${name}: /metrics not readable`);
                continue;
            }
            const gcMsPerSec = ((b.gcSeconds - a.gcSeconds) * 1e6) / (b.at - a.at);
            parts.push(`${name} loop delay p99 ${b.loopP99Ms.toFixed(1)} ms, max ${b.loopMaxMs.toFixed(1)} ms, GC ${gcMsPerSec.toFixed(1)} ms/s`);
        }
        return parts.join("; ");
    }
}
