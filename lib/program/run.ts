// Runs index.ts in-process under mocks, once per call, and returns what it registered. A library, not a
// test: `npm run render` and the tests share it.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { GameopsMocks, ParentOutputs, RegisteredResource } from "./mocks";

export const repoRoot = path.resolve(__dirname, "../..");

/** Options of one resource as the program passed them (parent, provider, protect, ...). */
export interface RecordedOptions {
    type: string;
    name: string;
    parent?: string;
    providerType?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    ignoreChanges?: string[];
    customTimeouts?: pulumi.CustomTimeouts;
    dependsOn: string[];
    /** The URN the engine gives this resource (parent types joined with `$`, as the real engine does). */
    urn: string;
    /** The parent's URN (absent for a resource at the stack root). */
    parentUrn?: string;
    /** The URNs this resource's own `aliases` name (a child's inherited aliases are not expanded here). */
    aliases: string[];
}

export interface ProgramRun {
    /** Resources the providers saw, in registration order (the root Stack excluded). */
    resources: RegisteredResource[];
    /** Options of every resource, components included. */
    options: RecordedOptions[];
    /** Stack outputs, resolved. */
    outputs: Record<string, any>;
    /** Names of top-level stack outputs that are Pulumi secrets. */
    secretOutputs: string[];
    mocks: GameopsMocks;
}

export interface StackInput {
    /** The stack name (`dev` for Pulumi.dev.yaml). */
    stack: string;
    /** Flat config as in a Pulumi.<stack>.yaml `config:` block; values may be objects. */
    config: Record<string, unknown>;
    /** Keys (fully qualified) that are secrets. */
    secretKeys?: string[];
    /** Outputs of stacks a fork references, by `<org>/<project>/<stack>`. */
    parents?: ParentOutputs;
}

/**
 * The committed stacks: the team's environments (`Pulumi.<stack>.yaml` in the root) and the templates
 * of personal stacks (`stacks/<stack>.yaml`, copied to `Pulumi.<stack>.yaml` by their user).
 */
export function committedStackNames(): string[] {
    const root = fs.readdirSync(repoRoot).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]);
    const templates = fs.readdirSync(path.join(repoRoot, "stacks")).map((f) => /^(.+)\.yaml$/.exec(f)?.[1]);
    return [...root, ...templates].filter((s): s is string => s !== undefined).sort();
}

/** Where a committed stack's file is: the root for a team environment, else its template. */
function stackFilePath(stack: string): string {
    const team = path.join(repoRoot, `Pulumi.${stack}.yaml`);
    return fs.existsSync(team) ? team : path.join(repoRoot, "stacks", `${stack}.yaml`);
}

/** The parent's stack name of a `gameops:forkOf` reference (`local`, or the last part of `acme/gameops/dev`). */
export function parentStackOf(forkOf: string): string {
    return forkOf.split("/").pop()!;
}

/**
 * Reads a committed stack file. Secure values become the fixed test secret `secret:<key>`. A file
 * without a jwtKey (a template, or a team environment whose secrets are set by its README steps rather
 * than committed) gets the jwtKey those steps set with `--secret`.
 */
export function stackFile(stack: string): StackInput {
    const file = stackFilePath(stack);
    const text = fs.readFileSync(file, "utf8");
    const doc = (parse(text) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    if (!("gameops:jwtKey" in (doc.config ?? {}))) {
        config["gameops:jwtKey"] = testSecretValue("gameops:jwtKey");
        secretKeys.push("gameops:jwtKey");
    }
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (value && typeof value === "object" && "secure" in (value as object)) {
            config[key] = testSecretValue(key);
            secretKeys.push(key);
        } else config[key] = value;
    }
    return { stack, config, secretKeys };
}

/** The plaintext a test stands in for an encrypted value; tests assert it never shows up in plaintext. */
export function testSecretValue(key: string): string {
    // A JWT key must be base64 of at least 32 bytes; this one decodes to "test-secret:<key>" padded with dots.
    return key.endsWith("jwtKey") ? Buffer.from(`test-secret:${key}`.padEnd(32, ".")).toString("base64") : `test-secret:${key}`;
}

const programPath = path.join(repoRoot, "index.ts");

/** The `default` of every key Pulumi.yaml declares, by full key (`gameops:cloud`). */
export function projectDefaults(): Record<string, unknown> {
    const project = parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, unknown> };
    const defaults: Record<string, unknown> = {};
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        if (decl && typeof decl === "object" && !Array.isArray(decl)) {
            if ("default" in decl) defaults[full] = (decl as { default: unknown }).default;
        } else defaults[full] = decl;
    }
    return defaults;
}

/**
 * Records the options (parent, provider, protect, ...) of every resource registered from now on in this
 * stack. Call it first thing inside `runInPulumiStack`; the mocks themselves never see options.
 */
