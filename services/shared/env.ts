// Environment parsing: one zod schema per variable, every error names the variable, the value
// found, what is allowed and how to fix it, e.g.
//   ADMIN_PORT: "abc" is not a port (integer 1-65535); set it to e.g. 9090
import { z } from "zod";
import { redactUrl } from "./redact-url";

type Raw = string | undefined;
export type EnvField<T> = z.ZodType<T, Raw>;

export class EnvError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid environment:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "EnvError";
    }
}

function field<T>(
    allowed: string,
    example: string,
    parse: (raw: string) => T | undefined,
    def?: T,
    shown: (raw: string) => string = (raw) => raw,
): EnvField<T> {
    return z
        .string()
        .optional()
        .transform((raw, ctx) => {
            if (raw === undefined || raw === "") {
                if (def !== undefined) return def;
                ctx.addIssue({ code: "custom", message: `is not set but required (${allowed}); set it to e.g. ${example}` });
                return z.NEVER;
            }
            const v = parse(raw);
            if (v === undefined) {
                ctx.addIssue({ code: "custom", message: `${JSON.stringify(shown(raw))} is not ${allowed}; set it to e.g. ${example}` });
                return z.NEVER;
            }
            return v;
        }) as unknown as EnvField<T>;
}

function intIn(min: number, max: number) {
    return (raw: string): number | undefined => {
        if (!/^-?\d+$/.test(raw)) return undefined;
        const n = Number(raw);
        return n >= min && n <= max ? n : undefined;
    };
}

/** Builders for the kinds of variables the services read. */
export const env = {
    int: (opts: { min: number; max: number; default?: number; example?: number }) =>
        field(`an integer from ${opts.min} to ${opts.max}`, String(opts.example ?? opts.default ?? opts.min), intIn(opts.min, opts.max), opts.default),
    port: (def?: number) => field("a port (integer 1-65535)", String(def ?? 7000), intIn(1, 65535), def),
    oneOf: <const T extends string>(values: readonly T[], def?: T) =>
        field(`one of ${values.join(", ")}`, def ?? values[0], (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : undefined), def),
    string: (opts: { default?: string; example: string; pattern?: RegExp; allowed?: string }) =>
        field(
            opts.allowed ?? "a non-empty string",
            opts.example,
            (raw) => (opts.pattern === undefined || opts.pattern.test(raw) ? raw : undefined),
            opts.default,
        ),
    /** A secret: the value is never echoed back in an error. */
    secret: (opts: { optional: boolean; example: string }) =>
        z
            .string()
            .optional()
            .transform((raw, ctx) => {
                if (raw === undefined || raw === "") {
                    if (opts.optional) return undefined;
                    ctx.addIssue({ code: "custom", message: `is not set but required; set it to ${opts.example}` });
                    return z.NEVER;
                }
                return raw;
            }) as unknown as EnvField<string | undefined>,
    redisUrl: () =>
        field(
            "a redis URL (redis://host:port/db)",
            "redis://127.0.0.1:6379/0",
            (raw) => {
                try {
                    const u = new URL(raw);
                    return u.protocol === "redis:" || u.protocol === "rediss:" ? raw : undefined;
                } catch {
                    return undefined;
                }
            },
            undefined,
            redactUrl,
        ),
    /** An absolute file or directory path; unset is allowed (undefined) when `optional`. */
    path: (opts: { example: string; optional: boolean }) =>
        z
            .string()
            .optional()
            .transform((raw, ctx) => {
                if (raw === undefined || raw === "") {
                    if (opts.optional) return undefined;
                    ctx.addIssue({ code: "custom", message: `is not set but required (an absolute path); set it to e.g. ${opts.example}` });
                    return z.NEVER;
                }
                if (raw.startsWith("/")) return raw;
                ctx.addIssue({ code: "custom", message: `${JSON.stringify(raw)} is not an absolute path; set it to e.g. ${opts.example}` });
                return z.NEVER;
            }) as unknown as EnvField<string | undefined>,
    /** A ws:// or wss:// URL as clients reach it; unset is allowed (undefined). */
    optionalWsUrl: (example: string) =>
        z
            .string()
            .optional()
            .transform((raw, ctx) => {
                if (raw === undefined || raw === "") return undefined;
                let u: URL | undefined;
                try {
                    u = new URL(raw);
                } catch {
                    u = undefined;
                }
                if (u !== undefined && (u.protocol === "ws:" || u.protocol === "wss:") && u.search === "" && u.hash === "") return raw;
                ctx.addIssue({ code: "custom", message: `${JSON.stringify(raw)} is not a ws:// or wss:// URL without a query; set it to e.g. ${example}` });
                return z.NEVER;
            }) as unknown as EnvField<string | undefined>,
    /** host:port; unset is allowed (undefined) so the caller can derive a default at run time. */
    optionalHostPort: (example: string) =>
        z
            .string()
            .optional()
            .transform((raw, ctx) => {
                if (raw === undefined || raw === "") return undefined;
                if (/^[^\s:]+:\d{1,5}$/.test(raw)) return raw;
                ctx.addIssue({ code: "custom", message: `${JSON.stringify(raw)} is not host:port; set it to e.g. ${example}` });
                return z.NEVER;
            }) as unknown as EnvField<string | undefined>,
};

