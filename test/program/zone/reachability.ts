// What a set of NetworkPolicies lets through, evaluated the way Kubernetes does for pods of one
// namespace: a direction is open when no policy selects the pod for it, or when some rule of a
// policy selecting the pod matches the peer and the port. A connection needs both directions open.
import { podSpecs } from "../../../lib/program/objects";

type Labels = Record<string, string>;
type Policy = Record<string, any>;

/** A pod of the zone (its template labels) or a peer outside it (a player, another namespace). */
export type Endpoint = { pod: Labels } | { outside: true };

function selects(selector: { matchLabels?: Labels; matchExpressions?: unknown[] } | undefined, labels: Labels): boolean {
    if ((selector?.matchExpressions ?? []).length > 0) throw new Error("matchExpressions are not evaluated by this helper");
    return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function peerMatches(peers: Record<string, any>[] | undefined, peer: Endpoint): boolean {
    if (peers === undefined || peers.length === 0) return true;
    return peers.some((p) => {
        // namespaceSelector and ipBlock peers are other namespaces and addresses, never a pod of this zone.
        if (p.namespaceSelector !== undefined || p.ipBlock !== undefined) return "outside" in peer && p.podSelector === undefined;
        return "pod" in peer && selects(p.podSelector, peer.pod);
    });
}

function portMatches(ports: { protocol?: string; port?: number }[] | undefined, port: number): boolean {
    return ports === undefined || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || p.port === port));
}

function directionOpen(policies: Policy[], pod: Labels, type: "Ingress" | "Egress", peer: Endpoint, port: number): boolean {
    const applying = policies.filter((p) => selects(p.spec.podSelector, pod) && (p.spec.policyTypes ?? ["Ingress"]).includes(type));
    if (applying.length === 0) return true;
    const key = type === "Ingress" ? "ingress" : "egress";
    const peersKey = type === "Ingress" ? "from" : "to";
    return applying.some((p) => (p.spec[key] ?? []).some((rule: Record<string, any>) => peerMatches(rule[peersKey], peer) && portMatches(rule.ports, port)));
}

/** Whether a TCP connection from `from` to `to` on `port` gets through (kubelet probes are not policed). */
export function allowed(policies: Policy[], from: Endpoint, to: Endpoint, port: number): boolean {
    const egress = "pod" in from ? directionOpen(policies, from.pod, "Egress", to, port) : true;
    const ingress = "pod" in to ? directionOpen(policies, to.pod, "Ingress", from, port) : true;
    return egress && ingress;
}

/** The pod labels of a workload object (Deployment, StatefulSet, CronJob). */
export function podLabels(obj: Record<string, any>): Labels {
    if (podSpecs(obj).length === 0) throw new Error(`${obj.kind} ${obj.metadata?.name} has no pod template`);
    return obj.spec.template?.metadata?.labels ?? obj.spec.gameServerTemplate?.metadata?.labels ?? obj.spec.jobTemplate.spec.template.metadata.labels;
}
