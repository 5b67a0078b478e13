import { strict as assert } from "node:assert";
import { baseZone, deployZone, object } from "./fixtures";

describe("ZoneCron", () => {
    describe("#cronJobs", () => {
        it("must register one Forbid CronJob per entry running the job by name, with history limits and deadlines", async () => {
            const run = await deployZone({
                ...baseZone,
                cron: [
                    { name: "leaderboard", schedule: "0 0 * * *", timeZone: "Asia/Shanghai", activeDeadlineSeconds: 900 },
                    { name: "directory-sweep", schedule: "*/5 * * * *" },
                ],
            });
            const jobs = run.resources.filter((r) => r.type === "kubernetes:batch/v1:CronJob");
            assert.equal(jobs.length, 2);
            const lb = object(run.resources, "batch/v1:CronJob", "cron-leaderboard");
            assert.equal(lb.spec.schedule, "0 0 * * *");
            assert.equal(lb.spec.timeZone, "Asia/Shanghai");
            assert.equal(lb.spec.concurrencyPolicy, "Forbid");
            assert.equal(lb.spec.startingDeadlineSeconds, 300);
            assert.equal(lb.spec.successfulJobsHistoryLimit, 3);
            assert.equal(lb.spec.failedJobsHistoryLimit, 3);
            assert.equal(lb.spec.jobTemplate.spec.activeDeadlineSeconds, 900);
            assert.equal(lb.spec.jobTemplate.spec.backoffLimit, 2);
            const pod = lb.spec.jobTemplate.spec.template.spec;
            assert.equal(pod.restartPolicy, "Never");
            assert.deepEqual(pod.containers[0].command, ["node", "services/cron/main.js"]);
            assert.deepEqual(pod.containers[0].args, ["leaderboard"]);
            const sweep = object(run.resources, "batch/v1:CronJob", "cron-directory-sweep");
            assert.deepEqual(sweep.spec.jobTemplate.spec.template.spec.containers[0].args, ["directory-sweep"]);
            assert.equal(sweep.spec.timeZone, undefined);
        });
    });
});
