import * as semver from "semver";
import { z } from "zod";

const group = z.string({ error: "a group name like a or b" }).regex(/^[a-z0-9][a-z0-9-]*$/, "a group name like a or b");
const version = z.string({ error: "a semver version like 1.3.0" }).refine((v) => semver.valid(v) !== null, "a semver version like 1.3.0");

/** Errors for the object itself: wrong type or keys outside `allowed`. */
function objectError(allowed: string[], example: string) {
    return (iss: { code: string; keys?: string[] }) =>
        iss.code === "unrecognized_keys"
            ? `unknown key ${(iss.keys ?? []).map((k) => JSON.stringify(k)).join(", ")}; allowed keys: ${allowed.join(", ")}`
            : `an object like ${example}`;
}

const versionRule = z.strictObject(
    { minClientVersion: version.optional(), maxClientVersion: version.optional(), group },
    { error: objectError(["minClientVersion", "maxClientVersion", "group"], '{"minClientVersion":"1.3.0","group":"b"}') },
);

const routingPolicySchema = z.strictObject(
    { activeGroup: group, versionRules: z.array(versionRule, { error: "a list of version rules" }).optional() },
    { error: objectError(["activeGroup", "versionRules"], '{"activeGroup":"a"}') },
);

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;

export type ParseResult = { ok: true; policy: RoutingPolicy } | { ok: false; error: string };

/**
 * Parses the routing file text (JSON, or YAML which is a superset of it). Errors are values that
 * name the file, the field, what was found and what is allowed.
 */
export function parseRoutingPolicy(text: string, source: string): ParseResult {
    let raw: unknown;
    try {
        raw = parseJsonOrYaml(text);
    } catch (err) {
        return { ok: false, error: `${source}: not JSON or YAML (${(err as Error).message.split("\n")[0]}); write e.g. {"activeGroup":"a"}` };
    }
    const parsed = routingPolicySchema.safeParse(raw);
    if (parsed.success) return { ok: true, policy: parsed.data };
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    const found = JSON.stringify(valueAt(raw, issue.path)) ?? "nothing";
    return { ok: false, error: `${source}: ${field}: found ${found}: ${issue.message}` };
}

/**
 * JSON first: the routing file the zone writes is JSON, and the YAML parser costs the gateway about
 * 2 MB of RSS for as long as it runs (idle bench), so it loads only for a file that is not JSON.
 */
function parseJsonOrYaml(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        const yaml = require("yaml") as typeof import("yaml");
        return yaml.parse(text);
    }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
    let cur: unknown = raw;
    for (const key of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<PropertyKey, unknown>)[key];
    }
    return cur;
}

/**
 * The group for a NEW room: the first version rule whose range (min inclusive, max exclusive)
 * contains the client's version, else the active group. A client without a valid version matches
 * no rule.
 */
export function groupFor(policy: RoutingPolicy, clientVersion: string | undefined): string {
    return ruleGroup(policy, clientVersion) ?? policy.activeGroup;
}

/** The group of the first version rule that matches the client, or undefined when none does. */
export function ruleGroup(policy: RoutingPolicy, clientVersion: string | undefined): string | undefined {
    const v = clientVersion === undefined ? null : semver.valid(clientVersion);
    if (v === null) return undefined;
    for (const rule of policy.versionRules ?? []) {
        const aboveMin = rule.minClientVersion === undefined || semver.gte(v, rule.minClientVersion);
        const belowMax = rule.maxClientVersion === undefined || semver.lt(v, rule.maxClientVersion);
        if (aboveMin && belowMax) return rule.group;
    }
    return undefined;
}
