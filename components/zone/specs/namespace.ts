// The zone's Namespace and the NetworkPolicies that keep its pods to themselves: everything is
// denied, then the zone may talk to itself, resolve names, take players on the gateway port and
// (when Redis is external) reach that one host and port.
import type * as k8s from "@pulumi/kubernetes";
import { isIP } from "node:net";
import { zoneLabels } from "../names";
import type { ZoneContext } from "./context";

type NamespaceArgs = k8s.core.v1.NamespaceArgs;
type NetworkPolicyArgs = k8s.networking.v1.NetworkPolicyArgs;
type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;

export function namespaceArgs(ctx: ZoneContext): NamespaceArgs {
    return {
        metadata: {
            name: ctx.namespace,
            labels: {
                ...zoneLabels(ctx.id),
                // The services meet the restricted standard; have the API server hold every pod to it.
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
            },
        },
    };
}

export interface NetworkPolicyOptions {
    /** The gateway's public (WebSocket) port. */
    gatewayPort: number;
    /** Selector labels of the gateway pods. */
    gatewaySelector: Record<string, string>;
    /** An external Redis the zone's pods must reach. */
    externalRedis?: { host: string; port: number };
}

export interface NamedPolicy {
    name: string;
    args: NetworkPolicyArgs;
}

/**
 * `kubernetes.io/metadata.name` is set by the API server on every namespace (1.22+), so it selects
 * kube-system without relying on a label someone has to add.
 */
const kubeSystem: NetworkPolicyPeer = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } };

export function networkPolicies(ctx: ZoneContext, opts: NetworkPolicyOptions): NamedPolicy[] {
    const meta = (name: string) => ({ name, namespace: ctx.namespace, labels: zoneLabels(ctx.id) });
    const policies: NamedPolicy[] = [
        {
            // No rules under both types: every pod of the zone starts with no ingress and no egress.
            name: "default-deny",
            args: { metadata: meta("default-deny"), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        },
        {
            name: "allow-same-namespace",
            args: {
                metadata: meta("allow-same-namespace"),
                spec: {
                    podSelector: {},
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [{ from: [{ podSelector: {} }] }],
                    egress: [{ to: [{ podSelector: {} }] }],
                },
            },
        },
        {
            name: "allow-dns",
            args: {
                metadata: meta("allow-dns"),
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [kubeSystem],
                            ports: [
                                { protocol: "UDP", port: 53 },
                                { protocol: "TCP", port: 53 },
                            ],
                        },
                    ],
                },
            },
        },
        {
            // No `from`: players come from anywhere, through the load balancer or a node port.
            name: "allow-gateway-public",
            args: {
                metadata: meta("allow-gateway-public"),
                spec: {
                    podSelector: { matchLabels: opts.gatewaySelector },
                    policyTypes: ["Ingress"],
                    ingress: [{ ports: [{ protocol: "TCP", port: opts.gatewayPort }] }],
                },
            },
        },
    ];
    if (opts.externalRedis) {
        policies.push({
            name: "allow-external-redis",
            args: {
                metadata: meta("allow-external-redis"),
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ ipBlock: { cidr: redisCidr(opts.externalRedis.host) } }], ports: [{ protocol: "TCP", port: opts.externalRedis.port }] }],
                },
            },
        });
    }
    return policies;
}

/**
 * A NetworkPolicy matches addresses, not names. An IP gets exactly its /32; a host name (a managed
 * Redis endpoint whose address may move) can only be allowed by port, to any address.
 */
export function redisCidr(host: string): string {
    return isIP(host) === 4 ? `${host}/32` : "0.0.0.0/0";
}
