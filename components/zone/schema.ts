// Stack config for one entry of `gameops:zones`, and the rules that span zones.
import { z } from "zod";
import { dnsLabel, imageTag, port, semver, storageSize } from "../config/primitives";
import { contract } from "./names";

/** The SLB spec of a zone that names none (alicloud, or an existing cluster on alicloud-slb). */
export const defaultSlbSpec = "slb.s2.small";

export const roomGroupNames = ["a", "b"] as const;
export type RoomGroupName = (typeof roomGroupNames)[number];

export const cronJobNames = ["leaderboard", "directory-sweep"] as const;

const cpu = z.string().regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/, {
    error: "is not a CPU quantity; write millicores like 250m or cores like 1 or 0.5",
});
const memory = z.string().regex(/^[1-9][0-9]*(Mi|Gi)$/, {
    error: "is not a memory quantity; write a whole number with Mi or Gi, e.g. 256Mi",
});

/**
 * Requests (what the scheduler reserves) and optional limits. Memory is limited to the request by
 * default (an over-committed game server is OOM-killed mid-round); CPU has no limit unless set,
 * because CFS throttling shows up as tick jitter for every room on the pod.
 */
const resources = (defaults: { cpu: string; memory: string }) =>
    z
        .object({
            cpu: cpu.default(defaults.cpu),
            memory: memory.default(defaults.memory),
            cpuLimit: cpu.optional(),
            memoryLimit: memory.optional(),
        })
        .strict()
        .prefault({});

const roomGroupSchema = z
    .object({
        tag: imageTag.optional(),
        replicas: z.number().int().min(0).max(200),
        // Pods that take the group's tag while the rest stay on the last rolled-out spec (StatefulSet partition).
        canary: z.number().int().min(0).optional(),
        resources: resources({ cpu: "500m", memory: "512Mi" }),
    })
    .strict()
    .superRefine((g, ctx) => {
        if (g.canary !== undefined && g.canary > g.replicas) {
            ctx.addIssue({
                code: "custom",
                path: ["canary"],
                input: g.canary,
                message: `is more than replicas ${g.replicas}; a canary updates at most every pod`,
            });
        }
    });

const versionRuleSchema = z
    .object({
        minClientVersion: semver.optional(),
        maxClientVersion: semver.optional(),
        group: z.enum(roomGroupNames),
    })
    .strict();

const roomSchema = z
    .object({
        // OpenKruise Game (`okg`, in-place hot updates) is planned; refusing it by name beats a silent fallback.
        engine: z
            .enum(["statefulset"], {
                error: "is not an available room engine; use statefulset (the OpenKruise Game engine okg, for in-place hot updates, is not in this version)",
            })
            .default("statefulset"),
        active: z.string(),
        // The room server's DRAIN_SECONDS must be >= 1; a round plus settlement takes 35 s, so ~40+ lets rounds finish.
        drainSeconds: z
            .number()
            .int()
            .min(1, { error: "is too short; a room server needs DRAIN_SECONDS >= 1, and a round plus settlement takes 35 s, so use 40 or more" })
            .max(3600)
            .default(120),
        groups: z
            .object({ a: roomGroupSchema.optional(), b: roomGroupSchema.optional() })
            .strict()
            .prefault({}),
        versionRules: z.array(versionRuleSchema).default([]),
    })
    .strict()
    .superRefine((room, ctx) => {
        const groups = roomGroupNames.filter((g) => room.groups[g] !== undefined);
        if (!groups.includes(room.active as RoomGroupName)) {
            ctx.addIssue({
                code: "custom",
                path: ["active"],
                input: room.active,
                message: `is not a group; use one of ${groups.length ? groups.join(", ") : "a, b (and declare it under groups)"}`,
            });
        }
        room.versionRules.forEach((rule, i) => {
            if (!groups.includes(rule.group)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["versionRules", i, "group"],
                    input: rule.group,
                    message: `is not a declared group; declare it under groups or use one of ${groups.join(", ")}`,
                });
            }
        });
    });

