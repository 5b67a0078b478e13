// Stack config for one entry of a zone's `cron`: which job, when (checked like the API server checks a
// CronJob's schedule and timeZone), and its run limits.
import { z } from "zod";
import { cronScheduleProblem } from "../primitives/cron";
import { timeZoneProblem } from "../primitives/kubernetes";
import { imageTag } from "../primitives/patterns";

const cronJobNames = ["leaderboard", "directory-sweep"] as const;

/** A string `problem` refuses with its own message (it returns the message, or undefined). */
const checked = (problem: (value: string) => string | undefined) =>
    z.string().superRefine((value, ctx) => {
        const message = problem(value);
        if (message !== undefined) ctx.addIssue({ code: "custom", input: value, message });
    });

export const cronJobSchema = z
    .object({
        name: z.enum(cronJobNames),
        // Five fields or a macro, as robfig/cron's standard parser (the API server's) reads it.
        schedule: checked(cronScheduleProblem),
        // IANA zone the schedule is read in (default: the controller's own), e.g. Asia/Shanghai.
        timeZone: checked(timeZoneProblem).optional(),
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

export type CronJobConfig = z.output<typeof cronJobSchema>;
