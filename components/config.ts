// The stack config: the product's user interface. Everything a user sets in Pulumi.<stack>.yaml is
// read here, validated as a whole, and resolved to one typed object with every default applied.
// Nothing registers a resource before this returns, so a bad config changes nothing.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { alicloudClusterSchema, alicloudNetworkSchema, alicloudRegistrySchema } from "./alicloud/schema";
import { existingClusterSchema, existingRegistrySchema } from "./cluster/schema";
import { CheckedConfig, crossChecks } from "./config/crossChecks";
import { StackConfigError } from "./config/error";
import { formatIssues, showValue } from "./config/format";
import { dnsLabel, imageTag } from "./config/primitives";
import { readRawConfig } from "./config/raw";
import { loggingSchema } from "./logging/schema";
import { zonesSchema } from "./zone/schema";

export { StackConfigError } from "./config/error";

export const namespace = "gameops";

/** Keys whose values are secrets; they never go through zod and are only ever handled as Outputs. */
export const secretKeys = ["jwtKey", "kubeconfig", "registryPassword"] as const;

const imagesSchema = z
    .object({
        // Default: the stack's own registry output (or, on a fork, the parent's).
        registry: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, {
            error: "is not an image registry path; write it like registry.example.com/mygame",
        }).optional(),
        tag: imageTag,
    })
    .strict();

const common = {
    env: dnsLabel(20).optional(),
    protect: z.boolean().default(false),
    zones: zonesSchema.default([]),
    logging: loggingSchema.prefault({}),
};

const alicloudStack = z
    .object({
        cloud: z.literal("alicloud"),
        network: alicloudNetworkSchema,
        cluster: alicloudClusterSchema,
        registry: alicloudRegistrySchema,
        images: imagesSchema,
        ...common,
    })
    .strict();

const existingStack = z
    .object({
        cloud: z.literal("existing"),
        cluster: existingClusterSchema.prefault({}),
        registry: existingRegistrySchema.optional(),
        images: imagesSchema,
        ...common,
    })
    .strict();

const forkStack = z
    .object({
        // `<stack>` is a stack of this project on the same backend and organisation (on a local
        // backend: the only form besides organization/<project>/<stack>).
        forkOf: z.string().regex(/^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/, {
            error: "is not a stack reference; write it as <stack> (a stack of this project, e.g. local) or <org>/<project>/<stack> (e.g. acme/gameops/dev)",
        }),
        images: imagesSchema.partial().optional(),
        ...common,
    })
    .strict();

/** The secret keys that are set, as Pulumi secrets (never plain strings). */
export type StackSecrets = Partial<Record<(typeof secretKeys)[number], pulumi.Output<string>>>;

interface Resolved {
    stack: string;
    envName: string;
    secrets: StackSecrets;
}
export type AlicloudStackConfig = z.output<typeof alicloudStack> & Resolved;
export type ExistingStackConfig = z.output<typeof existingStack> & Resolved;
export type ForkStackConfig = z.output<typeof forkStack> & Resolved & { cloud: "fork" };
export type StackConfig = AlicloudStackConfig | ExistingStackConfig | ForkStackConfig;

const clouds = ["alicloud", "existing"];

/** Every key Pulumi.yaml declares (a test keeps the two in step). */
export const declaredKeys = [
    ...new Set([...Object.keys(alicloudStack.shape), ...Object.keys(existingStack.shape), ...Object.keys(forkStack.shape), ...secretKeys]),
].sort();

/** The schema of each kind of stack, for tests that go through every message they can produce. */
export const stackSchemas = { alicloud: alicloudStack, existing: existingStack, fork: forkStack } as const;

/** Reads `gameops:*` from the stack, validates it whole and returns it with every default resolved. */
export function loadStackConfig(): StackConfig {
    const stack = pulumi.getStack();
    const { raw, secretTexts, refused, problems } = readRawConfig(namespace, declaredKeys, secretKeys);

    const schema = pickSchema(raw, problems);
    if (schema) {
        const parsed = schema.safeParse(raw, { reportInput: true });
        if (parsed.success) {
            // A refused (secret-marked) key's values must not show up in a cross-key message.
            if (refused.length === 0) problems.push(...crossChecks(parsed.data as CheckedConfig, secretTexts));
            if (problems.length === 0) {
                const data = parsed.data as Omit<StackConfig, keyof Resolved>;
                const cloud = "forkOf" in data ? { cloud: "fork" as const } : {};
                const gameops = new pulumi.Config(namespace);
                const secrets: StackSecrets = {};
                for (const key of secretKeys) if (secretTexts[key] !== undefined) secrets[key] = gameops.requireSecret(key);
                return { ...data, ...cloud, stack, envName: data.env ?? stack, secrets } as StackConfig;
            }
        } else {
            problems.push(...formatIssues(namespace, parsed.error.issues.filter((i) => !underRefused(i, refused)), declaredKeys));
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
            problems.push(
                `${namespace}:cloud: "tencentcloud" is not available in this version (TKE provisioning is not built yet); use alicloud, or existing with cluster.loadBalancer tencent-clb for a TKE cluster you already run`,
            );
            return undefined;
        default:
            problems.push(`${namespace}:cloud: ${showValue(raw.cloud)} is not a supported cloud; use one of ${clouds.join(", ")}`);
            return undefined;
    }
}