/** Parses `source` (default process.env) against a shape of env fields; throws EnvError listing every problem. */
export function parseEnv<S extends Record<string, EnvField<unknown>>>(
    shape: S,
    source: Record<string, string | undefined> = process.env,
): { [K in keyof S]: z.output<S[K]> } {
    const picked: Record<string, string | undefined> = {};
    for (const k of Object.keys(shape)) picked[k] = source[k];
    const r = z.object(shape).safeParse(picked);
    if (r.success) return r.data as { [K in keyof S]: z.output<S[K]> };
    throw new EnvError(r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
}

/** The variables every service reads (CONTRACT.md "Common"). */
export const commonEnv = {
    REDIS_URL: env.redisUrl(),
    REDIS_PASSWORD: env.secret({ optional: true, example: "the redis password (from a Kubernetes Secret)" }),
    REDIS_PREFIX: env.string({ default: "gameops:", example: "gameops:" }),
    LOG_LEVEL: env.oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const, "info"),
    ADMIN_PORT: env.port(9090),
    GAME_ENV: env.oneOf(["dev", "prod"] as const, "prod"),
};

type CommonEnv = { [K in keyof typeof commonEnv]: z.output<(typeof commonEnv)[K]> };

/** The settings every service resolves from `commonEnv`, named the same way everywhere. */
export interface CommonConfig {
    redisUrl: string;
    redisPassword: string | undefined;
    redisPrefix: string;
    logLevel: string;
    adminPort: number;
    gameEnv: "dev" | "prod";
}

export function commonConfig(e: CommonEnv): CommonConfig {
    return {
        redisUrl: e.REDIS_URL,
        redisPassword: e.REDIS_PASSWORD,
        redisPrefix: e.REDIS_PREFIX,
        logLevel: e.LOG_LEVEL,
        adminPort: e.ADMIN_PORT,
        gameEnv: e.GAME_ENV,
    };
}

const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * An HMAC key given as standard base64; the value is never echoed, only its shape described.
 * `minBytes`: a key this project makes itself (seat tickets) is held to HS256's own length; JWT_KEY
 * is the reference's, whose example key is 11 bytes.
 */
export function base64Key(name: string, value: string, minBytes = 1): Uint8Array {
    if (!standardBase64.test(value)) {
        throw new EnvError([
            `${name}: a value of ${value.length} characters is not standard base64 (A-Z a-z 0-9 + /, = padding); set it to e.g. ZGVmYXVsdF9rZXk=`,
        ]);
    }
    const key = new Uint8Array(Buffer.from(value, "base64"));
    if (key.length < minBytes) {
        throw new EnvError([
            `${name}: a key of ${key.length} bytes is shorter than ${minBytes}; anyone who sees a ticket could find a shorter one by trying keys; set a new one, e.g. "$(openssl rand -base64 32)"`,
        ]);
    }
    return key;
}

/** Seat tickets are HS256 (services/shared/ticket.ts): a key at least as long as the hash. */
export const ticketKeyMinBytes = 32;
