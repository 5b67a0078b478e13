import { strict as assert } from "node:assert";
import { checkNonRoot, defaultRootExemptions, nonRootPolicy } from "../../../policy/rules/non-root";
import { podSpec, resourceOf, types } from "../fixtures";

const ctx = "spec.template.spec.containers[0].securityContext";

describe(nonRootPolicy.name, () => {
    describe("#checkNonRoot", () => {
        it("must refuse a pod with runAsNonRoot on neither the pod nor the container", async () => {
            const gateway = await resourceOf("dev", types.deployment, "s101-gateway");
            delete podSpec(gateway).securityContext.runAsNonRoot;
            delete podSpec(gateway).containers[0].securityContext.runAsNonRoot;
            assert.deepEqual(checkNonRoot(gateway, {}), [
                `Deployment s101/gateway container "gateway": runAsNonRoot is not true (${ctx}.runAsNonRoot is unset and spec.template.spec.securityContext.runAsNonRoot is unset); set securityContext.runAsNonRoot: true on the pod or the container and run as a non-zero uid`,
            ]);
        });

        it("must take runAsNonRoot from the pod when the container does not set it", async () => {
            const gateway = await resourceOf("dev", types.deployment, "s101-gateway");
            delete podSpec(gateway).containers[0].securityContext.runAsNonRoot;
            assert.deepEqual(checkNonRoot(gateway, {}), []);
        });

        it("must let the container's runAsNonRoot false override the pod's true", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            podSpec(room).containers[0].securityContext.runAsNonRoot = false;
            assert.deepEqual(checkNonRoot(room, {}), [
                `StatefulSet s101/room-a container "room": runAsNonRoot is not true (${ctx}.runAsNonRoot is false); set securityContext.runAsNonRoot: true on the pod or the container and run as a non-zero uid`,
            ]);
        });

        it("must refuse uid 0, privilege escalation and kept capabilities", async () => {
            const redis = await resourceOf("dev", types.statefulSet, "s101-redis");
            podSpec(redis).securityContext.runAsUser = 0;
            delete podSpec(redis).containers[0].securityContext.runAsUser;
            podSpec(redis).containers[0].securityContext.allowPrivilegeEscalation = true;
            podSpec(redis).containers[0].securityContext.capabilities = { drop: ["NET_RAW"] };
            assert.deepEqual(checkNonRoot(redis, {}), [
                `StatefulSet s101/redis container "redis": runs as uid 0 (spec.template.spec.securityContext.runAsUser is 0); set runAsUser to the image's non-root uid (the bundled services use 10001)`,
                `StatefulSet s101/redis container "redis": allowPrivilegeEscalation is true (${ctx}.allowPrivilegeEscalation); set it to false`,
                `StatefulSet s101/redis container "redis": capabilities.drop is ["NET_RAW"] (${ctx}.capabilities.drop); set it to ["ALL"] and add back only what the process needs under capabilities.add`,
            ]);
        });

        it("must refuse a container with no securityContext at all, init containers included", async () => {
            const cron = await resourceOf("local", types.cronJob, "s1-cron-leaderboard");
            delete podSpec(cron).securityContext;
            podSpec(cron).initContainers = [{ name: "wait", image: "busybox:1.36" }];
            const init = "spec.jobTemplate.spec.template.spec.initContainers[0].securityContext";
            assert.deepEqual(checkNonRoot(cron, {}).slice(0, 3), [
                `CronJob s1/cron-leaderboard init container "wait": runAsNonRoot is not true (${init}.runAsNonRoot is unset and spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot is unset); set securityContext.runAsNonRoot: true on the pod or the container and run as a non-zero uid`,
                `CronJob s1/cron-leaderboard init container "wait": allowPrivilegeEscalation is unset (${init}.allowPrivilegeEscalation); set it to false`,
                `CronJob s1/cron-leaderboard init container "wait": capabilities.drop is unset (${init}.capabilities.drop); set it to ["ALL"] and add back only what the process needs under capabilities.add`,
            ]);
        });

        it("must let the logging Fluentd DaemonSet run as root by default, and only that", async () => {
            const fluentd = await resourceOf("dev", types.daemonSet, "logging-fluentd");
            assert.deepEqual(
                defaultRootExemptions.map((e) => `${e.kind} ${e.namespace}/${e.name} ${e.container}`),
                ["DaemonSet logging/fluentd fluentd"],
            );
            assert.deepEqual(checkNonRoot(fluentd, {}), []);
            assert.deepEqual(checkNonRoot(fluentd, { rootExemptions: [] }), [
                `DaemonSet logging/fluentd container "fluentd": runAsNonRoot is not true (${ctx}.runAsNonRoot is false); set securityContext.runAsNonRoot: true on the pod or the container and run as a non-zero uid`,
                `DaemonSet logging/fluentd container "fluentd": runs as uid 0 (${ctx}.runAsUser is 0); set runAsUser to the image's non-root uid (the bundled services use 10001)`,
            ]);
        });

        it("must still hold an exempted container to no escalation and no capabilities", async () => {
            const fluentd = await resourceOf("dev", types.daemonSet, "logging-fluentd");
            podSpec(fluentd).containers[0].securityContext.allowPrivilegeEscalation = true;
            assert.deepEqual(checkNonRoot(fluentd, {}), [
                `DaemonSet logging/fluentd container "fluentd": allowPrivilegeEscalation is true (${ctx}.allowPrivilegeEscalation); set it to false`,
            ]);
        });

        it("must not exempt a root container of the same name in another namespace", async () => {
            const fluentd = await resourceOf("dev", types.daemonSet, "logging-fluentd");
            (fluentd.props.metadata as Record<string, unknown>).namespace = "s101";
            assert.equal(checkNonRoot(fluentd, {}).length, 2);
        });
    });
});
