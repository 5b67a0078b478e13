// One CronJob per `cron[]` entry: `node services/cron/main.js <job>` on the cron image.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { contract, names, workloadLabels } from "../names";
import type { CronJobConfig } from "../schema";
import type { ZoneContext } from "./context";
import { containerResources, containerSecurityContext, redisEnv, tmpMount, tmpVolume, zonePodBasics } from "./pod";

const cronResources = { cpu: "100m", memory: "128Mi" };

export function cronJobArgs(ctx: ZoneContext, job: CronJobConfig, image: pulumi.Input<string>): k8s.batch.v1.CronJobArgs {
    const name = names.cron(job.name);
    const labels = workloadLabels(ctx.id, "cron", name, { "gameops.io/cron-job": job.name });
    return {
        metadata: { name, namespace: ctx.namespace, labels },
        spec: {
            schedule: job.schedule,
            ...(job.timeZone !== undefined ? { timeZone: job.timeZone } : {}),
            // A leaderboard or sweep that is still running when the next slot comes is not started twice.
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: job.startingDeadlineSeconds,
            successfulJobsHistoryLimit: job.successfulJobsHistoryLimit,
            failedJobsHistoryLimit: job.failedJobsHistoryLimit,
            jobTemplate: {
                metadata: { labels },
                spec: {
                    backoffLimit: job.backoffLimit,
                    activeDeadlineSeconds: job.activeDeadlineSeconds,
                    template: {
                        metadata: { labels },
                        spec: {
                            restartPolicy: "Never",
                            ...zonePodBasics(ctx.pullSecret),
                            containers: [
                                {
                                    name: "cron",
                                    image,
                                    command: [...contract.cronCommand],
                                    args: [job.name],
                                    env: redisEnv(ctx.redis),
                                    resources: containerResources({ ...cronResources }),
                                    securityContext: containerSecurityContext(),
                                    volumeMounts: [tmpMount],
                                },
                            ],
                            volumes: [tmpVolume],
                        },
                    },
                },
            },
        },
    };
}
