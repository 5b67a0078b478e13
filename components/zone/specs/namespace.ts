// The zone's Namespace and the NetworkPolicies that keep its pods to themselves: everything is
// denied, then exactly the paths the services use are opened (services/CONTRACT.md): players to the
// gateway's public port, gateway to the room servers' gRPC port, every service to Redis, DNS.
import type * as k8s from "@pulumi/kubernetes";
import { isIP } from "node:net";
import { contract, selectorLabels, zoneLabels } from "../names";
import type { RoomGroupName } from "../schema";
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
    /** An external Redis the zone's pods must reach; without one, the zone runs its own Redis pod. */
    externalRedis?: { host: string; port: number };
    /** Room groups with a direct player port (okg), and the port players reach it on through the group's network plugin. */
    directPorts?: Partial<Record<RoomGroupName, number>>;
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

function policyMetadata(ctx: ZoneContext, name: string): NetworkPolicyArgs["metadata"] {
    return { name, namespace: ctx.namespace, labels: zoneLabels(ctx.id) };
}

/**
 * One connection between pods of the zone. Under a default deny on both directions it takes two
 * policies: egress on the client's pods and ingress on the server's pods, each naming the other.
 */
function allowPodToPod(ctx: ZoneContext, name: string, path: { from: Record<string, string>; to: Record<string, string>; port: number }): NamedPolicy[] {
    const ports = [{ protocol: "TCP", port: path.port }];
    return [
        {
            name: `${name}-egress`,
            args: {
                metadata: policyMetadata(ctx, `${name}-egress`),
                spec: {
                    podSelector: { matchLabels: path.from },
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ podSelector: { matchLabels: path.to } }], ports }],
                },
            },
        },
        {
            name: `${name}-ingress`,
            args: {
                metadata: policyMetadata(ctx, `${name}-ingress`),
                spec: {
                    podSelector: { matchLabels: path.to },
                    policyTypes: ["Ingress"],
                    ingress: [{ from: [{ podSelector: { matchLabels: path.from } }], ports }],
                },
            },
        },
    ];
}

export function networkPolicies(ctx: ZoneContext, opts: NetworkPolicyOptions): NamedPolicy[] {
    const meta = (name: string) => policyMetadata(ctx, name);
    // Selector labels carry no version or group, so these hold for every release and both room groups.
    const gateway = selectorLabels(ctx.id, "gateway");
    const room = selectorLabels(ctx.id, "room");
    const policies: NamedPolicy[] = [
        {
            // No rules under both types: every pod of the zone starts with no ingress and no egress.
            name: "default-deny",
            args: { metadata: meta("default-deny"), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        },
        ...allowPodToPod(ctx, "allow-gateway-to-room", { from: gateway, to: room, port: contract.roomGrpcPort }),
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
                    podSelector: { matchLabels: gateway },
                    policyTypes: ["Ingress"],
                    ingress: [{ ports: [{ protocol: "TCP", port: opts.gatewayPort }] }],
                },
            },
        },
    ];
    for (const [group, port] of Object.entries(opts.directPorts ?? {})) {
        // No `from`, as for the gateway: players come from anywhere, through the group's SLB/CLB; only
        // this group's room pods, only this port (services/direct-rooms.md).
        const name = `allow-room-${group}-direct`;
        policies.push({
            name,
            args: {
                metadata: meta(name),
                spec: {
                    podSelector: { matchLabels: selectorLabels(ctx.id, "room", { "gameops.io/room-group": group }) },
                    policyTypes: ["Ingress"],
                    ingress: [{ ports: [{ protocol: "TCP", port }] }],
                },
            },
        });
    }
    if (opts.externalRedis === undefined) {
        // Every service of the zone (gateway, room servers, cron jobs) keeps its state in Redis.
        policies.push(...allowPodToPod(ctx, "allow-zone-to-redis", { from: {}, to: selectorLabels(ctx.id, "redis"), port: contract.redisPort }));
    } else {
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
