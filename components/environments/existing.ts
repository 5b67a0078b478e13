// `cloud: existing`: a cluster someone else runs. No cloud resources; the one Kubernetes provider
// comes from the `kubeconfig` secret or the current (or named) kube context.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { warnIfUnreachable } from "../cluster/reachability";
import { configuredLoadBalancerIds, existingProviderArgs, existingRegistry } from "../cluster/rules";
import { type EnvironmentResult, type RegistryAccess, stackEnvironment } from "../environment";
import { configNamespace } from "../primitives/config-keys";
import type { ExistingStackConfig } from "../stack/schema";
import { environmentChild } from "./children";

export async function existingEnvironment(component: pulumi.ComponentResource, config: ExistingStackConfig): Promise<EnvironmentResult> {
    // The secret's text is only parsed for its server address (never logged); the provider gets the Output.
    const kubeconfigText = config.secrets.kubeconfig !== undefined ? pulumi.runtime.getConfig(`${configNamespace}:kubeconfig`) : undefined;
    await warnIfUnreachable(kubeconfigText, config.cluster.context, "the gameops:kubeconfig secret");
    const k8sProvider = new k8s.Provider("k8s", existingProviderArgs(config.cluster, config.secrets.kubeconfig), environmentChild(component));
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
