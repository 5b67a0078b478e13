/** One clock function for every limiter (a default `() => ...` would be a closure per connection). */
const monotonicNow = (): number => performance.now();

/**
 * Per-connection message rate limit: at most `perSecond` messages in any one-second window,
 * counted with a token bucket (capacity = perSecond unless given, refilled continuously) so a client
 * that sends steadily at the limit is never cut off by window boundaries, while a burst above it is.
 */
export class RateLimiter {
    private tokens: number;
    private last: number;

    constructor(
        private readonly perSecond: number,
        private readonly now: () => number = monotonicNow,
        private readonly capacity: number = perSecond,
    ) {
        this.tokens = capacity;
        this.last = now();
    }

    /** Takes one token; false means the message is over the limit. */
    take(): boolean {
        const t = this.now();
        this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
        this.last = t;
        if (this.tokens < 1) return false;
        this.tokens -= 1;
        return true;
    }
}
