// Stack config for one entry of `gameops:zones`, and the rules that span zones.
import { z } from "zod";
import { dnsLabel, imageTag, port, semver, storageSize } from "../config/primitives";

export const roomGroupNames = ["a", "b"] as const;
export type RoomGroupName = (typeof roomGroupNames)[number];

const roomGroupSchema = z
    .object({
        tag: imageTag.optional(),
        replicas: z.number().int().min(0).max(200),
        // Pods that take the group's tag while the rest stay on the last rolled-out spec (StatefulSet partition).
        canary: z.number().int().min(0).optional(),
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
        engine: z.enum(["statefulset"]).default("statefulset"),
        active: z.string(),
        drainSeconds: z.number().int().min(0).max(3600).default(120),
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
    });

const gatewaySchema = z
    .object({
        tag: imageTag.optional(),
        replicas: z.number().int().min(0).max(200).default(2),
        maxReplicas: z.number().int().min(1).max(500).optional(),
        port: port.default(60006),
        service: z.enum(["LoadBalancer", "NodePort", "ClusterIP"]).optional(),
        nodePort: z.number().int().min(30000).max(32767).optional(),
        loadBalancer: z
            .object({
                id: z.string().min(1).optional(),
                spec: z.string().default("slb.s2.small"),
            })
            .strict()
            .optional(),
    })
    .strict();

const cronJobSchema = z
    .object({
        name: z.enum(["leaderboard", "directory-sweep"]),
        schedule: z.string().regex(/^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/, {
            error: "is not a cron schedule; write five fields like \"0 0 * * *\" or @daily",
        }),
        tag: imageTag.optional(),
    })
    .strict();

const redisSchema = z.discriminatedUnion("mode", [
    z
        .object({
            mode: z.literal("in-cluster"),
            storage: storageSize.default("1Gi"),
            storageClass: z.string().optional(),
        })
        .strict(),
    z
        .object({
            mode: z.literal("external"),
            host: z.string().min(1),
            port: port.default(6379),
            // Name of a secret stack config key (set with `pulumi config set --secret`) holding the password.
            passwordKey: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/).optional(),
        })
        .strict(),
]);

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
    .strict();

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
