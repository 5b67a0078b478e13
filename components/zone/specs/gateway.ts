// The gateway: a stateless Deployment that rolls without losing capacity, scaled by an HPA, kept
// available through node drains by a PDB, and reading its routing policy from the mounted ConfigMap.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { contract, names, secretDataKeys, selectorLabels, workloadLabels, zoneLabels } from "../names";
import type { ZoneGatewayConfig } from "../schema";
import type { ZoneContext } from "./context";
import { roomTicketEnv } from "./room-direct";
import { adminProbes, containerResources, containerSecurityContext, redisEnv, spreadOverNodes, tmpMount, tmpVolume, zonePodBasics } from "./pod";

/** How long a stopping gateway keeps serving (STOP_SECONDS) before it closes player sockets. */
const gatewayStopSeconds = 20;

/**
 * How long a terminating gateway waits before its SIGTERM. The gateway refuses new players from
 * SIGTERM on, but endpoints, kube-proxy and the SLB's node health check learn of the termination
 * only seconds later; until then they still send players here.
 */
export const gatewayPreStopSeconds = 10;

export function gatewaySelector(ctx: ZoneContext): Record<string, string> {
    return selectorLabels(ctx.id, "gateway");
}

export function jwtSecretArgs(ctx: ZoneContext, jwtKey: pulumi.Input<string>): k8s.core.v1.SecretArgs {
    return {
        metadata: { name: names.jwt, namespace: ctx.namespace, labels: zoneLabels(ctx.id) },
        type: "Opaque",
        stringData: { [secretDataKeys.jwt]: jwtKey },
    };
}

/** The autoscaler owns the replica count when there is one; Pulumi setting it too would undo every scale-out on `up`. */
export function gatewayAutoscaled(g: ZoneGatewayConfig): boolean {
    return g.replicas > 0 && g.maxReplicas !== undefined;
}

/**
 * `ticketKeyVersion`: a room group of the zone has a direct port, so the gateway signs seat tickets
 * with the zone's key (services/direct-rooms.md); this is which key.
 */
export function gatewayDeploymentArgs(
    ctx: ZoneContext,
    g: ZoneGatewayConfig,
    image: pulumi.Input<string>,
    ticketKeyVersion?: pulumi.Input<string>,
): k8s.apps.v1.DeploymentArgs {
    const labels = workloadLabels(ctx.id, "gateway", "gateway");
    return {
        metadata: { name: names.gateway, namespace: ctx.namespace, labels },
        spec: {
            ...(gatewayAutoscaled(g) ? {} : { replicas: g.replicas }),
            selector: { matchLabels: gatewaySelector(ctx) },
            // A new pod is ready before an old one stops: players always have the full gateway capacity.
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: {
                metadata: { labels },
                spec: {
                    ...zonePodBasics(ctx.pullSecret),
                    terminationGracePeriodSeconds: gatewayPreStopSeconds + gatewayStopSeconds + 10,
                    affinity: spreadOverNodes(gatewaySelector(ctx)),
                    containers: [
                        {
                            name: "gateway",
                            image,
                            command: [...contract.gatewayCommand],
                            ports: [
                                { name: "ws", containerPort: g.port, protocol: "TCP" },
                                { name: "admin", containerPort: contract.adminPort, protocol: "TCP" },
                            ],
                            env: [
                                { name: "GATEWAY_PORT", value: String(g.port) },
                                { name: "ADMIN_PORT", value: String(contract.adminPort) },
                                { name: "JWT_KEY", valueFrom: { secretKeyRef: { name: names.jwt, key: secretDataKeys.jwt } } },
                                { name: "ROUTING_FILE", value: `${contract.routingDir}/${contract.routingKey}` },
                                { name: "STOP_SECONDS", value: String(gatewayStopSeconds) },
                                ...(ticketKeyVersion !== undefined ? roomTicketEnv(ticketKeyVersion) : []),
                                ...redisEnv(ctx.redis),
                            ],
                            ...adminProbes(),
                            // `node` is the one program the image is sure to have (no shell, no sleep needed).
                            lifecycle: { preStop: { exec: { command: ["node", "-e", `setTimeout(() => {}, ${gatewayPreStopSeconds * 1000})`] } } },
                            resources: containerResources(g.resources),
                            securityContext: containerSecurityContext(),
                            volumeMounts: [
                                // The directory, not a subPath: kubelet swaps the file in place only for
                                // directory mounts, which is how a new routing policy reaches running pods.
                                { name: "routing", mountPath: contract.routingDir, readOnly: true },
                                tmpMount,
                            ],
                        },
                    ],
                    volumes: [{ name: "routing", configMap: { name: names.routing } }, tmpVolume],
                },
            },
        },
    };
}

export function gatewayHpaArgs(ctx: ZoneContext, g: ZoneGatewayConfig): k8s.autoscaling.v2.HorizontalPodAutoscalerArgs {
    return {
        metadata: { name: names.gateway, namespace: ctx.namespace, labels: workloadLabels(ctx.id, "gateway", "gateway") },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: names.gateway },
            minReplicas: g.replicas,
            maxReplicas: g.maxReplicas ?? g.replicas,
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: g.cpuTarget } } }],
            // Every gateway scaled away closes its players' sockets (they reconnect through the others):
            // remove one at a time, and only after the load has stayed low for 10 minutes.
            behavior: { scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: "Min", policies: [{ type: "Pods", value: 1, periodSeconds: 120 }] } },
        },
    };
}

/** One gateway at a time may be evicted: its players reconnect through the others. */
export function gatewayPdbArgs(ctx: ZoneContext): k8s.policy.v1.PodDisruptionBudgetArgs {
    return {
        metadata: { name: names.gateway, namespace: ctx.namespace, labels: workloadLabels(ctx.id, "gateway", "gateway") },
        spec: { maxUnavailable: 1, selector: { matchLabels: gatewaySelector(ctx) } },
    };
}
