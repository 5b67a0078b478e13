// Stack config for `gameops:cloud: existing`: a cluster someone else runs.
import { z } from "zod";

export const existingClusterSchema = z
    .object({
        // A kube context name; empty means the current context (or the `gameops:kubeconfig` secret).
        context: z.string().min(1).optional(),
        // Which cloud's load-balancer annotations the zone gateways get on this cluster.
        loadBalancer: z.enum(["alicloud-slb", "tencent-clb", "none"]).default("none"),
    })
    .strict();

export const existingRegistrySchema = z
    .object({
        server: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, { error: "is not a registry host; write it like registry.example.com or localhost:5000" }),
        namespace: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { error: "is not a registry namespace; use lowercase letters, digits, '.', '_' or '-'" }),
        // With `gameops:registryPassword` (a secret) this creates an image pull secret.
        username: z.string().min(1).optional(),
    })
    .strict();

export type ExistingClusterConfig = z.output<typeof existingClusterSchema>;
export type ExistingRegistryConfig = z.output<typeof existingRegistrySchema>;
