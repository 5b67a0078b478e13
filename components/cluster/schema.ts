// Stack config for `gameops:cloud: existing`: a cluster someone else runs.
import { z } from "zod";

/** Which cloud's Service annotations bind a gateway to a load balancer: the one list of vendors. */
export const loadBalancerVendors = ["alicloud-slb", "tencent-clb", "none"] as const;
export type LoadBalancerVendor = (typeof loadBalancerVendors)[number];

export const existingClusterSchema = z
    .object({
        // A kube context name; empty means the current context (or the `gameops:kubeconfig` secret).
        context: z.string().min(1).optional(),
        // Which cloud's load-balancer annotations the zone gateways get on this cluster.
        loadBalancer: z.enum(loadBalancerVendors).default("none"),
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
