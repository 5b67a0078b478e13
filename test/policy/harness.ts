// Feeds what the real program registers (test/program/harness) to the policy pack, shaped the way
// the CLI hands resources to a policy: type, name, URN, props with secrets unwrapped, and options
// with `protect` inherited from the parent as the Pulumi SDK does before registering.
import type { PolicyResourceOptions, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { secretValue } from "../../lib/program/mocks";
import { committedStackNames, parentStackOf, runProgram, stackFile, type ProgramRun, type StackInput } from "../../lib/program/run";
import { packArgs } from "../../policy/pack";
import type { PolicyResourceLike } from "../../policy/lib/resource";

/** The committed stacks (root and stacks/); a fork's parent outputs come from a real evaluation of its parent. */
export const committedStacks = committedStackNames();

async function stackInput(stack: string, parentRuns: Map<string, ProgramRun>): Promise<StackInput> {
    const input = stackFile(stack);
    const forkOf = input.config["gameops:forkOf"];
    if (typeof forkOf === "string") {
        const parent = parentStackOf(forkOf);
        const run = parentRuns.get(parent) ?? (await runProgram(stackFile(parent)));
        input.parents = { [forkOf]: run.outputs };
    }
    return input;
}

const runs = new Map<string, ProgramRun>();

/** Evaluates a committed stack once per test process (evaluations share the Pulumi runtime, so never in parallel). */
export async function committedRun(stack: string): Promise<ProgramRun> {
    const cached = runs.get(stack);
    if (cached) return cached;
    const run = await runProgram(await stackInput(stack, runs));
    runs.set(stack, run);
    return run;
}

function unwrapSecrets(value: unknown): unknown {
    const { value: plain } = secretValue(value);
    if (Array.isArray(plain)) return plain.map(unwrapSecrets);
    if (plain && typeof plain === "object") return Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, unwrapSecrets(v)]));
    return plain;
}

/** Every registered resource (components and providers too, as the engine sends them) as a policy sees it. */
export function policyResources(run: ProgramRun, stack: string): PolicyResourceLike[] {
    const options = new Map(run.options.map((o) => [`${o.type}::${o.name}`, o]));
    const effectiveProtect = (key: string | undefined): boolean => {
        const o = key === undefined ? undefined : options.get(key);
        if (!o) return false;
        return o.protect ?? effectiveProtect(o.parent);
    };
    const urn = (key: string): string => {
        const chain: string[] = [];
        for (let o = options.get(key); o?.parent !== undefined; o = options.get(o.parent)) chain.unshift(o.parent.split("::")[0]);
        const [type, name] = key.split("::");
        return `urn:pulumi:${stack}::gameops::${[...chain, type].join("$")}::${name}`;
    };
    return run.resources.map((r) => {
        const key = `${r.type}::${r.name}`;
        return {
            type: r.type,
            name: r.name,
            urn: urn(key),
            props: unwrapSecrets(r.inputs) as Record<string, unknown>,
            opts: { protect: effectiveProtect(key) },
        };
    });
}

export interface Reported {
    policy: string;
    urn?: string;
    message: string;
}

function options(resource: PolicyResourceLike): PolicyResourceOptions {
    return {
        protect: resource.opts?.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
}

const notApplicable = (reason?: string): never => {
    throw new Error(`notApplicable: ${reason}`);
};

/**
 * Runs every policy of the pack the way the policy server does: each resource policy on each
 * resource, each stack policy on all of them, props behind the same unknown-checking proxy, and
 * `config` as the pack config (policy name → its settings; none by default).
 */
export async function evaluatePack(
    resources: PolicyResourceLike[],
    stackTags: ReadonlyMap<string, string> = new Map(),
    config: Record<string, object> = {},
): Promise<Reported[]> {
    const reported: Reported[] = [];
    for (const policy of packArgs.policies) {
        if ("validateResource" in policy) {
            const validations = ([] as ResourceValidation[]).concat(policy.validateResource ?? []);
            for (const r of resources) {
                const args: ResourceValidationArgs = {
                    type: r.type,
                    props: unknownCheckingProxy(r.props),
                    urn: r.urn ?? r.name,
                    name: r.name,
                    opts: options(r),
                    stackTags,
                    isType: () => false,
                    asType: () => undefined,
                    getConfig: <T extends object>() => (config[policy.name] ?? {}) as T,
                    notApplicable,
                };
                for (const validate of validations) await validate(args, (message: string) => reported.push({ policy: policy.name, urn: args.urn, message }));
            }
        } else if ("validateStack" in policy) {
            const args: StackValidationArgs = {
                resources: resources.map((r) => ({
                    type: r.type,
                    props: unknownCheckingProxy(r.props),
                    urn: r.urn ?? r.name,
                    name: r.name,
                    opts: options(r),
                    dependencies: [],
                    propertyDependencies: {},
                    isType: () => false,
                    asType: () => undefined,
                })),
                stackTags,
                getConfig: <T extends object>() => (config[policy.name] ?? {}) as T,
                notApplicable,
            };
            await policy.validateStack(args, (message, urn) => reported.push({ policy: policy.name, urn, message }));
        }
    }
    return reported;
}

/** A deep copy of the one resource of `type` named `name`, for a test to break. */
export function copyOf(resources: PolicyResourceLike[], type: string, name: string): PolicyResourceLike {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return structuredClone(found[0]);
}
