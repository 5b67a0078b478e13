// Settled rounds on their way to the results stream. Appends are queued and retried with
// backoff so a Redis hiccup delays a result but never drops it; drain waits for the queue.
import type { ResultEntry } from "../directory";
import type { Logger } from "../shared/logger";

export interface ResultSinkOptions {
  append(entry: ResultEntry): Promise<unknown>;
  log: Logger;
  /** First retry delay; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onChange?(pending: number): void;
}

export class ResultSink {
  private readonly queue: ResultEntry[] = [];
  private running = false;
  private waiters: (() => void)[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private closed = false;
  private stopped: Promise<void> = Promise.resolve();
  failures = 0;

  constructor(private readonly opts: ResultSinkOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  push(entry: ResultEntry): void {
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
  unwritten(): readonly ResultEntry[] {
    return this.queue;
  }

  private async run(): Promise<void> {
    this.running = true;
    let backoff = this.opts.backoffMs ?? 100;
    while (this.queue.length > 0 && !this.closed) {
      const head = this.queue[0];
      try {
        await this.opts.append(head);
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
