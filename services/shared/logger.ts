// JSON logs to stdout. Secrets are redacted by key name at any depth, because path-based
// redaction misses a secret nested one level deeper than anticipated.
import pino, { type Logger } from "pino";

export type { Logger };

const secretKey = /password|token|key|secret|authorization/i;
const maxDepth = 6;
export const redactedText = "[redacted]";

function redact(value: unknown, depth = 0): unknown {
    if (value === null || typeof value !== "object" || depth > maxDepth) return value;
    if (value instanceof Error) return value;
    if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = secretKey.test(k) ? redactedText : redact(v, depth + 1);
    return out;
}

export interface LoggerOptions {
    name: string;
    level?: string;
    /** Where to write; stdout when absent (tests pass a stream). */
    destination?: pino.DestinationStream;
}

// pino calls formatters.bindings only for the root bindings, so child bindings are redacted here.
function guardChildren(log: Logger): Logger {
    const child = log.child.bind(log);
    log.child = ((bindings: pino.Bindings, options?: pino.ChildLoggerOptions) =>
        guardChildren(child(redact(bindings) as pino.Bindings, options))) as unknown as Logger["child"];
    return log;
}

export function createLogger(opts: LoggerOptions): Logger {
    const log = pino(
        {
            name: opts.name,
            level: opts.level ?? "info",
            formatters: {
                log: (obj) => redact(obj) as Record<string, unknown>,
                bindings: (b) => redact(b) as Record<string, unknown>,
            },
        },
        opts.destination ?? pino.destination({ dest: 1, sync: true }),
    );
    return guardChildren(log);
}
