// What an environment (a stack's cluster, registry and load balancers) offers the things deployed
// into it. Zones and logging are built against this, never against a cloud directly, so the same
// GameZone runs on ACK, on an existing cluster and on a fork.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerVendor } from "./cluster/schema";
import type { StackConfig } from "./stack/schema";

export type { LoadBalancerVendor } from "./cluster/schema";

export interface RegistryAccess {
    /** `<host>/<namespace>` images are pulled from, e.g. `gameops-dev-registry.cn-hangzhou.cr.aliyuncs.com/mygame`. */
    imagePrefix: pulumi.Input<string>;
    /** Credentials for an image pull secret, when the registry needs one. */
    pullCredentials?: {
        server: pulumi.Input<string>;
        username: pulumi.Input<string>;
        password: pulumi.Input<string>;
    };
}

export interface Environment {
    /** The Pulumi stack name. */
    stack: string;
    /** The environment label (`gameops.io/env`); the stack name unless `gameops:env` says otherwise. */
    envName: string;
    /** The one Kubernetes provider every Kubernetes resource of the stack uses. */
    k8sProvider: k8s.Provider;
    /** Prefix for every cluster-scoped or shared name, so a fork never collides with its parent ("" for a parent). */
    namePrefix: string;
    /** Data and cloud resources are protected (prod). */
    protect: boolean;
    loadBalancerVendor: LoadBalancerVendor;
    /** The load balancer id per zone name, for zones whose gateway uses one. */
    loadBalancerIds: Record<string, pulumi.Input<string>>;
    registry: RegistryAccess;
    /** Default image tag for every service (a zone, group or service tag overrides it). */
    imageTag: pulumi.Input<string>;
    /** The base64 JWT key the gateways verify tokens with (a Pulumi secret). */
    jwtKey?: pulumi.Output<string>;
}

/** What a stack exports about its environment: everything a fork of it needs. */
export interface EnvironmentOutputs {
    envName: string;
    /** Absent when the provider uses the ambient kube context (existing cluster without the secret). */
    kubeconfig?: pulumi.Output<string>;
    /** `<host>/<namespace>` images are pulled from. */
    imageRegistry: pulumi.Input<string>;
    imageTag: pulumi.Input<string>;
    /** Registry host CI pushes to, and its namespace (ACR or the configured registry). */
    registryEndpoint?: pulumi.Input<string>;
    registryNamespace?: pulumi.Input<string>;
    /** Pull credentials as one secret object, for forks on a private registry. */
    registryCredentials?: pulumi.Output<{ server: string; username: string; password: string }>;
    clusterId?: pulumi.Input<string>;
    loadBalancerIds: Record<string, pulumi.Input<string>>;
    loadBalancerVendor: LoadBalancerVendor;
}

/** An environment and its stack outputs, as composed by one of alicloud / existing / fork. */
export interface EnvironmentResult {
    environment: Environment;
    outputs: EnvironmentOutputs;
}

/** An Environment from what every stack config states alike and what the cloud-specific part built. */
export function stackEnvironment(
    config: Pick<StackConfig, "stack" | "envName" | "protect" | "secrets">,
    parts: Omit<Environment, "stack" | "envName" | "protect" | "jwtKey">,
): Environment {
    return { stack: config.stack, envName: config.envName, protect: config.protect, jwtKey: config.secrets.jwtKey, ...parts };
}
