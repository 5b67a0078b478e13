// A fork (`gameops:forkOf`): no cloud resources. The parent stack's outputs (kubeconfig, registry,
// default tag, load balancer vendor) come through a StackReference; every name the fork creates is
// prefixed with the fork's stack name so nothing collides with the parent's objects.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ForkStackConfig } from "../config";
import { StackConfigError } from "../config/error";
import { parentLoadBalancerProblems } from "../config/forkRules";
import { stackEnvironment, type EnvironmentResult, type LoadBalancerVendor, type RegistryAccess } from "../environment";
import { configuredLoadBalancerIds } from "./existing";
import { kubernetesProviderArgs } from "./provider";
import { warnIfUnreachable } from "./reachability";

const vendors: readonly LoadBalancerVendor[] = ["alicloud-slb", "tencent-clb", "none"];

/** `dev-alice-`: what every cluster-scoped or shared name of the fork starts with. */
export function forkNamePrefix(stack: string): string {
    return `${stack}-`;
}

/** The parent's vendor output, checked, since a fork's Services are annotated by it. */
export function parentVendor(forkOf: string, value: unknown): LoadBalancerVendor {
    if (typeof value === "string" && (vendors as readonly string[]).includes(value)) return value as LoadBalancerVendor;
    throw new Error(
        `gameops:forkOf: stack ${forkOf} exports loadBalancerVendor ${JSON.stringify(value ?? null)}, not one of ${vendors.join(", ")}; run \`pulumi up\` on ${forkOf} with this version of gameops first`,
    );
}

type Credentials = { server: string; username: string; password: string };

/** Parent outputs a fork exports as its own when the parent has them (a parent on an existing cluster has no clusterId). */
const passedThrough = ["registryEndpoint", "registryNamespace", "clusterId"] as const;

export async function forkEnvironment(config: ForkStackConfig): Promise<EnvironmentResult> {
    const parent = new pulumi.StackReference("parent", { name: config.forkOf });
    const [vendor, kubeconfigDetails, credentialDetails, parentLoadBalancers, ...passed] = await Promise.all([
        parent.getOutputDetails("loadBalancerVendor"),
        parent.getOutputDetails("kubeconfig"),
        parent.getOutputDetails("registryCredentials"),
        parent.getOutputDetails("loadBalancerIds"),
        ...passedThrough.map((key) => parent.getOutputDetails(key)),
    ]);
    // Only the parent knows which SLBs its zones hold; refuse before anything but the StackReference exists.
    const slbProblems = parentLoadBalancerProblems(config.forkOf, parentLoadBalancers.value, config.zones);
    if (slbProblems.length > 0) throw new StackConfigError(config.stack, slbProblems);
    const loadBalancerVendor = parentVendor(config.forkOf, vendor.value);
    const present = (d: pulumi.StackReferenceOutputDetails) => d.value !== undefined || d.secretValue !== undefined;

    // A parent on an ambient kube context exports no kubeconfig; the fork then uses the same context.
    const kubeconfig = present(kubeconfigDetails) ? pulumi.secret(parent.requireOutput("kubeconfig") as pulumi.Output<string>) : undefined;
    const parentKubeconfig = kubeconfigDetails.secretValue ?? kubeconfigDetails.value;
    await warnIfUnreachable(typeof parentKubeconfig === "string" ? parentKubeconfig : undefined, undefined, `the kubeconfig output of ${config.forkOf}`);
    const k8sProvider = new k8s.Provider("k8s", kubernetesProviderArgs(kubeconfig));

    const credentials = present(credentialDetails) ? pulumi.secret(parent.requireOutput("registryCredentials") as pulumi.Output<Credentials>) : undefined;
    const pullCredentials: RegistryAccess["pullCredentials"] = credentials
        ? { server: credentials.server, username: credentials.username, password: credentials.password }
        : undefined;

    const imageRegistry = config.images?.registry ?? (parent.requireOutput("imageRegistry") as pulumi.Output<string>);
    const imageTag = config.images?.tag ?? (parent.requireOutput("imageTag") as pulumi.Output<string>);
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
            ...Object.fromEntries(passedThrough.filter((_, i) => present(passed[i])).map((key) => [key, parent.getOutput(key) as pulumi.Output<string>])),
            registryCredentials: credentials,
            loadBalancerIds,
            loadBalancerVendor,
        },
    };
}
