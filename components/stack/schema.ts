// The stack-config schema: every kind of stack (alicloud, tencentcloud, existing, fork) composed from the domain
// schemas, the secret keys, and the resolved types the rest of the program is built against. Pure:
// reading the config and checking it whole is the loader's job (components/config/load.ts).
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { alicloudClusterSchema, alicloudNetworkSchema, alicloudRegistrySchema } from "../alicloud/schema";
import { existingClusterSchema, existingRegistrySchema } from "../cluster/schema";
import { loggingSchema } from "../logging/schema";
import { tencentcloudClusterSchema, tencentcloudNetworkSchema, tencentcloudRegistrySchema } from "../tencentcloud/schema";
import { dnsLabel, imageTag } from "../primitives/patterns";
import { zonesSchema } from "../zone/schema";

/** Keys whose values are secrets; they never go through zod and are only ever handled as Outputs. */
export const secretConfigKeys = ["jwtKey", "kubeconfig", "registryPassword"] as const;

const imagesSchema = z
    .object({
        // Default: the stack's own registry output (or, on a fork, the parent's).
        registry: z
            .string()
            .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, {
                error: "is not an image registry path; write it like registry.example.com/mygame",
            })
            .optional(),
        tag: imageTag,
    })
    .strict();

const common = {
    env: dnsLabel(20).optional(),
    protect: z.boolean().default(false),
    zones: zonesSchema.default([]),
    logging: loggingSchema.prefault({}),
};

export const alicloudStack = z
    .object({
        cloud: z.literal("alicloud"),
        network: alicloudNetworkSchema,
        cluster: alicloudClusterSchema,
        registry: alicloudRegistrySchema,
        images: imagesSchema,
        ...common,
    })
    .strict();

export const tencentcloudStack = z
    .object({
        cloud: z.literal("tencentcloud"),
        network: tencentcloudNetworkSchema,
        cluster: tencentcloudClusterSchema,
        registry: tencentcloudRegistrySchema,
        images: imagesSchema,
        ...common,
    })
    .strict();

export const existingStack = z
    .object({
        cloud: z.literal("existing"),
        cluster: existingClusterSchema.prefault({}),
        registry: existingRegistrySchema.optional(),
        images: imagesSchema,
        ...common,
    })
    .strict();

export const forkStack = z
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
export type StackSecrets = Partial<Record<(typeof secretConfigKeys)[number], pulumi.Output<string>>>;

export interface Resolved {
    stack: string;
    envName: string;
    secrets: StackSecrets;
}
export type AlicloudStackConfig = z.output<typeof alicloudStack> & Resolved;
export type TencentcloudStackConfig = z.output<typeof tencentcloudStack> & Resolved;
export type ExistingStackConfig = z.output<typeof existingStack> & Resolved;
export type ForkStackConfig = z.output<typeof forkStack> & Resolved & { cloud: "fork" };
export type StackConfig = AlicloudStackConfig | TencentcloudStackConfig | ExistingStackConfig | ForkStackConfig;

/** The clouds a stack that is not a fork names in `gameops:cloud`. */
export const clouds = ["alicloud", "tencentcloud", "existing"] as const;

/** Every key Pulumi.yaml declares (a test keeps the two in step). */
export const declaredKeys = [
    ...new Set([
        ...Object.keys(alicloudStack.shape),
        ...Object.keys(tencentcloudStack.shape),
        ...Object.keys(existingStack.shape),
        ...Object.keys(forkStack.shape),
        ...secretConfigKeys,
    ]),
].sort();

/** The schema of each kind of stack, for tests that go through every message they can produce. */
export const stackSchemas = { alicloud: alicloudStack, tencentcloud: tencentcloudStack, existing: existingStack, fork: forkStack } as const;
