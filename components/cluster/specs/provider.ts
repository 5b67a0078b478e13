// The settings every environment's one Kubernetes provider shares, whatever the kubeconfig's source.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export function kubernetesProviderArgs(kubeconfig: pulumi.Input<string> | undefined, context?: string): k8s.ProviderArgs {
    return {
        // Without a kubeconfig the provider reads $KUBECONFIG / ~/.kube/config, like kubectl does.
        kubeconfig,
        context,
        enableServerSideApply: true,
        // An A/B cutover rewrites the routing ConfigMap: update it in place so the mounted file in
        // every gateway changes atomically instead of the ConfigMap being deleted and re-created.
        enableConfigMapMutable: true,
    };
}
