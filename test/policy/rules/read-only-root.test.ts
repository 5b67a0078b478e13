import { strict as assert } from "node:assert";
import { checkReadOnlyRoot, readOnlyRootPolicy } from "../../../policy/rules/read-only-root";
import { podSpec, resourceOf, types } from "../fixtures";

describe(readOnlyRootPolicy.name, () => {
    describe("#checkReadOnlyRoot", () => {
        it("must refuse a writable root filesystem on the Redis StatefulSet", async () => {
            const redis = await resourceOf("prod", types.statefulSet, "s2-redis");
            podSpec(redis).containers[0].securityContext.readOnlyRootFilesystem = false;
            assert.deepEqual(checkReadOnlyRoot(redis), [
                `StatefulSet s2/redis container "redis": readOnlyRootFilesystem is false (spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem); set it to true and mount an emptyDir where the process writes (e.g. /tmp)`,
            ]);
        });

        it("must refuse a container that leaves it unset", async () => {
            const retention = await resourceOf("dev", types.cronJob, "logging-retention");
            delete podSpec(retention).containers[0].securityContext;
            assert.deepEqual(checkReadOnlyRoot(retention), [
                `CronJob logging/log-retention container "retention": readOnlyRootFilesystem is unset (spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem); set it to true and mount an emptyDir where the process writes (e.g. /tmp)`,
            ]);
        });

        it("must be mandatory: every workload the program deploys (Fluentd and Redis included) has a read-only root", () => {
            assert.equal(readOnlyRootPolicy.enforcementLevel, "mandatory");
        });
    });
});
