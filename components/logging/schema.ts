// Stack config for `gameops:logging`.
import { z } from "zod";
import { semver, storageSize } from "../config/primitives";

export const loggingSchema = z
    .object({
        enabled: z.boolean().default(false),
        operatorVersion: semver.default("2.16.1"),
        elasticsearch: z
            .object({
                version: semver.default("8.15.0"),
                nodes: z.number().int().min(1).default(1),
                storage: storageSize.default("10Gi"),
                storageClass: z.string().optional(),
            })
            .strict()
            .prefault({}),
        kibana: z.boolean().default(true),
        retentionDays: z.number().int().min(1).default(7),
    })
    .strict();

export type LoggingConfig = z.output<typeof loggingSchema>;
