// Stack config for `gameops:cloud: tencentcloud`: VPC + subnets, TKE cluster + node pools, TCR registry.
import { z } from "zod";
import { cidr, cidrContains, cidrsOverlap, dnsLabel, isCidr } from "../primitives/patterns";

/** The default container and service ranges (global router), outside the default VPC block 10.0.0.0/16. */
const defaultRanges = { clusterCidr: "172.16.0.0/16", serviceCidr: "192.168.0.0/20" } as const;

/** TKE's container network modes: global router (pods get `clusterCidr`) or VPC-CNI (pods get VPC addresses from the subnets). */
const tkeNetworkTypes = ["GR", "VPC-CNI"] as const;

export const tencentcloudNetworkSchema = z
    .object({
        vpcCidr: cidr.default("10.0.0.0/16"),
        subnets: z
            .array(
                z
                    .object({
                        zone: z.string().regex(/^[a-z]{2}-[a-z]+-\d+$/, {
                            error: "is not a Tencent Cloud availability zone; write it like ap-guangzhou-3",
                        }),
                        cidr,
                    })
                    .strict(),
            )
            .min(1),
    })
    .strict()
    .superRefine((net, ctx) => {
        const seen = new Map<string, number>();
        net.subnets.forEach((subnet, i) => {
            if (isCidr(net.vpcCidr) && isCidr(subnet.cidr) && !cidrContains(net.vpcCidr, subnet.cidr)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["subnets", i, "cidr"],
                    input: subnet.cidr,
                    message: `is not inside vpcCidr ${net.vpcCidr}; pick a block within it`,
                });
            }
            const first = seen.get(subnet.zone);
            if (first !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["subnets", i, "zone"],
                    input: subnet.zone,
                    message: `is listed twice (also subnets[${first}]); give each availability zone one subnet`,
                });
            } else seen.set(subnet.zone, i);
        });
    });

const labelKey = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const tkeNodePoolSchema = z
    .object({
        name: dnsLabel(40),
        instanceTypes: z.array(z.string().regex(/^[A-Z][A-Z0-9]*\.[A-Z0-9]+$/, { error: "is not a CVM instance type; write it like SA5.LARGE8" })).min(1),
        min: z.number().int().min(0),
        max: z.number().int().min(1),
        desired: z.number().int().min(0).optional(),
        systemDiskGb: z.number().int().min(50).max(1024).default(100),
        // A data disk for the container runtime's images and logs, mounted at /var/lib/containerd; 0 = none.
        dataDiskGb: z.number().int().min(0).max(32000).default(100),
        diskType: z.enum(["CLOUD_PREMIUM", "CLOUD_SSD", "CLOUD_BSSD"]).default("CLOUD_PREMIUM"),
        labels: z.record(z.string().regex(labelKey, { error: "is not a Kubernetes label key; write it like gameops.io/role" }), z.string()).default({}),
        taints: z
            .array(
                z
                    .object({
                        key: z.string().regex(labelKey, { error: "is not a taint key; write it like gameops.io/dedicated" }),
                        value: z.string().default(""),
                        effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
                    })
                    .strict(),
            )
            .default([]),
    })
    .strict()
    .superRefine((pool, ctx) => {
        if (pool.min > pool.max) {
            ctx.addIssue({ code: "custom", path: ["min"], input: pool.min, message: `is greater than max ${pool.max}; set min <= max` });
        }
        if (pool.desired !== undefined && (pool.desired < pool.min || pool.desired > pool.max)) {
            ctx.addIssue({
                code: "custom",
                path: ["desired"],
                input: pool.desired,
                message: `is outside min ${pool.min} .. max ${pool.max}; set it between them (or remove it to start at min)`,
            });
        }
    });

export const tencentcloudClusterSchema = z
    .object({
        // TKE versions are major.minor.patch (1.30.0); TKE names the patch level it runs.
        version: z.string().regex(/^1\.\d{2}\.\d+$/, { error: "is not a TKE Kubernetes version; write it like 1.30.0" }),
        networkType: z.enum(tkeNetworkTypes).default("GR"),
        // Global router only: the pods' range, outside the VPC.
        clusterCidr: cidr.default(defaultRanges.clusterCidr),
        serviceCidr: cidr.default(defaultRanges.serviceCidr),
        maxNodePodNum: z.number().int().min(16).max(256).default(64),
        // The API server's public endpoint (CI and `pulumi up` from outside the VPC reach it).
        publicEndpoint: z.boolean().default(true),
        nodePools: z.array(tkeNodePoolSchema).min(1),
    })
    .strict()
    .superRefine((cluster, ctx) => {
        const seen = new Set<string>();
        cluster.nodePools.forEach((pool, i) => {
            if (seen.has(pool.name)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["nodePools", i, "name"],
                    input: pool.name,
                    message: "is used by another node pool, and node pool names must be unique; rename one of them",
                });
            }
            seen.add(pool.name);
        });
        if (isCidr(cluster.clusterCidr) && isCidr(cluster.serviceCidr) && cidrsOverlap(cluster.clusterCidr, cluster.serviceCidr)) {
            ctx.addIssue({
                code: "custom",
                path: ["serviceCidr"],
                input: cluster.serviceCidr,
                message: `overlaps clusterCidr ${cluster.clusterCidr}; pick a block outside it, e.g. ${defaultRanges.serviceCidr}`,
            });
        }
    });

export const tencentcloudRegistrySchema = z
    .object({
        namespace: dnsLabel(30),
        // An existing TCR Enterprise instance (tcr-...) to reuse instead of creating one.
        instanceId: z
            .string()
            .regex(/^tcr-[a-z0-9]+$/, {
                error: "is not a TCR instance id; write your instance's id, which looks like tcr-xxxxxxxx (or remove it and an instance is created)",
            })
            .optional(),
        instanceType: z.enum(["basic", "standard", "premium"]).default("basic"),
    })
    .strict();

export type TencentcloudNetworkConfig = z.output<typeof tencentcloudNetworkSchema>;
export type TencentcloudClusterConfig = z.output<typeof tencentcloudClusterSchema>;
export type TencentcloudRegistryConfig = z.output<typeof tencentcloudRegistrySchema>;
