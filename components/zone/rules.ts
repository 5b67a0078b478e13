// Pure rules of a zone that only the environment reveals (the schema cannot see them): its
// namespace with the fork's prefix, external Redis on a fork, a JWT key. The config loader runs them
// before anything is registered, and GameZone runs them again as its own guard.
import type { Environment } from "../environment";
import { configNamespace } from "../primitives/config-keys";
import { dnsLabelProblem } from "../primitives/patterns";
import { names } from "./names";
import type { ZoneConfig } from "./schema";

/** A fork is the environment that prefixes its names (see Environment.namePrefix). */
function isFork(environment: Pick<Environment, "namePrefix">): boolean {
    return environment.namePrefix !== "";
}

/** Problems only the environment reveals (the schema cannot see them); empty when the zone can be built. */
export function zoneProblems(environment: Pick<Environment, "namePrefix" | "jwtKey">, zone: ZoneConfig): string[] {
    const problems: string[] = [];
    const where = `${configNamespace}:zones (zone ${JSON.stringify(zone.name)})`;
    const namespace = names.namespace(environment.namePrefix, zone.name);
    const bad = dnsLabelProblem(namespace);
    if (bad !== undefined) {
        problems.push(`${where}: namespace ${JSON.stringify(namespace)} ${bad}; use a shorter fork stack name or zone name`);
    }
    if (isFork(environment) && zone.redis.mode === "external") {
        problems.push(
            `${where}.redis.mode: "external" is not allowed on a fork (gameops:forkOf is set); a fork always runs its own in-cluster Redis so it never touches the parent's data; remove redis or set it to { mode: in-cluster }`,
        );
    }
    if (environment.jwtKey === undefined) {
        problems.push(`${where}: the environment has no JWT key; set it with \`pulumi config set --secret jwtKey <base64 key>\``);
    }
    return problems;
}
