// Rules on what the stack as a whole writes into Kubernetes: the environment name (a label value on
// every object, part of every Elasticsearch index name) and the zones' namespaces. Pure: the config
// loader calls them once the schema passed, so every message can rely on the shape being right.
import { configNamespace } from "../primitives/config-keys";
import { labelValueProblem, reservedNamespaceProblem } from "../primitives/kubernetes";

/** A short lowercase DNS label from a stack name, to suggest as `gameops:env`. */
export function suggestedEnv(stack: string): string {
    const label = stack
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^[^a-z]+/, "")
        .slice(0, 20)
        .replace(/-+$/, "");
    return label === "" ? "dev" : label;
}

/**
 * The environment name (`gameops:env`, else the stack name) is the `gameops.io/env` label value of
 * every object, so it must be one the API server accepts (IsValidLabelValue); with logging on it is
 * also part of Elasticsearch index names, which must be lowercase. `env` itself is a short lowercase
 * DNS label (the schema checks it), so only a stack name standing in for it can break either rule.
 */
export function envNameProblems(stack: string, env: string | undefined, loggingEnabled: boolean, namespace = configNamespace): string[] {
    if (env !== undefined) return [];
    const where = `${namespace}:env: is not set, so the stack name ${JSON.stringify(stack)} is the environment name`;
    const fix = `set ${namespace}:env to a short lowercase name: \`pulumi config set ${namespace}:env ${suggestedEnv(stack)}\``;
    const label = labelValueProblem(stack);
    if (label !== undefined) return [`${where}, written into the gameops.io/env label of every object, and it ${label}; ${fix}`];
    if (loggingEnabled && stack !== stack.toLowerCase()) {
        return [`${where}, part of every Elasticsearch index name (gameops-${stack}-*), and index names must be lowercase; ${fix}`];
    }
    return [];
}

/**
 * A zone's namespace (its name, after a fork's prefix) must not be one Kubernetes keeps for itself
 * (`default`, `kube-*`) or one this stack's logging creates (`logging`, `elastic-system`).
 */
export function zoneNamespaceProblems(
    zones: readonly { name: string }[],
    namePrefix: string,
    loggingNamespaces: readonly string[],
    namespace = configNamespace,
): string[] {
    const problems: string[] = [];
    zones.forEach((zone, i) => {
        const ns = `${namePrefix}${zone.name}`;
        const where = `${namespace}:zones[${i}].name: ${JSON.stringify(zone.name)} makes the zone's namespace ${JSON.stringify(ns)}`;
        const reserved = reservedNamespaceProblem(ns);
        if (reserved !== undefined) problems.push(`${where}, which ${reserved}; rename the zone`);
        else if (loggingNamespaces.includes(ns)) {
            problems.push(`${where}, which logging (${namespace}:logging.enabled) creates for itself; rename the zone`);
        }
    });
    return problems;
}
