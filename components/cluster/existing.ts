// `cloud: existing`: a cluster someone else runs. No cloud resources; the one Kubernetes provider
// comes from the `kubeconfig` secret or the current (or named) kube context.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ExistingStackConfig } from "../config";
import { stackEnvironment, type EnvironmentResult, type RegistryAccess } from "../environment";
import type { ZoneConfig } from "../zone/schema";
import { kubernetesProviderArgs } from "./provider";
import { warnIfUnreachable } from "./reachability";
import type { ExistingClusterConfig } from "./schema";

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

/** Zones whose gateway binds a load balancer someone already made. */
export function configuredLoadBalancerIds(zones: ZoneConfig[]): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const zone of zones) if (zone.gateway.loadBalancer.id !== undefined) ids[zone.name] = zone.gateway.loadBalancer.id;
    return ids;
}

export async function existingEnvironment(config: ExistingStackConfig): Promise<EnvironmentResult> {
    // The secret's text is only parsed for its server address (never logged); the provider gets the Output.
    const kubeconfigText = config.secrets.kubeconfig !== undefined ? pulumi.runtime.getConfig("gameops:kubeconfig") : undefined;
    await warnIfUnreachable(kubeconfigText, config.cluster.context, "the gameops:kubeconfig secret");
    const k8sProvider = new k8s.Provider("k8s", existingProviderArgs(config.cluster, config.secrets.kubeconfig));
    const reg = existingRegistry(config);
    const password = config.secrets.registryPassword;
    const username = config.registry?.username;
    const pullCredentials: RegistryAccess["pullCredentials"] =
        username !== undefined && password !== undefined ? { server: reg.server, username, password } : undefined;
    const loadBalancerIds = configuredLoadBalancerIds(config.zones);
    return {
        environment: stackEnvironment(config, {
            k8sProvider,
            namePrefix: "",
            loadBalancerVendor: config.cluster.loadBalancer,
            loadBalancerIds,
            registry: { imagePrefix: reg.imagePrefix, pullCredentials },
            imageTag: config.images.tag,
        }),
        outputs: {
            envName: config.envName,
            kubeconfig: config.secrets.kubeconfig,
            imageRegistry: reg.imagePrefix,
            imageTag: config.images.tag,
            registryEndpoint: reg.server,
            registryNamespace: reg.namespace,
            registryCredentials: pullCredentials ? pulumi.secret(pulumi.output(pullCredentials)) : undefined,
            loadBalancerIds,
            loadBalancerVendor: config.cluster.loadBalancer,
        },
    };
}
