// Turns a pure check into a CrossGuard policy: the check returns violation messages, the policy
// reports each one. Keeping the two apart lets tests run every rule without a policy server.
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyResourceLike, StackViolation } from "./resource";

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** What to do about a violation, shown by the Pulumi Cloud console. */
    remediationSteps: string;
    configSchema?: PolicyConfigSchema;
}

export type ResourceCheck<Config> = (resource: PolicyResourceLike, config: Config) => string[];
export type StackCheck = (resources: PolicyResourceLike[], stackTags: ReadonlyMap<string, string>) => StackViolation[];

/**
 * A resource policy. `config` is the policy's configuration from the pack config (getConfig), to
 * which the rule applies its own defaults; an unknown value met during preview throws out of the
 * check, and @pulumi/policy reports that as "can't run during preview" (advisory), not a pass.
 */
export function resourcePolicy<Config extends object>(info: PolicyInfo, check: ResourceCheck<Config>): ResourceValidationPolicy {
    return {
        ...info,
        validateResource: (args, reportViolation) => {
            const resource = { type: args.type, name: args.name, urn: args.urn, props: args.props, opts: args.opts };
            for (const message of check(resource, args.getConfig<Config>())) reportViolation(message);
        },
    };
}

export function stackPolicy(info: PolicyInfo, check: StackCheck): StackValidationPolicy {
    return {
        ...info,
        validateStack: (args, reportViolation) => {
            for (const violation of check(args.resources, args.stackTags)) reportViolation(violation.message, violation.urn);
        },
    };
}
