// Waiting on a condition with a deadline (never a bare sleep as synchronisation).

class TimeoutError extends Error {}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
    what: string,
    check: () => T | undefined | false | Promise<T | undefined | false>,
    opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    const interval = opts.intervalMs ?? 25;
    let last: unknown;
    for (;;) {
        try {
            const v = await check();
            if (v !== undefined && v !== false) return v;
        } catch (err) {
            last = err;
        }
        if (Date.now() > deadline) {
            const why = last instanceof Error ? ` (last error: ${last.message})` : "";
            throw new TimeoutError(`timed out after ${opts.timeoutMs ?? 10_000} ms waiting for ${what}${why}`);
        }
        await new Promise((r) => setTimeout(r, interval));
    }
}

/** Resolves with the promise's value, or rejects after `ms` naming `what`. */
export function within<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
