// Logging rules that need more than `gameops:logging` itself. Pure: the config loader calls it with
// the parsed stack config and reports its problems with every other one, before anything is created.
import { configNamespace } from "../primitives/config-keys";
import type { LoggingConfig } from "./schema";

/** Index name part Fluentd uses for pods outside every zone (`gameops-<env>-system-*`). */
const systemIndexZone = "system";

/**
 * Problems as `<key path>: <value> <what is wrong; the fix>` lines. `zones` are the configured zone
 * names in config order.
 */
export function loggingProblems(logging: LoggingConfig, zones: readonly string[], namespace = configNamespace): string[] {
    if (!logging.enabled) return [];
    const problems: string[] = [];
    zones.forEach((zone, i) => {
        if (zone === systemIndexZone) {
            problems.push(
                `${namespace}:zones[${i}].name: "${zone}" is reserved while logging is enabled (pods of no zone are logged to gameops-<env>-${systemIndexZone}-*); rename the zone`,
            );
        }
    });
    return problems;
}
