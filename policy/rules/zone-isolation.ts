// Every game zone's namespace starts closed: a NetworkPolicy selecting all its pods with no ingress
// rule, so only what later policies allow reaches a zone (another zone, a fork, a stray pod cannot).
import { stackPolicy } from "../lib/define";
import { asArray, at, describe, isRecord, kubernetesKind, labels, type PolicyResourceLike, type StackViolation } from "../lib/resource";

/** The label components/zone puts on a zone's Namespace (and every object in it). */
const zoneLabel = "gameops.io/zone";

function isKind(resource: PolicyResourceLike, group: string, kind: string): boolean {
    const k8s = kubernetesKind(resource.type);
    return k8s !== undefined && k8s.group === group && k8s.kind === kind;
}

function selectsEveryPod(selector: unknown): boolean {
    if (selector === undefined) return true;
    if (!isRecord(selector)) return false;
    const matchLabels = selector.matchLabels;
    return asArray(selector.matchExpressions).length === 0 && (matchLabels === undefined || (isRecord(matchLabels) && Object.keys(matchLabels).length === 0));
}

/** A policy that selects every pod, governs ingress, and allows none. */
function isDefaultDenyIngress(policy: PolicyResourceLike): boolean {
    const spec = at(policy.props, "spec");
    if (!isRecord(spec) || !selectsEveryPod(spec.podSelector)) return false;
    // Without policyTypes Kubernetes takes Ingress always (and Egress when egress rules exist).
    const types = spec.policyTypes === undefined ? ["Ingress"] : asArray(spec.policyTypes);
    return types.includes("Ingress") && asArray(spec.ingress).length === 0;
}

export function checkZoneIsolation(resources: PolicyResourceLike[]): StackViolation[] {
    const denied = new Set<unknown>();
    for (const r of resources) {
        if (isKind(r, "networking.k8s.io", "NetworkPolicy") && isDefaultDenyIngress(r)) denied.add(at(r.props, "metadata", "namespace"));
    }
    const violations: StackViolation[] = [];
    for (const ns of resources) {
        if (!isKind(ns, "core", "Namespace")) continue;
        const zone = labels(ns.props)[zoneLabel];
        if (zone === undefined) continue;
        const name = at(ns.props, "metadata", "name");
        if (denied.has(name)) continue;
        violations.push({
            urn: ns.urn,
            message: `${describe(ns)} (${zoneLabel}=${String(zone)}) has no default-deny ingress NetworkPolicy; add a NetworkPolicy in namespace ${String(name)} with podSelector {} and policyTypes [Ingress] and no ingress rules (components/zone creates it as "default-deny")`,
        });
    }
    return violations;
}

export const zoneIsolationPolicy = stackPolicy(
    {
        name: "gameops-zone-default-deny",
        description: `Every Namespace labelled ${zoneLabel} has a NetworkPolicy in it that selects all pods and allows no ingress.`,
        enforcementLevel: "mandatory",
        remediationSteps:
            "Add a NetworkPolicy { podSelector: {}, policyTypes: [Ingress, Egress] } in the zone's namespace, then allow what the zone needs with further policies.",
    },
    checkZoneIsolation,
);
