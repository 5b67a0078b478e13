// Whether this process can use Redis right now: a PING every `intervalMs`, each given `timeoutMs`.
// The connection's own status is not enough: a Redis that hangs (frozen, partitioned) leaves
// ioredis "ready" while every command waits, and readiness must say what the service can do.

/** The one command the probe sends (an ioredis client has it). */
export interface Pingable {
    ping(): Promise<unknown>;
}

export interface RedisProbeOptions {
    intervalMs?: number;
    timeoutMs?: number;
    /** Called with the first result and on every change after it. */
    onChange?(up: boolean, detail: string): void;
}

export class RedisProbe {
    /** undefined until the first PING settled. */
    private state: boolean | undefined;
    private timer: NodeJS.Timeout | undefined;
    private inFlight = false;

    constructor(
        private readonly redis: Pingable,
        private readonly opts: RedisProbeOptions = {},
    ) {}

    /** Down until the first PING answered. */
    get up(): boolean {
        return this.state === true;
    }

    start(): void {
        void this.probe();
        this.timer = setInterval(() => void this.probe(), this.opts.intervalMs ?? 1000);
        this.timer.unref();
    }

    stop(): void {
        clearInterval(this.timer);
    }

    private async probe(): Promise<void> {
        // A PING still waiting is answered by its own timeout; a second one would only queue behind it.
        if (this.inFlight) return;
        this.inFlight = true;
        const timeoutMs = this.opts.timeoutMs ?? 1000;
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no PONG within ${timeoutMs} ms`), timeoutMs)));
        const answer = this.redis.ping().then(
            () => "",
            (err: Error) => err.message,
        );
        const problem = await Promise.race([answer, late]);
        clearTimeout(timer);
        this.inFlight = false;
        this.set(problem === "", problem);
    }

    private set(up: boolean, detail: string): void {
        if (up === this.state) return;
        this.state = up;
        this.opts.onChange?.(up, detail);
    }
}
