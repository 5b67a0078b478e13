// Ingress open to the world is narrow: a NetworkPolicy rule that admits any source (no `from`, or an
// ipBlock of every address) names the pods it opens (a label selector, never every pod of the
// namespace) and each port by number (never all of them, never a range). The zones open such doors
// on purpose only for players: to the gateway's port, and to each direct room group's port
// (services/direct-rooms.md); a wider one lets the internet reach a room server's gRPC or admin port.
import { resourcePolicy } from "../lib/define";
import { asArray, at, describe, isRecord, kubernetesKind, type PolicyResourceLike } from "../lib/resource";

const everyAddress = new Set(["0.0.0.0/0", "::/0"]);

/** A rule's `from` that matches any source: none at all, or a peer that is every address (an `except` carves out little). */
function admitsAnySource(from: unknown): boolean {
    const peers = asArray(from);
    if (peers.length === 0) return true;
    return peers.some((p) => isRecord(p) && isRecord(p.ipBlock) && everyAddress.has(String(p.ipBlock.cidr)));
}

function selectsSomePods(selector: unknown): boolean {
    if (!isRecord(selector)) return false;
    const labels = isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
    return labels > 0 || asArray(selector.matchExpressions).length > 0;
}

export function checkWorldIngress(resource: PolicyResourceLike): string[] {
    const k8s = kubernetesKind(resource.type);
    if (k8s?.group !== "networking.k8s.io" || k8s.kind !== "NetworkPolicy") return [];
    const violations: string[] = [];
    const selector = at(resource.props, "spec", "podSelector");
    asArray(at(resource.props, "spec", "ingress")).forEach((rule, i) => {
        if (!isRecord(rule) || !admitsAnySource(rule.from)) return;
        const where = `${describe(resource)}: spec.ingress[${i}] admits any source`;
        if (!selectsSomePods(selector)) {
            violations.push(
                `${where} to every pod of the namespace (spec.podSelector selects all); select only the pods players reach (e.g. matchLabels app.kubernetes.io/name: gateway)`,
            );
        }
        const ports = asArray(rule.ports);
        if (ports.length === 0) {
            violations.push(`${where} on every port (no spec.ingress[${i}].ports); list the one port players use (e.g. { protocol: TCP, port: 60006 })`);
        }
        ports.forEach((p, j) => {
            // An entry without `port` means every port of its protocol; `endPort` makes it a range.
            if (!isRecord(p) || p.port === undefined) {
                violations.push(`${where} on every port of its protocol (spec.ingress[${i}].ports[${j}] has no port); name the port players use`);
            } else if (p.endPort !== undefined) {
                violations.push(
                    `${where} on ports ${String(p.port)}-${String(p.endPort)} (spec.ingress[${i}].ports[${j}].endPort); name the one port players use and drop endPort`,
                );
            }
        });
    });
    return violations;
}

export const worldIngressPolicy = resourcePolicy(
    {
        name: "gameops-world-ingress-scoped",
        description: "A NetworkPolicy rule that admits any source selects some pods by label and lists its ports.",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the policy a podSelector with the labels of the pods players reach and list the ports in the ingress rule.",
    },
    checkWorldIngress,
);
