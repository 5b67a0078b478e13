// Turns zod issues into the one-line-per-problem text users see. A line names the key path as the
// user writes it in Pulumi.<stack>.yaml, the value found, what is allowed and, where it helps, the fix.
import type { z } from "zod";

export type Path = readonly PropertyKey[];

/** `["zones", 1, "room", "active"]` → `gameops:zones[1].room.active`. */
export function keyPath(namespace: string, path: Path): string {
    let out = namespace;
    path.forEach((part, i) => {
        if (typeof part === "number") out += `[${part}]`;
        else out += i === 0 ? `:${String(part)}` : `.${String(part)}`;
    });
    return out;
}

/** Renders a value the way YAML readers recognise it: strings quoted, objects as compact JSON. */
export function showValue(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    if (value === undefined) return "nothing";
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * Every issue as lines. An unknown top-level key gets its own line named by the key itself
 * (`gameops:zone`), with the closest known key suggested, because that is what the user mistyped.
 */
export function formatIssues(namespace: string, issues: readonly z.core.$ZodIssue[], knownKeys: readonly string[]): string[] {
    return issues.flatMap((issue) => {
        if (issue.code !== "unrecognized_keys" || issue.path.length > 0) return [formatIssue(namespace, issue)];
        return issue.keys.map((key) => {
            const hint = closest(key, knownKeys);
            return `${namespace}:${key}: is not a ${namespace} config key${hint ? ` (did you mean ${namespace}:${hint}?)` : ""}; remove it or check the spelling against Pulumi.yaml`;
        });
    });
}

/** The known key within edit distance 2 of `key`, if exactly one is nearest. */
export function closest(key: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const candidate of known) {
        const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = row;
    }
    return prev[b.length];
}

const builtIn = /^(Invalid|Too (small|big)|Unrecognized key)/;

/** One problem as `<key path>: <value> <what is wrong and what to do>`. */
export function formatIssue(namespace: string, issue: z.core.$ZodIssue): string {
    const where = keyPath(namespace, issue.path);
    const custom = !builtIn.test(issue.message);
    // A discriminated union reports the whole map at the discriminator's path; the user wrote the discriminator.
    const discriminator = (issue as { discriminator?: string }).discriminator;
    const reported = (issue as { input?: unknown }).input;
    const input = discriminator !== undefined && typeof reported === "object" && reported !== null ? (reported as Record<string, unknown>)[discriminator] : reported;
    if (discriminator !== undefined && custom && input === undefined) return `${where}: ${issue.message}`;

    if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
        return `${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}; remove ${
            issue.keys.length > 1 ? "them" : "it"
        } or check the spelling against Pulumi.yaml`;
    }
    if (input === undefined && issue.code === "invalid_type") {
        return `${where}: is required (${issue.expected === "object" ? "a map" : `a ${issue.expected}`}); set it in Pulumi.<stack>.yaml`;
    }
    if (custom) return `${where}: ${showValue(input)} ${issue.message}`;

    switch (issue.code) {
        case "invalid_type":
            return `${where}: ${showValue(input)} is not ${article(expectedName(issue.expected))}`;
        case "invalid_value":
            return `${where}: ${showValue(input)} is not allowed; use one of ${issue.values.map(String).join(", ")}`;
        case "too_small":
            return issue.origin === "array" || issue.origin === "string"
                ? `${where}: ${showValue(input)} is too short; it needs at least ${issue.minimum} ${issue.origin === "array" ? "entries" : "characters"}`
                : `${where}: ${showValue(input)} is below the minimum ${issue.minimum}`;
        case "too_big":
            return issue.origin === "array" || issue.origin === "string"
                ? `${where}: ${showValue(input)} is too long; at most ${issue.maximum} ${issue.origin === "array" ? "entries" : "characters"}`
                : `${where}: ${showValue(input)} is above the maximum ${issue.maximum}`;
        case "invalid_union":
            return `${where}: ${showValue(input)} does not match any allowed form`;
        default:
            return `${where}: ${showValue(input)} ${issue.message}`;
    }
}

function expectedName(expected: string): string {
    if (expected === "int") return "whole number";
    if (expected === "object") return "map";
    if (expected === "array") return "list";
    return expected;
}

function article(noun: string): string {
    return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
