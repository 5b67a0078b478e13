// gameops: one stack = one environment. Reads and validates the whole stack config first (nothing is
// registered before it), then composes the environment (Alibaba Cloud, an existing cluster, or a fork
// of another stack), logging, and the game zones, and exports what a fork of this stack needs.
import * as pulumi from "@pulumi/pulumi";
import { alicloudEnvironment } from "./components/alicloud/environment";
import { existingEnvironment } from "./components/cluster/existing";
import { forkEnvironment } from "./components/cluster/fork";
import { loadStackConfig, StackConfig } from "./components/config";
import type { EnvironmentResult } from "./components/environment";
import { Logging } from "./components/logging/logging";
import { GameZone } from "./components/zone/gameZone";

const config = loadStackConfig();

function environmentFor(cfg: StackConfig): EnvironmentResult | Promise<EnvironmentResult> {
    switch (cfg.cloud) {
        case "alicloud":
            return alicloudEnvironment(cfg);
        case "existing":
            return existingEnvironment(cfg);
        case "fork":
            return forkEnvironment(cfg);
    }
}

/** A component's stack output: its `outputs` bundle if it has one, else its public Output properties. */
function publicOutputs(component: pulumi.ComponentResource): pulumi.Output<unknown> | Record<string, pulumi.Output<unknown>> {
    const bundle = (component as { outputs?: unknown }).outputs;
    if (pulumi.Output.isInstance(bundle)) return bundle as pulumi.Output<unknown>;
    return Object.fromEntries(
        Object.entries(component).filter(([key, value]) => key !== "urn" && !key.startsWith("_") && pulumi.Output.isInstance(value)),
    );
}

/** Drops outputs an environment does not have (e.g. no kubeconfig on an ambient kube context). */
function defined<T extends object>(outputs: T): Partial<T> {
    return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined)) as Partial<T>;
}

async function main() {
    const { environment, outputs } = await environmentFor(config);
    // A fork's namespaces are already collected by the parent's Fluentd.
    const logging =
        config.logging.enabled && config.cloud !== "fork"
            ? new Logging("logging", { environment, config: config.logging, zones: config.zones.map((z) => z.name) })
            : undefined;
    const zones = config.zones.map((zone) => new GameZone(zone.name, { environment, zone }));
    return {
        ...defined(outputs),
        zones: Object.fromEntries(config.zones.map((zone, i) => [zone.name, publicOutputs(zones[i])])),
        ...(logging ? { logging: publicOutputs(logging) } : {}),
    };
}

export = main();
