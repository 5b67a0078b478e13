// The config loader: reads `gameops:*` from the stack, validates it whole against the stack schema
// and the cross-key rules, and resolves it to one typed object with every default applied. Nothing
// registers a resource before this returns, so a bad config changes nothing.
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { configNamespace as namespace } from "../primitives/config-keys";
import { StackConfigError } from "../primitives/error";
import { formatIssues, showValue } from "../primitives/format";
import {
    alicloudStack,
    clouds,
    declaredKeys,
    existingStack,
    forkStack,
    type Resolved,
    tencentcloudStack,
    secretConfigKeys,
    type StackConfig,
    type StackSecrets,
} from "../stack/schema";
import { type CheckedConfig, crossChecks } from "./cross-checks";
import { readRawConfig } from "./raw";
import { requireSecretConfig } from "./secrets";

/** Reads `gameops:*` from the stack, validates it whole and returns it with every default resolved. */
export function loadStackConfig(): StackConfig {
    const stack = pulumi.getStack();
    const { raw, secretTexts, refused, problems } = readRawConfig(namespace, declaredKeys, secretConfigKeys);

    const schema = pickSchema(raw, problems);
    if (schema) {
        const parsed = schema.safeParse(raw, { reportInput: true });
        if (parsed.success) {
            // A refused (secret-marked) key's values must not show up in a cross-key message.
            if (refused.length === 0) problems.push(...crossChecks(parsed.data as CheckedConfig, secretTexts));
            if (problems.length === 0) {
                const data = parsed.data as Omit<StackConfig, keyof Resolved>;
                const cloud = "forkOf" in data ? { cloud: "fork" as const } : {};
                const secrets: StackSecrets = {};
                for (const key of secretConfigKeys) if (secretTexts[key] !== undefined) secrets[key] = requireSecretConfig(key);
                return { ...data, ...cloud, stack, envName: data.env ?? stack, secrets } as StackConfig;
            }
        } else {
            problems.push(
                ...formatIssues(
                    namespace,
                    parsed.error.issues.filter((i) => !underRefused(i, refused)),
                    declaredKeys,
                ),
            );
        }
    }
    throw new StackConfigError(stack, problems);
}

/** An issue about a refused key's value (or naming it as unknown), which would show the value the user marked secret. */
function underRefused(issue: z.core.$ZodIssue, refused: readonly string[]): boolean {
    if (issue.path.length > 0) return refused.includes(String(issue.path[0]));
    return issue.code === "unrecognized_keys" && issue.keys.every((k) => refused.includes(k));
}

function pickSchema(raw: Record<string, unknown>, problems: string[]): z.ZodType | undefined {
    if (raw.forkOf !== undefined) {
        for (const key of ["cloud", "network", "cluster", "registry"]) {
            if (raw[key] !== undefined) {
                problems.push(`${namespace}:${key}: is set on a fork stack; a fork uses its parent's ${key}, remove it (or remove gameops:forkOf)`);
                delete raw[key];
            }
        }
        return forkStack;
    }
    switch (raw.cloud) {
        case "alicloud":
            return alicloudStack;
        case "existing":
            return existingStack;
        case undefined:
            problems.push(`${namespace}:cloud: is required; set it to one of ${clouds.join(", ")} (or set gameops:forkOf to fork a stack)`);
            return undefined;
        case "tencentcloud":
            return tencentcloudStack;
        default:
            problems.push(`${namespace}:cloud: ${showValue(raw.cloud)} is not a supported cloud; use one of ${clouds.join(", ")}`);
            return undefined;
    }
}
