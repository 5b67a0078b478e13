// Builds one GameZone under the shared mocks with a hand-made Environment, recording what every
// resource was registered with (inputs and options), the way the program harness does for index.ts.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../../components/environment";
import { GameZone, type ZoneOutputs } from "../../../components/zone/game-zone";
import { zoneSchema, type ZoneConfig, type ZoneInput } from "../../../components/zone/schema";
import { GameopsMocks, type RegisteredResource } from "../../../lib/program/mocks";
import { recordOptions, type RecordedOptions } from "../../../lib/program/run";
import { kubeObjects, unwrapSecrets } from "../../../lib/program/objects";

// The runtime's own "wait until every registration has gone out" (what `pulumi up` does before exit).
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const jwtPlaintext = Buffer.from("zone-test-jwt-key").toString("base64");

export function zoneConfig(input: ZoneInput): ZoneConfig {
    return zoneSchema.parse(input);
}

export const baseZone: ZoneInput = {
    id: 101,
    name: "s101",
    gateway: { replicas: 2, maxReplicas: 4 },
    room: { active: "a", drainSeconds: 120, groups: { a: { replicas: 2 }, b: { replicas: 0 } } },
    cron: [
        { name: "leaderboard", schedule: "0 0 * * *" },
        { name: "directory-sweep", schedule: "*/5 * * * *" },
    ],
};

export type EnvOverrides = Partial<Omit<Environment, "k8sProvider" | "jwtKey">> & { jwtKey?: string | null };

export interface ZoneRun {
    resources: RegisteredResource[];
    options: RecordedOptions[];
    outputs: ZoneOutputs;
    /** Errors the program raised while registering (e.g. a ResourceError from an image). */
    errors: Error[];
}

export interface Rejections {
    errors: Error[];
    /** Resolves at the first rejection. */
    first: Promise<void>;
    stop(): void;
}

/**
 * Collects unhandled rejections instead of failing the test: that is how an error thrown inside an
 * Output (a ResourceError from `apply`) surfaces in a Pulumi program, and what fails `pulumi up`.
 */
export function captureRejections(): Rejections {
    const errors: Error[] = [];
    const listeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    let failed: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (failed = resolve));
    const onReject = (reason: unknown) => {
        errors.push(reason as Error);
        failed();
    };
    process.on("unhandledRejection", onReject);
    return {
        errors,
        first,
        stop() {
            process.off("unhandledRejection", onReject);
            for (const l of listeners) process.on("unhandledRejection", l);
        },
    };
}

/** Registers one zone in a fresh mock stack and waits until every registration has settled. */
export async function deployZone(input: ZoneInput, env: EnvOverrides = {}, config: Record<string, string> = {}, secretKeys: string[] = []): Promise<ZoneRun> {
    const mocks = new GameopsMocks();
    await pulumi.runtime.setMocks(mocks, "gameops", env.stack ?? "dev", false, "acme");
    pulumi.runtime.setAllConfig(config, secretKeys);
    const zone = zoneConfig(input);

    const rejections = captureRejections();
    const options: RecordedOptions[] = [];
    let outputs: pulumi.Output<ZoneOutputs> | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            recordOptions(options);
            const provider = new k8s.Provider("k8s", {});
            const { jwtKey, ...rest } = env;
            const environment: Environment = {
                stack: "dev",
                envName: "dev",
                namePrefix: "",
                protect: false,
                loadBalancerVendor: "alicloud-slb",
                loadBalancerIds: { [zone.name]: "lb-bp1zonetest" },
                registry: { imagePrefix: "registry.example.com/game" },
                imageTag: "1.0.0",
                ...rest,
                k8sProvider: provider,
                ...(jwtKey === null ? {} : { jwtKey: pulumi.secret(jwtKey ?? jwtPlaintext) }),
            };
            outputs = new GameZone(zone.name, { environment, zone }).outputs;
            return {};
        });
        // A failed registration never finishes its RPC, so the first error ends the wait as well.
        await Promise.race([waitForRPCs(), rejections.first]);
    } finally {
        rejections.stop();
    }
    const errors = rejections.errors;
    const resolved = errors.length === 0 && outputs ? await new Promise<ZoneOutputs>((resolve) => outputs!.apply(resolve)) : ({} as ZoneOutputs);
    return { resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"), options, outputs: resolved, errors };
}

/** The Kubernetes object (secrets in plaintext) registered with this type suffix (e.g. `apps/v1:StatefulSet`) and metadata.name. */
export function object(resources: RegisteredResource[], type: string, name: string): Record<string, any> {
    const found = resources.find((r) => r.type === `kubernetes:${type}` && r.inputs.metadata?.name === name);
    if (!found)
        throw new Error(
            `no ${type} named ${name}; registered: ${kubeObjects(resources)
                .map((r) => `${r.type}/${r.inputs.metadata?.name}`)
                .join(", ")}`,
        );
    return unwrapSecrets(found.inputs) as Record<string, any>;
}
