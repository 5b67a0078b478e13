// A container cannot write to its image: whatever an attacker (or a bug) writes is gone with the
// pod, and the image on disk is exactly the released one. Writable scratch space is an emptyDir.
// Mandatory: every workload gameops deploys (zone services, Redis, Fluentd, log retention) already
// mounts what it writes; a workload that truly cannot comply is downgraded in the pack config.
import { resourcePolicy } from "../lib/define";
import { at, describe, shown, type PolicyResourceLike } from "../lib/resource";
import { containersOf, podSpecOf } from "../lib/workloads";

export function checkReadOnlyRoot(resource: PolicyResourceLike): string[] {
    const pod = podSpecOf(resource);
    if (!pod) return [];
    const violations: string[] = [];
    for (const { path, label, container } of containersOf(pod)) {
        const value = at(container, "securityContext", "readOnlyRootFilesystem");
        if (value !== true) {
            violations.push(
                `${describe(resource)} ${label}: readOnlyRootFilesystem is ${shown(value)} (${path}.securityContext.readOnlyRootFilesystem); set it to true and mount an emptyDir where the process writes (e.g. /tmp)`,
            );
        }
    }
    return violations;
}

export const readOnlyRootPolicy = resourcePolicy(
    {
        name: "gameops-read-only-root-filesystem",
        description: "Every container has securityContext.readOnlyRootFilesystem true; writable paths are volumes.",
        enforcementLevel: "mandatory",
        remediationSteps: "Set readOnlyRootFilesystem: true and mount an emptyDir (or the data volume) at each path the process writes.",
    },
    checkReadOnlyRoot,
);
