// The gameops policy pack: its name and every policy, without constructing the PolicyPack. Tests
// load this module; @pulumi/policy's PolicyPack constructor starts the policy gRPC server at once.
import type { PolicyPackArgs } from "@pulumi/policy";
import { cronJobsPolicy } from "./rules/cronJobs";
import { imageTagsPolicy } from "./rules/imageTags";
import { nonRootPolicy } from "./rules/nonRoot";
import { protectedDataPolicy } from "./rules/protectedData";
import { readOnlyRootPolicy } from "./rules/readOnlyRoot";
import { roomDrainPolicy } from "./rules/roomDrain";
import { secretEnvPolicy } from "./rules/secretEnv";
import { zoneIsolationPolicy } from "./rules/zoneIsolation";

export const packName = "gameops";

export const packArgs: PolicyPackArgs = {
    description: "gameops rules for game environments: pinned images, restricted pods, room drain wiring, secrets from Secrets, isolated zones, protected prod data, bounded CronJobs.",
    enforcementLevel: "mandatory",
    policies: [
        imageTagsPolicy,
        nonRootPolicy,
        readOnlyRootPolicy,
        roomDrainPolicy,
        secretEnvPolicy,
        cronJobsPolicy,
        zoneIsolationPolicy,
        protectedDataPolicy,
    ],
};
