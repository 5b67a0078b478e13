// Stack config for one entry of `gameops:zones`, and the rules that span zones. The zone's parts have
// their own modules (gateway, room, cron, resources); this composes them and re-exports their names.
import { z } from "zod";
import { dnsLabel, imageTag, port, storageSize } from "../primitives/patterns";
import { cronJobSchema } from "./cron-schema";
import { gatewaySchema } from "./gateway-schema";
import { resources } from "./resources-schema";
import { roomSchema } from "./room-schema";

export { type CronJobConfig } from "./cron-schema";
export { type ZoneGatewayConfig } from "./gateway-schema";
export { type ResourcesConfig } from "./resources-schema";
export { roomGroupNames, type RoomGroupConfig, type RoomGroupName } from "./room-schema";

const defaultRedisImage = "redis:7.2.5-alpine";

const redisSchema = z.discriminatedUnion(
    "mode",
    [
        z
            .object({
                mode: z.literal("in-cluster"),
                // 20Gi: the smallest ACK cloud disk; a local-path provisioner ignores the size anyway.
                storage: storageSize.default("20Gi"),
                storageClass: dnsLabel(63).optional(),
                image: z
                    .string()
                    .regex(/^[a-z0-9.\/:-]+:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[a-f0-9]{64})?$|^[a-z0-9.\/:-]+@sha256:[a-f0-9]{64}$/, {
                        error: "is not a pinned image; write it with a tag or digest, e.g. redis:7.2.5-alpine",
                    })
                    .refine((image) => !/:latest(@|$)/.test(image), {
                        error: "is not allowed: `latest` is not a version; pin one such as redis:7.2.5-alpine",
                    })
                    .default(defaultRedisImage),
                resources: resources({ cpu: "100m", memory: "256Mi" }),
            })
            .strict(),
        z
            .object({
                mode: z.literal("external"),
                host: z.string().regex(/^[A-Za-z0-9.-]+$/, { error: "is not a host name or IPv4 address; write it like r-bp1abc.redis.rds.aliyuncs.com" }),
                port: port.default(6379),
                // Name of a secret stack config key (set with `pulumi config set --secret`) holding the password.
                passwordKey: z
                    .string()
                    .regex(/^[A-Za-z][A-Za-z0-9]*$/, { error: "is not a config key name; use letters and digits starting with a letter, e.g. redisPassword" })
                    .optional(),
            })
            .strict(),
    ],
    {
        error: (issue) => {
            const modes = "in-cluster (a Redis StatefulSet in the zone) or external (with host, port and an optional passwordKey)";
            const input = issue.input as Record<string, unknown> | undefined;
            return typeof input === "object" && input !== null && input.mode !== undefined
                ? `is not a Redis mode; use ${modes}`
                : `is required; set it to ${modes}`;
        },
    },
);

export const zoneSchema = z
    .object({
        id: z.number().int().min(1).max(99999),
        name: dnsLabel(20),
        tag: imageTag.optional(),
        gateway: gatewaySchema.prefault({}),
        room: roomSchema,
        cron: z.array(cronJobSchema).default([]),
        redis: redisSchema.prefault({ mode: "in-cluster" }),
    })
    .strict()
    .superRefine((zone, ctx) => {
        const seen = new Map<string, number>();
        zone.cron.forEach((job, i) => {
            const first = seen.get(job.name);
            if (first !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["cron", i, "name"],
                    input: job.name,
                    message: `is already scheduled by cron[${first}]; one CronJob per job, give it one schedule`,
                });
            } else seen.set(job.name, i);
        });
    });

/** A field every zone must have its own value of, and why. */
interface Unique {
    path: readonly (string | number)[];
    value: (zone: ZoneConfig) => unknown;
    why: (first: number) => string;
}

const unique: Unique[] = [
    { path: ["id"], value: (z) => z.id, why: (first) => `is already used by zones[${first}]; give every zone its own id` },
    { path: ["name"], value: (z) => z.name, why: (first) => `is already used by zones[${first}]; give every zone its own name` },
    {
        // The API server allocates a node port to one Service in the whole cluster ("provided port is already allocated").
        path: ["gateway", "nodePort"],
        value: (z) => (z.gateway.service === "ClusterIP" ? undefined : z.gateway.nodePort),
        why: (first) =>
            `is already the node port of zones[${first}], and Kubernetes gives a node port to one Service per cluster; pick another in 30000-32767, or remove it and one is allocated`,
    },
    {
        path: ["gateway", "loadBalancer", "id"],
        value: (z) => z.gateway.loadBalancer.id,
        why: (first) =>
            `is already bound by zones[${first}], and a zone's gateway needs a load balancer of its own (its Service takes over the SLB's listeners with force-override-listeners); give each zone its own id, or remove it and one is created`,
    },
];

/** Rules across zones: ids, names, node ports and load balancers are each one zone's. */
export const zonesSchema = z.array(zoneSchema).superRefine((zones, ctx) => {
    for (const rule of unique) {
        const first = new Map<unknown, number>();
        zones.forEach((zone, i) => {
            const value = rule.value(zone);
            if (value === undefined) return;
            const seen = first.get(value);
            if (seen !== undefined) {
                ctx.addIssue({ code: "custom", path: [i, ...rule.path], input: value, message: rule.why(seen) });
            } else first.set(value, i);
        });
    }
});

export type ZoneConfig = z.output<typeof zoneSchema>;
export type ZoneInput = z.input<typeof zoneSchema>;
export type ZoneRedisConfig = z.output<typeof redisSchema>;
