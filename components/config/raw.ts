// Reads `gameops:*` from the stack as plain values for the schema, keeping secrets apart. A key the
// user marked secret is never read as unset: a secret key (jwtKey...) is kept as a secret, a zone's
// external-Redis password key is left to the zone, and any other key marked secret is refused by
// name, without its value, because gameops writes it into plaintext objects and outputs.
import * as pulumi from "@pulumi/pulumi";
import { isSecretConfig } from "./secrets";
import { closest } from "../primitives/format";

export interface RawConfig {
    /** Plain values by key, for the schema (a refused key's value included, so the rest checks against the right schema). */
    raw: Record<string, unknown>;
    /** The secret keys that are set, by key (their text is never shown). */
    secretTexts: Record<string, string>;
    /** Declared, non-secret keys marked secret: refused, and no problem under them may show their value. */
    refused: string[];
    problems: string[];
}

/**
 * Splits `<namespace>:*` config. Empty values are "not set": Pulumi.yaml declares every key with an
 * empty default, which the CLI copies into the stack.
 */
export function readRawConfig(namespace: string, declaredKeys: readonly string[], secretKeys: readonly string[]): RawConfig {
    const out: RawConfig = { raw: {}, secretTexts: {}, refused: [], problems: [] };
    const undeclaredSecrets: string[] = [];
    const undeclaredPlain: string[] = [];
    for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(`${namespace}:`)) continue;
        const key = fullKey.slice(namespace.length + 1);
        if (secretKeys.includes(key)) {
            if (text === "") continue;
            if (!isSecretConfig(fullKey)) {
                out.problems.push(`${fullKey}: is stored in plaintext; set it with \`pulumi config set --secret ${key}\``);
            }
            out.secretTexts[key] = text;
            continue;
        }
        const value = parseValue(text);
        if (isSecretConfig(fullKey)) {
            if (!declaredKeys.includes(key)) {
                undeclaredSecrets.push(key); // a zone's external-Redis password, or a stray secret (checked below)
                continue;
            }
            out.refused.push(key);
            out.problems.push(secretMarkedProblem(namespace, key, value));
        } else if (!declaredKeys.includes(key)) {
            undeclaredPlain.push(key);
        }
        if (!(isEmpty(value) && declaredKeys.includes(key))) out.raw[key] = value;
    }
    const named = passwordKeysNamed(out.raw.zones);
    for (const key of undeclaredSecrets) {
        if (named.has(key)) continue;
        const hint = closest(key, declaredKeys);
        out.problems.push(
            `${namespace}:${key}: is a secret that no zone names as redis.passwordKey, and not a ${namespace} config key${hint ? ` (did you mean ${namespace}:${hint}?)` : ""}; remove it (\`pulumi config rm ${namespace}:${key}\`), or name it in a zone's redis.passwordKey`,
        );
    }
    // A password pasted in plaintext is reported by the zone's Redis checks, never shown as an unknown key.
    for (const key of undeclaredPlain) if (named.has(key)) delete out.raw[key];
    return out;
}

/** What a declared key marked secret gets instead of being read as unset. */
function secretMarkedProblem(namespace: string, key: string, value: unknown): string {
    const full = `${namespace}:${key}`;
    const head = `${full}: is marked secret but is not a secret key (gameops writes its value into Kubernetes objects and stack outputs in plaintext), so it is refused rather than read; its value is not shown`;
    if (typeof value === "object" && value !== null) {
        const path = Array.isArray(value) ? `${full}[<i>].<key>` : `${full}.<key>`;
        return `${head}; set each secret value under it again without --secret (\`pulumi config set --path '${path}' <value>\`), or replace its secure: entries in Pulumi.<stack>.yaml with plain values`;
    }
    return `${head}; set it again without --secret: \`pulumi config set ${full} <value>\``;
}

/** Every `redis.passwordKey` a zone names, read loosely (before the schema checked the zones). */
function passwordKeysNamed(zones: unknown): Set<string> {
    const keys = new Set<string>();
    if (!Array.isArray(zones)) return keys;
    for (const zone of zones) {
        const key = (zone as { redis?: { passwordKey?: unknown } } | null)?.redis?.passwordKey;
        if (typeof key === "string") keys.add(key);
    }
    return keys;
}

function isEmpty(value: unknown): boolean {
    if (value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

/** Config values arrive as strings; objects and lists are JSON, scalars may be plain text. */
function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
