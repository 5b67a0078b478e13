// Stack config for `gameops:cloud: alicloud`: network, ACK cluster, ACR registry.
import { z } from "zod";
import { cidr, cidrContains, cidrsOverlap, dnsLabel, isCidr } from "../primitives/patterns";

/** The default pod and service ranges, outside the default VPC block 10.0.0.0/8. */
const defaultRanges = { podCidr: "172.20.0.0/16", serviceCidr: "192.168.0.0/16" } as const;

export const alicloudNetworkSchema = z
    .object({
        vpcCidr: cidr.default("10.0.0.0/8"),
        vswitches: z
            .array(
                z
                    .object({
                        zoneId: z.string().regex(/^[a-z]{2}-[a-z0-9-]+-[a-z0-9]+$/, {
                            error: "is not an Alibaba Cloud zone id; write it like cn-hangzhou-i",
                        }),
                        cidr,
                    })
                    .strict(),
            )
            .min(1),
        podCidr: cidr.default(defaultRanges.podCidr),
        serviceCidr: cidr.default(defaultRanges.serviceCidr),
    })
    .strict()
    .superRefine((net, ctx) => {
        net.vswitches.forEach((vsw, i) => {
            if (isCidr(net.vpcCidr) && isCidr(vsw.cidr) && !cidrContains(net.vpcCidr, vsw.cidr)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["vswitches", i, "cidr"],
                    input: vsw.cidr,
                    message: `is not inside vpcCidr ${net.vpcCidr}; pick a block within it`,
                });
            }
        });
        const seen = new Map<string, number>();
        net.vswitches.forEach((vsw, i) => {
            const first = seen.get(vsw.zoneId);
            if (first !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["vswitches", i, "zoneId"],
                    input: vsw.zoneId,
                    message: `is listed twice (also vswitches[${first}]); give each availability zone one vSwitch`,
                });
            } else seen.set(vsw.zoneId, i);
        });
        for (const [key, block] of [
            ["podCidr", net.podCidr],
            ["serviceCidr", net.serviceCidr],
        ] as const) {
            if (isCidr(net.vpcCidr) && isCidr(block) && cidrsOverlap(net.vpcCidr, block)) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    input: block,
                    message: `overlaps vpcCidr ${net.vpcCidr}, and pods and services need their own range; pick a block outside it, e.g. ${defaultRanges[key]}`,
                });
            }
        }
    });

const nodePoolSchema = z
    .object({
        name: dnsLabel(40),
        instanceTypes: z
            .array(
                z.string().regex(/^ecs\.[a-z0-9-]+\.[a-z0-9]+$/, {
                    error: "is not an ECS instance type; write it like ecs.g7.xlarge",
                }),
            )
            .min(1),
        min: z.number().int().min(0),
        max: z.number().int().min(1),
        diskSizeGb: z.number().int().min(40).max(2048).default(120),
        diskCategory: z.enum(["cloud_essd", "cloud_efficiency", "cloud_ssd"]).default("cloud_essd"),
    })
    .strict()
    .superRefine((pool, ctx) => {
        if (pool.min > pool.max) {
            ctx.addIssue({
                code: "custom",
                path: ["min"],
                input: pool.min,
                message: `is greater than max ${pool.max}; set min <= max`,
            });
        }
    });

export const alicloudClusterSchema = z
    .object({
        // ACK versions look like 1.31.1-aliyun.1; a bare 1.31 is accepted and resolved by ACK.
        version: z.string().regex(/^1\.\d{2}(\.\d+(-aliyun\.\d+)?)?$/, {
            error: "is not an ACK Kubernetes version; write it like 1.31 or 1.31.1-aliyun.1",
        }),
        spec: z.enum(["ack.standard", "ack.pro.small"]).default("ack.pro.small"),
        nodePools: z.array(nodePoolSchema).min(1),
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
    });

export const alicloudRegistrySchema = z
    .object({
        namespace: dnsLabel(30),
        // An existing ACR Enterprise instance (cri-...) to reuse instead of creating one.
        instanceId: z
            .string()
            .regex(/^cri-[a-z0-9]+$/, {
                error: "is not an ACR instance id; write your instance's id, which looks like cri-xxxxxxxx (or remove it and an instance is created)",
            })
            .optional(),
        instanceType: z.enum(["Basic", "Standard", "Advanced"]).default("Basic"),
    })
    .strict();

export type AlicloudNetworkConfig = z.output<typeof alicloudNetworkSchema>;
export type AlicloudClusterConfig = z.output<typeof alicloudClusterSchema>;
export type AlicloudRegistryConfig = z.output<typeof alicloudRegistrySchema>;
export type NodePoolConfig = z.output<typeof nodePoolSchema>;
