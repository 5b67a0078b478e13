// Stack config for a zone's `room`: the A/B room groups, which one new players get (`active`), the
// version rules that route some clients elsewhere, and how long a stopping room server drains.
import * as semver from "semver";
import { z } from "zod";
import { imageTag, semver as version } from "../primitives/patterns";
import { directIssues, okgGroupFields, okgGroupKeys, roomEngines } from "./okg-schema";
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
        ...okgGroupFields,
    })
    .strict()
    .superRefine((g, ctx) => {
        if (g.surge !== undefined && g.release !== "lossless") {
            ctx.addIssue({
                code: "custom",
                path: ["surge"],
                input: g.surge,
                message: "is only for a lossless release (new servers beside the old ones under OnDelete); set release: lossless or remove surge",
            });
        }
        if (g.canary !== undefined && g.release === "lossless") {
            ctx.addIssue({
                code: "custom",
                path: ["canary"],
                input: g.canary,
                message: "does nothing under release: lossless (OnDelete never updates a running pod; new servers come through surge); remove canary",
            });
        } else if (g.canary !== undefined && g.canary > g.replicas) {
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
        // statefulset: plain StatefulSets; okg: OpenKruise Game GameServerSets (hot updates, lossless release).
        engine: z
            .enum(roomEngines, {
                error: "is not a room engine; use statefulset (StatefulSets, releases by A/B cutover or canary) or okg (OpenKruise Game: in-place rules updates, lossless release)",
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
        if (room.engine !== "okg") {
            for (const g of groups) {
                for (const key of okgGroupKeys) {
                    if (room.groups[g]?.[key] === undefined) continue;
                    ctx.addIssue({
                        code: "custom",
                        path: ["groups", g, key],
                        input: room.groups[g]?.[key],
                        message:
                            key === "direct"
                                ? `is only for room.engine okg with a network (a StatefulSet gives its room pods no public address); set room.engine to okg and groups.${g}.network, or remove groups.${g}.direct`
                                : `is only for room.engine okg (OpenKruise Game); set room.engine to okg or remove groups.${g}.${key}`,
                    });
                }
            }
        } else {
            for (const g of groups) {
                for (const issue of directIssues(g, room.groups[g] ?? {})) ctx.addIssue({ code: "custom", ...issue, path: ["groups", g, ...issue.path] });
            }
        }
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