const gatewaySchema = z
    .object({
        tag: imageTag.optional(),
        replicas: z.number().int().min(0).max(200).default(2),
        // The HPA's ceiling; its floor is `replicas`. Without it the gateway stays at `replicas`.
        maxReplicas: z.number().int().min(1).max(500).optional(),
        // Average CPU utilisation (% of the request) the HPA keeps the gateways at.
        cpuTarget: z.number().int().min(10).max(100).default(70),
        port: port.default(60006),
        // Default: LoadBalancer when the environment binds load balancers, ClusterIP otherwise.
        service: z.enum(["LoadBalancer", "NodePort", "ClusterIP"]).optional(),
        nodePort: z.number().int().min(30000).max(32767).optional(),
        // Always resolved (spec defaults here, once), so no consumer has a fallback of its own.
        loadBalancer: z
            .object({
                id: z.string().min(1).optional(),
                spec: z.string().default(defaultSlbSpec),
            })
            .strict()
            .prefault({}),
        resources: resources({ cpu: "250m", memory: "256Mi" }),
    })
    .strict()
    .superRefine((g, ctx) => {
        if (g.maxReplicas !== undefined && g.maxReplicas < g.replicas) {
            ctx.addIssue({
                code: "custom",
                path: ["maxReplicas"],
                input: g.maxReplicas,
                message: `is below replicas ${g.replicas}; the autoscaler's ceiling must be at least its floor`,
            });
        }
        if (g.port === contract.adminPort) {
            ctx.addIssue({
                code: "custom",
                path: ["port"],
                input: g.port,
                message: `is the gateway's admin port (ADMIN_PORT, probes and /metrics); use another port such as the default 60006`,
            });
        }
        if (g.nodePort !== undefined && g.service === "ClusterIP") {
            ctx.addIssue({
                code: "custom",
                path: ["nodePort"],
                input: g.nodePort,
                message: `needs service NodePort or LoadBalancer; remove it or set gateway.service: NodePort`,
            });
        }
    });

const cronJobSchema = z
    .object({
        name: z.enum(cronJobNames),
        schedule: z.string().regex(/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/, {
            error: "is not a cron schedule; write five fields like \"0 0 * * *\" or @daily",
        }),
        // IANA zone the schedule is read in (the controller's default is UTC), e.g. Asia/Shanghai.
        timeZone: z.string().regex(/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/, {
            error: "is not a time zone; use an IANA name such as Asia/Shanghai or UTC",
        }).optional(),
        tag: imageTag.optional(),
        // A run that has not started this long after its slot is skipped, not run late.
        startingDeadlineSeconds: z.number().int().min(10).max(86400).default(300),
        // A run that takes longer than this is killed.
        activeDeadlineSeconds: z.number().int().min(10).max(86400).default(600),
        backoffLimit: z.number().int().min(0).max(10).default(2),
        successfulJobsHistoryLimit: z.number().int().min(0).max(20).default(3),
        failedJobsHistoryLimit: z.number().int().min(0).max(20).default(3),
    })
    .strict();

export const defaultRedisImage = "redis:7.2.5-alpine";

const redisSchema = z.discriminatedUnion("mode", [
    z
        .object({
            mode: z.literal("in-cluster"),
            // 20Gi: the smallest ACK cloud disk; a local-path provisioner ignores the size anyway.
            storage: storageSize.default("20Gi"),
            storageClass: dnsLabel(63).optional(),
            image: z.string().regex(/^[a-z0-9.\/:-]+:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[a-f0-9]{64})?$|^[a-z0-9.\/:-]+@sha256:[a-f0-9]{64}$/, {
                error: "is not a pinned image; write it with a tag or digest, e.g. redis:7.2.5-alpine",
            }).refine((image) => !/:latest(@|$)/.test(image), {
                error: "is not allowed: `latest` is not a version; pin one such as redis:7.2.5-alpine",
            }).default(defaultRedisImage),
            resources: resources({ cpu: "100m", memory: "256Mi" }),
        })
        .strict(),
    z
        .object({
            mode: z.literal("external"),
            host: z.string().regex(/^[A-Za-z0-9.-]+$/, { error: "is not a host name or IPv4 address; write it like r-bp1abc.redis.rds.aliyuncs.com" }),
            port: port.default(6379),
            // Name of a secret stack config key (set with `pulumi config set --secret`) holding the password.
            passwordKey: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/).optional(),
        })
        .strict(),
], {
    error: (issue) => {
        const modes = "in-cluster (a Redis StatefulSet in the zone) or external (with host, port and an optional passwordKey)";
        const input = issue.input as Record<string, unknown> | undefined;
        return typeof input === "object" && input !== null && input.mode !== undefined ? `is not a Redis mode; use ${modes}` : `is required; set it to ${modes}`;
    },
});

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

/** Rules across zones: ids and names are unique in a stack. */
export const zonesSchema = z.array(zoneSchema).superRefine((zones, ctx) => {
    for (const field of ["id", "name"] as const) {
        const first = new Map<unknown, number>();
        zones.forEach((zone, i) => {
            const seen = first.get(zone[field]);
            if (seen !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [i, field],
                    input: zone[field],
                    message: `is already used by zones[${seen}]; every zone needs its own ${field}`,
                });
            } else first.set(zone[field], i);
        });
    }
});

export type ZoneConfig = z.output<typeof zoneSchema>;
export type ZoneInput = z.input<typeof zoneSchema>;
export type RoomGroupConfig = z.output<typeof roomGroupSchema>;
export type GatewayConfig = z.output<typeof gatewaySchema>;
export type CronJobConfig = z.output<typeof cronJobSchema>;
export type RedisConfig = z.output<typeof redisSchema>;
export type ResourcesConfig = z.output<ReturnType<typeof resources>>;
