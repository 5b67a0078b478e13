// Stack config for a zone's `room`: the A/B room groups, which one new players get (`active`), the
// version rules that route some clients elsewhere, and how long a stopping room server drains.
import * as semver from "semver";
import { z } from "zod";
import { imageTag, semver as version } from "../primitives/patterns";
import { resources } from "./resources-schema";

export const roomGroupNames = ["a", "b"] as const;
export type RoomGroupName = (typeof roomGroupNames)[number];

/** A round lasts 30 s plus 5 s of settlement (services/CONTRACT.md), so a drain shorter than this cuts rounds short. */
const minDrainSeconds = 40;

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
                message: `is more than replicas ${g.replicas}, and a canary updates at most every pod; ${g.replicas === 0 ? "remove it" : `set canary to ${g.replicas} or less (or remove it)`}`,
            });
        }
    });

const versionRuleSchema = z
    .object({
        minClientVersion: version.optional(),
        maxClientVersion: version.optional(),
        group: z.enum(roomGroupNames),
    })
    .strict()
    .superRefine((rule, ctx) => {
        // The gateway matches min <= client < max (services/gateway/routing.ts), so min >= max matches no client.
        const { minClientVersion: min, maxClientVersion: max } = rule;
        if (min !== undefined && max !== undefined && semver.valid(min) && semver.valid(max) && semver.gte(min, max)) {
            ctx.addIssue({
                code: "custom",
                path: ["minClientVersion"],
                input: min,
                message: `is not below maxClientVersion ${max}, so the rule matches no client (it matches versions from min up to, not including, max); set minClientVersion below maxClientVersion`,
            });
        }
    });

export const roomSchema = z
    .object({
        // OpenKruise Game (`okg`, in-place hot updates) is planned; refusing it by name beats a silent fallback.
        engine: z
            .enum(["statefulset"], {
                error: "is not an available room engine; use statefulset (the OpenKruise Game engine okg, for in-place hot updates, is not in this version)",
            })
            .default("statefulset"),
        active: z.string(),
        drainSeconds: z
            .number()
            .int()
            .min(minDrainSeconds, {
                error: `is too short; a round plus settlement takes 35 s, so a stopping room server needs ${minDrainSeconds} s or more to let its rooms finish; use ${minDrainSeconds} or more`,
            })
            .max(3600)
            .default(120),
        groups: z.object({ a: roomGroupSchema.optional(), b: roomGroupSchema.optional() }).strict().prefault({}),
        versionRules: z.array(versionRuleSchema).default([]),
    })
    .strict()
    .superRefine((room, ctx) => {
        const groups = roomGroupNames.filter((g) => room.groups[g] !== undefined);
        const choices = groups.length ? groups.join(", ") : "a, b (and declare it under groups)";
        if (!groups.includes(room.active as RoomGroupName)) {
            ctx.addIssue({ code: "custom", path: ["active"], input: room.active, message: `is not a group; use one of ${choices}` });
        } else if (room.groups[room.active as RoomGroupName]?.replicas === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["active"],
                input: room.active,
                message: `has 0 replicas (room.groups.${room.active}.replicas), so new players would find no room server; scale groups.${room.active} up first, then make it active`,
            });
        }
        room.versionRules.forEach((rule, i) => {
            if (!groups.includes(rule.group)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["versionRules", i, "group"],
                    input: rule.group,
                    message: `is not a declared group; declare it under groups or use one of ${choices}`,
                });
            } else if (room.groups[rule.group]?.replicas === 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["versionRules", i, "group"],
                    input: rule.group,
                    message: `has 0 replicas (room.groups.${rule.group}.replicas), so the clients this rule routes would find no room server; scale groups.${rule.group} up first, or route the rule to another group`,
                });
            }
        });
    });

export type RoomGroupConfig = z.output<typeof roomGroupSchema>;
