// The gateway's Service: how players reach a zone. On a cloud with managed load balancers it binds the
// zone's own SLB/CLB by annotation (the cloud controller then owns only the listeners); elsewhere it is
// a NodePort or ClusterIP as configured.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerVendor } from "../../environment";
import { names, workloadLabels } from "../names";
import type { ZoneGatewayConfig } from "../schema";
import type { ZoneContext } from "./context";
import { gatewaySelector } from "./gateway";

export const annotations = {
    alicloudLbId: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id",
    alicloudForceOverride: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners",
    alicloudSpec: "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec",
    tencentExistingLb: "service.kubernetes.io/tke-existed-lbid",
} as const;

export type GatewayServiceType = "LoadBalancer" | "NodePort" | "ClusterIP";

/** The configured type, or LoadBalancer where the environment binds load balancers and ClusterIP where it does not. */
export function gatewayServiceType(g: ZoneGatewayConfig, vendor: LoadBalancerVendor): GatewayServiceType {
    return g.service ?? (vendor === "none" ? "ClusterIP" : "LoadBalancer");
}

function loadBalancerAnnotations(
    vendor: LoadBalancerVendor,
    type: GatewayServiceType,
    g: ZoneGatewayConfig,
    lbId: pulumi.Input<string> | undefined,
): Record<string, pulumi.Input<string>> {
    if (type !== "LoadBalancer") return {};
    switch (vendor) {
        case "alicloud-slb":
            return lbId !== undefined
                ? // The SLB is the stack's (or the user's); force-override lets the controller write its listeners.
                  { [annotations.alicloudLbId]: lbId, [annotations.alicloudForceOverride]: "true" }
                : // No SLB given: the cloud controller creates one of this spec and deletes it with the Service.
                  { [annotations.alicloudSpec]: g.loadBalancer.spec };
        case "tencent-clb":
            return lbId !== undefined ? { [annotations.tencentExistingLb]: lbId } : {};
        case "none":
            return {};
    }
}

export function gatewayServiceArgs(
    ctx: ZoneContext,
    g: ZoneGatewayConfig,
    vendor: LoadBalancerVendor,
    lbId: pulumi.Input<string> | undefined,
): k8s.core.v1.ServiceArgs {
    const type = gatewayServiceType(g, vendor);
    const external = type !== "ClusterIP";
    return {
        metadata: {
            name: names.gateway,
            namespace: ctx.namespace,
            labels: workloadLabels(ctx.id, "gateway", "gateway"),
            annotations: loadBalancerAnnotations(vendor, type, g, lbId),
        },
        spec: {
            type,
            selector: gatewaySelector(ctx),
            ports: [
                {
                    name: "ws",
                    port: g.port,
                    targetPort: "ws",
                    protocol: "TCP",
                    ...(external && g.nodePort !== undefined ? { nodePort: g.nodePort } : {}),
                },
            ],
            // Local skips a second hop through another node (which would also SNAT away the player's
            // address); the load balancer health-checks nodes and sends traffic only where a gateway runs.
            // The gateways spread over nodes (pod anti-affinity), so per-node balancing stays even.
            ...(type === "LoadBalancer" ? { externalTrafficPolicy: "Local" } : {}),
        },
    };
}
