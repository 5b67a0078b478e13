// Settled rounds on their way to the results stream. Appends are queued and retried with
// backoff so a Redis hiccup delays a result but never drops it; drain waits for the queue.
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
    private stopped: Promise<void> = Promise.resolve();
    failures = 0;

    constructor(private readonly opts: ResultSinkOptions<E>) {}

    get pending(): number {
        return this.queue.length;
    }

    push(entry: E): void {
        this.queue.push(entry);
        this.opts.onChange?.(this.queue.length);
        if (!this.running && !this.closed) this.stopped = this.run();
    }

    /**
     * Stops retrying (at exit, after a flush ran out of time, when Redis is about to be closed); what
     * is still queued stays in unwritten(). Resolves once no append is running any more.
     */
    close(): Promise<void> {
        this.closed = true;
        this.wakeRetry?.();
        return this.stopped;
    }

    /** Resolves true once everything queued so far is written, false at the deadline. */
    flush(timeoutMs: number): Promise<boolean> {
        if (this.queue.length === 0) return Promise.resolve(true);
        // Retry now instead of sleeping out the backoff: shutdown is when waiting costs most.
        this.wakeRetry?.();
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
        while (this.queue.length > 0 && !this.closed) {
            const head = this.queue[0];
            try {
                const answer = await this.opts.append(head);
                if (isRefused(answer)) {
                    this.opts.log.error(
                        { room: head.room, round: head.round, id: head.id, code: answer.code, reason: answer.reason },
                        "result refused by the directory; dropped",
                    );
                    this.opts.onRefused?.(head, answer);
                }
                this.queue.shift();
                this.opts.onChange?.(this.queue.length);
                backoff = this.opts.backoffMs ?? 100;
            } catch (err) {
                this.failures += 1;
                this.opts.log.warn({ err: (err as Error).message, room: head.room, round: head.round, retryInMs: backoff }, "result append failed; retrying");
                await new Promise<void>((resolve) => {
                    this.wakeRetry = resolve;
                    this.retryTimer = setTimeout(resolve, backoff);
                });
                clearTimeout(this.retryTimer);
                this.wakeRetry = undefined;
                backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 2000);
            }
        }
        this.running = false;
        if (this.queue.length > 0) return; // closed: waiters get false at their deadline
        const w = this.waiters;
        this.waiters = [];
        for (const done of w) done();
    }
}
