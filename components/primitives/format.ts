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
    const input =
        discriminator !== undefined && typeof reported === "object" && reported !== null ? (reported as Record<string, unknown>)[discriminator] : reported;
    if (discriminator !== undefined && custom && input === undefined) return `${where}: ${issue.message}`;

    if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
        return `${where}: unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}; remove ${
            issue.keys.length > 1 ? "them" : "it"
        } or check the spelling against Pulumi.yaml`;
    }
    if (input === undefined && issue.code === "invalid_type") {
        return `${where}: is required (${article(expectedName(issue.expected))}); set it in Pulumi.<stack>.yaml`;
    }
    if (custom) return `${where}: ${showValue(input)} ${issue.message}`;

    switch (issue.code) {
        case "invalid_type":
            return `${where}: ${wrongType(issue.expected, input, issue.path, namespace)}`;
        case "invalid_value":
            return `${where}: ${showValue(input)} is not allowed; use one of ${issue.values.map(String).join(", ")}`;
        case "too_small":
            return `${where}: ${showValue(input)} ${tooSmall(issue)}`;
        case "too_big":
            return `${where}: ${showValue(input)} ${tooBig(issue)}`;
        default:
            // No schema key relies on these (unions carry their own messages); say where the key is described.
            return `${where}: ${showValue(input)} is not allowed (${issue.message}); check the key's description in Pulumi.yaml`;
    }
}

/** A value of the wrong type, with how to write the right one (YAML's unquoted scalars are the usual cause). */
function wrongType(expected: string, input: unknown, path: Path, namespace: string): string {
    const shown = showValue(input);
    // How the fixed value reads in YAML: `tag: "1.10"`, or `- "1.10"` for a list entry.
    const last = path[path.length - 1];
    const key = typeof last === "number" ? "-" : path.length === 1 ? `${namespace}:${String(last)}:` : `${String(last)}:`;
    const wanted = article(expectedName(expected));
    if (input === null) return `${shown} is empty (the key has no value); set ${wanted} or remove the key`;
    if (typeof input === "object" && expected !== "object" && expected !== "array") {
        return `${shown} is ${Array.isArray(input) ? "a list" : "a map"}, not ${wanted}; write one value instead: ${key} <value>`;
    }
    if (expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
        const lost =
            typeof input === "number" && !Number.isInteger(input) ? " (YAML reads an unquoted 1.10 as the number 1.1, so quote the exact text you meant)" : "";
        return `${shown} is a ${typeof input}, not a string; quote it in Pulumi.<stack>.yaml: ${key} "${String(input)}"${lost}`;
    }
    if ((expected === "number" || expected === "int") && typeof input === "string" && input.trim() !== "" && Number.isFinite(Number(input))) {
        return `${shown} is a string, not a number; write it without quotes: ${key} ${Number(input)}`;
    }
    if (expected === "int" && typeof input === "number") {
        return `${shown} is not a whole number; use ${Math.floor(input)} or ${Math.ceil(input)}`;
    }
    if (expected === "number" || expected === "int")
        return `${shown} is not a number; write ${expected === "int" ? "a whole number" : "a number"} without quotes, e.g. 3`;
    if (expected === "boolean") {
        return typeof input === "string" && (input === "true" || input === "false")
            ? `${shown} is a string, not a boolean; write it without quotes: ${key} ${input}`
            : `${shown} is not a boolean; use true or false`;
    }
    if (expected === "object") return `${shown} is not a map; write it as keys under this one (key: value), or remove it`;
    if (expected === "array") return `${shown} is not a list; write it as a list (- entries, or [a, b]), or remove it`;
    return `${shown} is not ${wanted}; write ${wanted}`;
}

type SizeIssue = { origin: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean };

function tooSmall(issue: SizeIssue): string {
    const min = Number(issue.minimum);
    if (issue.origin === "array") return min === 1 ? "is empty; add at least one entry" : `has too few entries; add entries up to at least ${min}`;
    if (issue.origin === "string") return min === 1 ? "is empty; set a value or remove the key" : `is too short; use at least ${min} characters`;
    return issue.inclusive === false ? `is not above ${min}; use a number above ${min}` : `is below the minimum ${min}; use ${min} or more`;
}

function tooBig(issue: SizeIssue): string {
    const max = Number(issue.maximum);
    if (issue.origin === "array") return `has more than ${max} entries; remove entries down to ${max}`;
    if (issue.origin === "string") return `is longer than ${max} characters; shorten it`;
    return issue.inclusive === false ? `is not below ${max}; use a number below ${max}` : `is above the maximum ${max}; use ${max} or less`;
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
