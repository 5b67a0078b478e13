// The image pull Secret for the environment's registry (kubernetes.io/dockerconfigjson).
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { names, secretDataKeys, zoneLabels } from "../names";
import type { ZoneContext } from "./context";

/** The `.dockerconfigjson` document kubelet reads: one registry, its user and password. */
export function dockerConfigJson(server: string, username: string, password: string): string {
    const auth = Buffer.from(`${username}:${password}`).toString("base64");
    return JSON.stringify({ auths: { [server]: { username, password, auth } } });
}

export function pullSecretArgs(ctx: Pick<ZoneContext, "id" | "namespace">, dockerConfig: pulumi.Input<string>): k8s.core.v1.SecretArgs {
    return {
        metadata: { name: names.pullSecret, namespace: ctx.namespace, labels: zoneLabels(ctx.id) },
        type: "kubernetes.io/dockerconfigjson",
        stringData: { [secretDataKeys.dockerConfig]: dockerConfig },
    };
}
