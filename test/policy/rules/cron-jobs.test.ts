import { strict as assert } from "node:assert";
import { checkCronJob, cronJobsPolicy } from "../../../policy/rules/cron-jobs";
import { resourceOf, types } from "../fixtures";

describe(cronJobsPolicy.name, () => {
    describe("#checkCronJob", () => {
        it("must refuse concurrencyPolicy Allow, and say what unset means", async () => {
            const cron = await resourceOf("dev", types.cronJob, "s101-cron-leaderboard");
            const spec = cron.props.spec as Record<string, unknown>;
            const fix = 'set it to "Forbid" so a run still going at the next slot is not started twice';
            spec.concurrencyPolicy = "Allow";
            assert.deepEqual(checkCronJob(cron), [`CronJob s101/cron-leaderboard: concurrencyPolicy is "Allow" (spec.concurrencyPolicy); ${fix}`]);
            delete spec.concurrencyPolicy;
            assert.deepEqual(checkCronJob(cron), [
                `CronJob s101/cron-leaderboard: concurrencyPolicy is unset (Kubernetes defaults to Allow) (spec.concurrencyPolicy); ${fix}`,
            ]);
        });

        it("must refuse history limits that are unset or not whole numbers", async () => {
            const cron = await resourceOf("prod", types.cronJob, "s2-cron-directory-sweep");
            const spec = cron.props.spec as Record<string, unknown>;
            delete spec.successfulJobsHistoryLimit;
            spec.failedJobsHistoryLimit = 1.5;
            assert.deepEqual(checkCronJob(cron), [
                "CronJob s2/cron-directory-sweep: successfulJobsHistoryLimit is unset (Kubernetes defaults to 3) (spec.successfulJobsHistoryLimit); set it to a whole number such as 3",
                "CronJob s2/cron-directory-sweep: failedJobsHistoryLimit is 1.5 (spec.failedJobsHistoryLimit); set it to a whole number such as 3",
            ]);
        });

        it("must pass the logging retention CronJob as the program builds it", async () => {
            assert.deepEqual(checkCronJob(await resourceOf("dev", types.cronJob, "logging-retention")), []);
        });
    });
});
