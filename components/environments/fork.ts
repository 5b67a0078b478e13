// A fork (`gameops:forkOf`): no cloud resources. The parent stack's outputs (kubeconfig, registry,
// default tag, load balancer vendor) come through a StackReference; every name the fork creates is
// prefixed with the fork's stack name so nothing collides with the parent's objects.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { warnIfUnreachable } from "../cluster/reachability";
import { configuredLoadBalancerIds, forkNamePrefix, parentVendor } from "../cluster/rules";
import type { LoadBalancerVendor } from "../cluster/schema";
import { kubernetesProviderArgs } from "../cluster/specs/provider";
import { type EnvironmentResult, type RegistryAccess, stackEnvironment } from "../environment";
import { StackConfigError } from "../primitives/error";
import { parentLoadBalancerProblems } from "../stack/fork-rules";
import type { ForkStackConfig } from "../stack/schema";
import { environmentChild } from "./children";

type Credentials = { server: string; username: string; password: string };

/** Parent outputs a fork exports as its own when the parent has them (a parent on an existing cluster has no clusterId). */
const passedThrough = ["registryEndpoint", "registryNamespace", "clusterId"] as const;

export async function forkEnvironment(component: pulumi.ComponentResource, config: ForkStackConfig): Promise<EnvironmentResult> {
    const parentStack = new pulumi.StackReference("parent", { name: config.forkOf }, environmentChild(component));
    const [vendor, kubeconfigDetails, credentialDetails, parentLoadBalancers, ...passed] = await Promise.all([
        parentStack.getOutputDetails("loadBalancerVendor"),
        parentStack.getOutputDetails("kubeconfig"),
        parentStack.getOutputDetails("registryCredentials"),
        parentStack.getOutputDetails("loadBalancerIds"),
        ...passedThrough.map((key) => parentStack.getOutputDetails(key)),
    ]);
    // Only the parent knows which SLBs its zones hold; refuse before anything but the StackReference exists.
    const slbProblems = parentLoadBalancerProblems(config.forkOf, parentLoadBalancers.value, config.zones);
    if (slbProblems.length > 0) throw new StackConfigError(config.stack, slbProblems);
    const loadBalancerVendor = vendorOf(component, config.forkOf, vendor.value);
    const present = (d: pulumi.StackReferenceOutputDetails) => d.value !== undefined || d.secretValue !== undefined;

    // A parent on an ambient kube context exports no kubeconfig; the fork then uses the same context.
    const kubeconfig = present(kubeconfigDetails) ? pulumi.secret(parentStack.requireOutput("kubeconfig") as pulumi.Output<string>) : undefined;
    const parentKubeconfig = kubeconfigDetails.secretValue ?? kubeconfigDetails.value;
    await warnIfUnreachable(typeof parentKubeconfig === "string" ? parentKubeconfig : undefined, undefined, `the kubeconfig output of ${config.forkOf}`);
    const k8sProvider = new k8s.Provider("k8s", kubernetesProviderArgs(kubeconfig), environmentChild(component));

    const credentials = present(credentialDetails) ? pulumi.secret(parentStack.requireOutput("registryCredentials") as pulumi.Output<Credentials>) : undefined;
    const pullCredentials: RegistryAccess["pullCredentials"] = credentials
        ? { server: credentials.server, username: credentials.username, password: credentials.password }
        : undefined;

    const imageRegistry = config.images?.registry ?? (parentStack.requireOutput("imageRegistry") as pulumi.Output<string>);
    const imageTag = config.images?.tag ?? (parentStack.requireOutput("imageTag") as pulumi.Output<string>);
    const loadBalancerIds = configuredLoadBalancerIds(config.zones);
    return {
        environment: stackEnvironment(config, {
            k8sProvider,
            namePrefix: forkNamePrefix(config.stack),
            loadBalancerVendor,
            loadBalancerIds,
            registry: { imagePrefix: imageRegistry, pullCredentials },
            imageTag,
        }),
        outputs: {
            envName: config.envName,
            kubeconfig,
            imageRegistry,
            imageTag,
            // Only what the parent exports: an output that resolves to undefined makes the engine warn.
            ...Object.fromEntries(passedThrough.filter((_, i) => present(passed[i])).map((key) => [key, parentStack.getOutput(key) as pulumi.Output<string>])),
            registryCredentials: credentials,
            loadBalancerIds,
            loadBalancerVendor,
        },
    };
}

/** The parent's vendor, or a ResourceError on the environment component naming the fix. */
function vendorOf(component: pulumi.ComponentResource, forkOf: string, value: unknown): LoadBalancerVendor {
    try {
        return parentVendor(forkOf, value);
    } catch (err) {
        throw new pulumi.ResourceError((err as Error).message, component);
    }
}
