// The gameops policy pack: its name and every policy, without constructing the PolicyPack. Tests
// load this module; @pulumi/policy's PolicyPack constructor starts the policy gRPC server at once.
import type { PolicyPackArgs } from "@pulumi/policy";
import { cronJobsPolicy } from "./rules/cron-jobs";
import { imageTagsPolicy } from "./rules/image-tags";
import { nonRootPolicy } from "./rules/non-root";
import { protectedDataPolicy } from "./rules/protected-data";
import { readOnlyRootPolicy } from "./rules/read-only-root";
import { roomDrainPolicy } from "./rules/room-drain";
import { secretEnvPolicy } from "./rules/secret-env";
import { worldIngressPolicy } from "./rules/world-ingress";
import { zoneIsolationPolicy } from "./rules/zone-isolation";

export const packName = "gameops";

export const packArgs: PolicyPackArgs = {
    description:
        "gameops rules for game environments: pinned images, restricted pods, room drain wiring, secrets from Secrets, isolated zones, narrow public ingress, protected prod data, bounded CronJobs.",
    enforcementLevel: "mandatory",
    policies: [
        imageTagsPolicy,
        nonRootPolicy,
        readOnlyRootPolicy,
        roomDrainPolicy,
        secretEnvPolicy,
        cronJobsPolicy,
        zoneIsolationPolicy,
        worldIngressPolicy,
        protectedDataPolicy,
    ],
};
