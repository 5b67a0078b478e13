// Rules a fork can only check once its parent's outputs are read (through the StackReference), so
// they run in the fork's environment builder rather than in the config loader. Pure: no Pulumi, no components.
import type { LoadBalancedZone } from "../cluster/rules";
import { configNamespace } from "../primitives/config-keys";

/**
 * A fork's zone must not bind a load balancer its parent's zones already bind: each gateway Service
 * takes over its SLB's listeners (force-override-listeners), so the fork would take the parent's
 * players' port. `parentIds` is the parent's `loadBalancerIds` output (zone name → id), as read.
 */
export function parentLoadBalancerProblems(forkOf: string, parentIds: unknown, zones: readonly LoadBalancedZone[], namespace = configNamespace): string[] {
    if (typeof parentIds !== "object" || parentIds === null) return [];
    const byId = new Map<string, string>();
    for (const [zone, id] of Object.entries(parentIds as Record<string, unknown>)) if (typeof id === "string") byId.set(id, zone);
    const problems: string[] = [];
    zones.forEach((zone, i) => {
        const id = zone.gateway.loadBalancer.id;
        const parentZone = id === undefined ? undefined : byId.get(id);
        if (parentZone === undefined) return;
        problems.push(
            `${namespace}:zones[${i}].gateway.loadBalancer.id: ${JSON.stringify(id)} is already bound by zone ${parentZone} of the parent stack ${forkOf} (its loadBalancerIds output), and a zone's gateway needs a load balancer of its own (its Service takes over the SLB's listeners with force-override-listeners); give the fork's zone another id, or remove it and one is created`,
        );
    });
    return problems;
}
