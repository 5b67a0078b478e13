// Builds a Logging component directly under the shared mocks, with a hand-made Environment and
// its explicit k8s.Provider, and records what it registered (inputs and options).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../../components/environment";
import { Logging } from "../../../components/logging/logging";
import { loggingSchema } from "../../../components/logging/schema";
import { GameopsMocks, type RegisteredResource } from "../../../lib/program/mocks";
import { promiseOf, recordOptions, type RecordedOptions } from "../../../lib/program/run";

export interface LoggingRun {
    resources: RegisteredResource[];
    options: RecordedOptions[];
    outputs: Record<string, unknown>;
}

export interface EnvOverrides {
    envName?: string;
    namePrefix?: string;
    protect?: boolean;
}

/** Runs `new Logging(...)` with `gameops:logging` = `raw` (validated and defaulted by the real schema). */
export async function runLogging(raw: Record<string, unknown>, env: EnvOverrides = {}, zones = ["s101", "s102"]): Promise<LoggingRun> {
    const config = loggingSchema.parse({ enabled: true, ...raw });
    const mocks = new GameopsMocks();
    const stack = env.envName ?? "dev";
    await pulumi.runtime.setMocks(mocks, "gameops", stack, false, "acme");
    pulumi.runtime.setAllConfig({}, []);

    const options: RecordedOptions[] = [];
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
        recordOptions(options);
        const environment: Environment = {
            stack,
            envName: env.envName ?? stack,
            k8sProvider: new k8s.Provider("k8s", {}),
            namePrefix: env.namePrefix ?? "",
            protect: env.protect ?? false,
            loadBalancerVendor: "none",
            loadBalancerIds: {},
            registry: { imagePrefix: "registry.example.com/mygame" },
            imageTag: "1.0.0",
        };
        const logging = new Logging("logging", { environment, config, zones });
        const outputs: Record<string, unknown> = {
            namespace: await promiseOf(logging.namespace),
            elasticsearchUrl: await promiseOf(logging.elasticsearchUrl),
            elasticsearchHost: await promiseOf(logging.elasticsearchHost),
            kibanaService: logging.kibanaService && (await promiseOf(logging.kibanaService)),
            kibanaUrl: logging.kibanaUrl && (await promiseOf(logging.kibanaUrl)),
            elasticUserSecret: await promiseOf(logging.elasticUserSecret),
            caSecret: await promiseOf(logging.caSecret),
            zoneIndexPatterns: await promiseOf(logging.zoneIndexPatterns),
        };
        // Absent outputs stay absent (as in a real stack), rather than undefined stack outputs.
        return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined));
    });
    await new Promise((resolve) => setImmediate(resolve));
    return { resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"), options, outputs: outputs as Record<string, unknown> };
}

/** The one registered resource of a type (and name, when several share the type). */
export function only(run: LoggingRun, type: string, name?: string): RegisteredResource {
    const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) {
        throw new Error(
            `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${run.resources.map((r) => `${r.type}::${r.name}`).join(", ")}`,
        );
    }
    return found[0];
}

export function optionsOf(run: LoggingRun, type: string, name: string): RecordedOptions {
    const found = run.options.find((o) => o.type === type && o.name === name);
    if (!found) throw new Error(`no options recorded for ${type}::${name}`);
    return found;
}
