// Settled rounds on their way to the results stream. Appends are queued and retried with
// backoff so a Redis hiccup delays a result but never drops it; drain waits for the queue.
// Entries go in batches: a pushed entry lingers a few milliseconds for the rounds settling beside
// it, then the whole batch is appended at once (one pipelined write to Redis instead of one write
// and one read per round: the room server's biggest single cost at game pace, issue 14).
import type { ResultEntry } from "../directory";
import type { Logger } from "../shared/logger";

/** An append the directory answered with a refusal: never retried (retrying cannot change the answer). */
interface Refused {
    ok: false;
    code: string;
    reason: string;
}

export interface ResultSinkOptions<E extends ResultEntry> {
    /** Resolves once written (any value but a Refused), rejects on a failure worth retrying. */
    append(entry: E): Promise<unknown>;
    log: Logger;
    /** Called for every refused entry (dropped after a log line). */
    onRefused?(entry: E, refusal: Refused): void;
    /** First retry delay; doubles up to maxBackoffMs. */
    backoffMs?: number;
    maxBackoffMs?: number;
    onChange?(pending: number): void;
    /** How many entries are appended at once (concurrently: the Redis connection pipelines them). */
    batch?: number;
    /** How long a pushed entry waits for others before its batch goes; 0 sends at once. */
    lingerMs?: number;
}

function isRefused(v: unknown): v is Refused {
    return typeof v === "object" && v !== null && (v as { ok?: unknown }).ok === false;
}

export class ResultSink<E extends ResultEntry = ResultEntry> {
    private readonly queue: E[] = [];
    private running = false;
    private waiters: (() => void)[] = [];
    private retryTimer: NodeJS.Timeout | undefined;
    private wakeRetry: (() => void) | undefined;
    private closed = false;
    private lingerTimer: NodeJS.Timeout | undefined;
    private stopped: Promise<void> = Promise.resolve();
    /** Resolvers of push()'s promises, by entry. */
    private readonly done = new Map<E, () => void>();
    failures = 0;

    constructor(private readonly opts: ResultSinkOptions<E>) {}

    get pending(): number {
        return this.queue.length;
    }

    /**
     * Queues an entry. The promise resolves once the entry left the queue: written, or refused by the
     * directory (logged and counted). It stays pending while retries go on, and for good if the sink
     * is closed with the entry unwritten.
     */
    push(entry: E): Promise<void> {
        const left = new Promise<void>((resolve) => this.done.set(entry, resolve));
        this.queue.push(entry);
        this.opts.onChange?.(this.queue.length);
        if (this.running || this.closed || this.lingerTimer !== undefined) return left;
        const linger = this.opts.lingerMs ?? 0;
        if (linger <= 0) this.start();
        else this.lingerTimer = setTimeout(this.start, linger);
        return left;
    }

    private readonly start = (): void => {
        clearTimeout(this.lingerTimer);
        this.lingerTimer = undefined;
        if (!this.running && !this.closed && this.queue.length > 0) this.stopped = this.run();
    };

    /**
     * Stops retrying (at exit, after a flush ran out of time, when Redis is about to be closed); what
     * is still queued stays in unwritten(). Resolves once no append is running any more.
     */
    close(): Promise<void> {
        this.closed = true;
        clearTimeout(this.lingerTimer);
        this.lingerTimer = undefined;
        this.wakeRetry?.();
        return this.stopped;
    }

    /** Resolves true once everything queued so far is written, false at the deadline. */
    flush(timeoutMs: number): Promise<boolean> {
        if (this.queue.length === 0) return Promise.resolve(true);
        // Retry (and send a lingering batch) now: shutdown is when waiting costs most.
        this.wakeRetry?.();
        this.start();
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.waiters = this.waiters.filter((w) => w !== done);
                resolve(false);
            }, timeoutMs);
            const done = () => {
                clearTimeout(timer);
                resolve(true);
            };
            this.waiters.push(done);
        });
    }

    /** What is still queued (logged at exit if a flush ran out of time, so nothing vanishes silently). */
    unwritten(): readonly E[] {
        return this.queue;
    }

    private async run(): Promise<void> {
        this.running = true;
        let backoff = this.opts.backoffMs ?? 100;
        const size = Math.max(1, this.opts.batch ?? 64);
        while (this.queue.length > 0 && !this.closed) {
            const batch = this.queue.slice(0, size);
            // Issued in one turn, so the connection sends them as one pipeline.
            const answers = await Promise.allSettled(batch.map((e) => this.opts.append(e)));
            const failed: E[] = [];
            let firstError: Error | undefined;
            answers.forEach((a, i) => {
                const e = batch[i]!;
                if (a.status === "rejected") {
                    failed.push(e);
                    firstError ??= a.reason as Error;
                    return;
                }
                if (isRefused(a.value)) {
                    this.opts.log.error(
                        { room: e.room, round: e.round, id: e.id, code: a.value.code, reason: a.value.reason },
                        "result refused by the directory; dropped",
                    );
                    this.opts.onRefused?.(e, a.value);
                }
                this.done.get(e)?.();
                this.done.delete(e);
            });
            // What failed stays at the head, in order; what was written or refused leaves.
            this.queue.splice(0, batch.length, ...failed);
            this.opts.onChange?.(this.queue.length);
            if (firstError === undefined) {
                backoff = this.opts.backoffMs ?? 100;
                // A short queue lingers again for the rounds settling next (unless a flush waits).
                if ((this.opts.lingerMs ?? 0) > 0 && this.queue.length < size && this.waiters.length === 0) break;
                continue;
            }
            this.failures += 1;
            const head = failed[0]!;
            this.opts.log.warn(
                { err: firstError.message, room: head.room, round: head.round, failed: failed.length, retryInMs: backoff },
                "result append failed; retrying",
            );
            await new Promise<void>((resolve) => {
                this.wakeRetry = resolve;
                this.retryTimer = setTimeout(resolve, backoff);
            });
            clearTimeout(this.retryTimer);
            this.wakeRetry = undefined;
            backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 2000);
        }
        this.running = false;
        if (this.queue.length > 0) {
            // Closed: waiters get false at their deadline. Otherwise the rest lingers for its batch.
            if (!this.closed) this.lingerTimer = setTimeout(this.start, this.opts.lingerMs);
            return;
        }
        const w = this.waiters;
        this.waiters = [];
        for (const done of w) done();
    }
}
