// ZoneCron: the zone's scheduled jobs, one CronJob per `cron[]` entry.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { CronJobConfig } from "./schema";
import type { ZoneContext } from "./specs/context";
import { cronJobArgs } from "./specs/cron";

export interface ZoneCronArgs {
    environment: Environment;
    ctx: ZoneContext;
    jobs: { job: CronJobConfig; image: pulumi.Input<string> }[];
    dependsOn: pulumi.Resource[];
}

export class ZoneCron extends pulumi.ComponentResource {
    readonly jobs: string[];

    constructor(name: string, args: ZoneCronArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:ZoneCron", name, {}, opts);
        for (const { job, image } of args.jobs) {
            new k8s.batch.v1.CronJob(`${name}-${job.name}`, cronJobArgs(args.ctx, job, image), {
                parent: this,
                provider: args.environment.k8sProvider,
                dependsOn: args.dependsOn,
            });
        }
        this.jobs = args.jobs.map(({ job }) => job.name);
        this.registerOutputs({ jobs: this.jobs });
    }
}