export function recordOptions(options: RecordedOptions[]): void {
    const urnNames = new Map<pulumi.Resource, string>();
    const urns = new Map<pulumi.Resource, string>();
    const stack = pulumi.getStack();
    const project = pulumi.getProject();
    pulumi.runtime.registerStackTransformation((args) => {
        urnNames.set(args.resource, `${args.type}::${args.name}`);
        const opts = args.opts as pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
        const provider = opts.provider as pulumi.ProviderResource | undefined;
        const parentUrn = opts.parent ? urns.get(opts.parent) : undefined;
        const urn = engineUrn(stack, project, parentUrn, args.type, args.name);
        urns.set(args.resource, urn);
        options.push({
            type: args.type,
            name: args.name,
            parent: opts.parent ? urnNames.get(opts.parent) : undefined,
            providerType: provider ? urnNames.get(provider) : undefined,
            protect: opts.protect,
            retainOnDelete: opts.retainOnDelete,
            ignoreChanges: opts.ignoreChanges,
            customTimeouts: opts.customTimeouts,
            dependsOn: ([] as pulumi.Resource[]).concat((opts.dependsOn as pulumi.Resource[] | undefined) ?? []).map((r) => urnNames.get(r) ?? "?"),
            urn,
            parentUrn,
            aliases: (opts.aliases ?? []).map((alias) => aliasUrn(alias, { stack, project, parentUrn, type: args.type, name: args.name }, urns)),
        });
        return undefined;
    });
}

/** The engine's URN: `urn:pulumi:<stack>::<project>::<parent's qualified type>$<type>::<name>`. */
export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const qualified = parentUrn === undefined ? type : `${parentUrn.split("::")[2]}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

interface AliasDefaults {
    stack: string;
    project: string;
    parentUrn: string | undefined;
    type: string;
    name: string;
}

/** The URN an alias names, with the resource's own stack, project, parent, type and name as defaults. */
function aliasUrn(alias: pulumi.Input<string | pulumi.Alias>, own: AliasDefaults, urns: Map<pulumi.Resource, string>): string {
    if (typeof alias === "string") return alias;
    if (pulumi.Output.isInstance(alias) || alias instanceof Promise)
        throw new Error("program harness: an alias given as an Output or a Promise is not supported");
    const a = alias as pulumi.Alias;
    let parentUrn = own.parentUrn;
    if (a.parent === pulumi.rootStackResource || (a as { noParent?: boolean }).noParent) parentUrn = undefined;
    else if (pulumi.Resource.isInstance(a.parent)) parentUrn = urns.get(a.parent);
    else if (typeof a.parent === "string") parentUrn = a.parent;
    return engineUrn(String(a.stack ?? own.stack), String(a.project ?? own.project), parentUrn, String(a.type ?? own.type), String(a.name ?? own.name));
}

/** Evaluates index.ts with the given stack config. Rejects with the program's error, if any. */
export async function runProgram(input: StackInput, mocks = new GameopsMocks(input.parents)): Promise<ProgramRun> {
    await pulumi.runtime.setMocks(mocks, "gameops", input.stack, false, "acme");
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(input.config)) {
        flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    // Like the CLI: a key Pulumi.yaml declares with a default gets that default when the stack lacks it.
    for (const [key, value] of Object.entries(projectDefaults())) {
        if (!(key in flat)) flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(flat, input.secretKeys ?? []);

    const options: RecordedOptions[] = [];
    let failure: unknown;
    let exported: unknown;
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
        recordOptions(options);
        delete require.cache[require.resolve(programPath)];
        try {
            exported = await require(programPath);
            return exported;
        } catch (err) {
            failure = err;
            return {};
        }
    });
    if (failure !== undefined) throw failure;
    // Let every registration settle before callers inspect them.
    await new Promise((resolve) => setImmediate(resolve));
    const secretOutputs: string[] = [];
    for (const [name, value] of Object.entries((exported ?? {}) as Record<string, unknown>)) {
        if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value as pulumi.Output<unknown>))) secretOutputs.push(name);
    }
    return {
        resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
        options,
        outputs: (await resolveDeep(outputs ?? {})) as Record<string, any>,
        secretOutputs,
        mocks,
    };
}

/** Runs a config that must fail; returns the error and what was registered meanwhile (should be nothing). */
export async function runFailing(input: StackInput): Promise<{ error: Error; resources: RegisteredResource[] }> {
    const mocks = new GameopsMocks(input.parents);
    let error: Error | undefined;
    try {
        const run = await runProgram(input, mocks);
        return { error: new Error(`expected stack "${input.stack}" to fail, but it registered ${run.resources.length} resources`), resources: run.resources };
    } catch (err) {
        error = err as Error;
    }
    return { error, resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack") };
}

/** The resolved value of an Output (for assertions on component outputs). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

async function resolveDeep(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) return resolveDeep(await promiseOf(value as pulumi.Output<unknown>));
    if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
    if (value && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = await resolveDeep(v);
        return out;
    }
    return value;
}
