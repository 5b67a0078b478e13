import { Counter, type Registry } from "prom-client";

/** A counter bumped once per message. */
export interface HotCounter {
    inc(): void;
}

/**
 * A Prometheus counter for the per-message path: `inc()` adds to a plain number and each scrape moves
 * what accumulated into the prom-client Counter. prom-client's own inc() makes a labels object and a
 * result object every call, one of the room server's steady allocation sites under the game (heap
 * sampling, bench); the exposition is the same.
 */
export function hotCounter(registry: Registry, name: string, help: string): HotCounter {
    let pending = 0;
    new Counter({
        name,
        help,
        registers: [registry],
        collect() {
            if (pending === 0) return;
            this.inc(pending);
            pending = 0;
        },
    });
    return {
        inc: () => {
            pending++;
        },
    };
}
