// gameops: one stack = one environment. Reads and validates the whole stack config first (nothing is
// registered before it), then composes the environment (Alibaba Cloud, an existing cluster, or a fork
// of another stack), logging, and the game zones, and exports what a fork of this stack needs.
import { loadStackConfig } from "./components/config/load";
import { StackEnvironment } from "./components/environments/stack-environment";
import { Logging } from "./components/logging/logging";
import { OkgPlatform } from "./components/okg/platform";
import { GameZone } from "./components/zone/game-zone";

const config = loadStackConfig();

/** Drops outputs an environment does not have (e.g. no kubeconfig on an ambient kube context). */
function defined<T extends object>(outputs: T): Partial<T> {
    return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined)) as Partial<T>;
}

async function main() {
    const { environment, outputs } = await StackEnvironment.create("environment", config);
    // A fork's namespaces are already collected by the parent's Fluentd.
    const logging =
        config.logging.enabled && config.cloud !== "fork"
            ? new Logging("logging", { environment, config: config.logging, zones: config.zones.map((z) => z.name) })
            : undefined;
    // OpenKruise Game once per cluster, before the zones that use it; a fork's okg zones use its parent's.
    const okgPlatform =
        config.cloud !== "fork" && config.zones.some((zone) => zone.room.engine === "okg") ? new OkgPlatform("okg", { environment }) : undefined;
    const zones = config.zones.map(
        (zone) =>
            new GameZone(
                zone.name,
                { environment, zone, ...(zone.room.engine === "okg" && okgPlatform ? { okgPlatform: okgPlatform.kruiseGame } : {}) },
                okgPlatform ? { dependsOn: [okgPlatform] } : {},
            ),
    );
    return {
        ...defined(outputs),
        zones: Object.fromEntries(zones.map((zone, i) => [config.zones[i].name, zone.outputs])),
        ...(logging ? { logging: defined(logging.outputs) } : {}),
    };
}

export = main();
