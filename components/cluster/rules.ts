// Pure rules of the environments that run on a cluster gameops does not create (an existing cluster,
// a fork): fork naming, the registry an existing cluster pulls from, and the load balancers the
// zones name. No Pulumi resources: the config loader and the environment builders both use them.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ExistingStackConfig } from "../stack/schema";
import { type ExistingClusterConfig, type LoadBalancerVendor, loadBalancerVendors } from "./schema";
import { kubernetesProviderArgs } from "./specs/provider";

/** `dev-alice-`: what every cluster-scoped or shared name of the fork starts with. */
export function forkNamePrefix(stack: string): string {
    return `${stack}-`;
}

/** The parent's vendor output, checked, since a fork's Services are annotated by it. */
export function parentVendor(forkOf: string, value: unknown): LoadBalancerVendor {
    if (typeof value === "string" && (loadBalancerVendors as readonly string[]).includes(value)) return value as LoadBalancerVendor;
    throw new Error(
        `gameops:forkOf: stack ${forkOf} exports loadBalancerVendor ${JSON.stringify(value ?? null)}, not one of ${loadBalancerVendors.join(", ")}; run \`pulumi up\` on ${forkOf} with this version of gameops first`,
    );
}

export function existingProviderArgs(cluster: ExistingClusterConfig, kubeconfig: pulumi.Output<string> | undefined): k8s.ProviderArgs {
    return kubernetesProviderArgs(kubeconfig, cluster.context);
}

/** Where images come from: `images.registry`, else `<registry.server>/<registry.namespace>`. */
export function existingRegistry(config: Pick<ExistingStackConfig, "images" | "registry">): { imagePrefix: string; server: string; namespace: string } {
    // crossChecks refuse an existing-cluster stack with neither, so one of them is set here.
    const prefix = config.images.registry ?? `${config.registry!.server}/${config.registry!.namespace}`;
    const slash = prefix.indexOf("/");
    return {
        imagePrefix: prefix,
        server: config.registry?.server ?? (slash < 0 ? prefix : prefix.slice(0, slash)),
        namespace: config.registry?.namespace ?? (slash < 0 ? "" : prefix.slice(slash + 1)),
    };
}

/** What the load-balancer rules read of a zone. */
export interface LoadBalancedZone {
    name: string;
    gateway: { loadBalancer: { id?: string } };
}

/** Zones whose gateway binds a load balancer someone already made: zone name → load balancer id. */
export function configuredLoadBalancerIds(zones: readonly LoadBalancedZone[]): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const zone of zones) if (zone.gateway.loadBalancer.id !== undefined) ids[zone.name] = zone.gateway.loadBalancer.id;
    return ids;
}
