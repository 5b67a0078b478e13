// CronJobs never overlap (a leaderboard or sweep still running at the next slot is not started
// twice) and keep a bounded, explicit history of finished Jobs.
import { resourcePolicy } from "../lib/define";
import { at, describe, kubernetesKind, shown, type PolicyResourceLike } from "../lib/resource";

const historyFields = ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"] as const;
/** Kubernetes' defaults, named in the message so the fix is a conscious choice, not a surprise. */
const historyDefaults: Record<(typeof historyFields)[number], number> = { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 };

export function checkCronJob(resource: PolicyResourceLike): string[] {
    const k8s = kubernetesKind(resource.type);
    if (!k8s || k8s.group !== "batch" || k8s.kind !== "CronJob") return [];
    const where = describe(resource);
    const violations: string[] = [];
    const concurrency = at(resource.props, "spec", "concurrencyPolicy");
    if (concurrency !== "Forbid") {
        const found = concurrency === undefined ? "unset (Kubernetes defaults to Allow)" : shown(concurrency);
        violations.push(
            `${where}: concurrencyPolicy is ${found} (spec.concurrencyPolicy); set it to "Forbid" so a run still going at the next slot is not started twice`,
        );
    }
    for (const field of historyFields) {
        const value = at(resource.props, "spec", field);
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
            const found = value === undefined ? `unset (Kubernetes defaults to ${historyDefaults[field]})` : shown(value);
            violations.push(`${where}: ${field} is ${found} (spec.${field}); set it to a whole number such as 3`);
        }
    }
    return violations;
}

export const cronJobsPolicy = resourcePolicy(
    {
        name: "gameops-cronjob-limits",
        description: "Every CronJob has concurrencyPolicy Forbid and sets successfulJobsHistoryLimit and failedJobsHistoryLimit.",
        enforcementLevel: "mandatory",
        remediationSteps: "Set spec.concurrencyPolicy: Forbid, spec.successfulJobsHistoryLimit and spec.failedJobsHistoryLimit (e.g. 3).",
    },
    checkCronJob,
);
