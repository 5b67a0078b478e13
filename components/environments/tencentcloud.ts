// `cloud: tencentcloud`: VPC + subnets, TKE + node pools, TCR and per-zone CLBs as dynamic resources over
// tencentcloud-sdk-nodejs, composed into the same Environment (and the same stack outputs) as alicloud.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { nodeSysctls } from "../alicloud/rules";
import { configuredLoadBalancerIds } from "../cluster/rules";
import { kubernetesProviderArgs } from "../cluster/specs/provider";
import { type EnvironmentResult, stackEnvironment } from "../environment";
import type { TencentcloudStackConfig } from "../stack/schema";
import type { TencentConnection } from "../tencentcloud/dynamic-resource";
import { GatewayClb } from "../tencentcloud/gateway-clb";
import { TencentNetwork } from "../tencentcloud/network";
import { zonesNeedingClb } from "../tencentcloud/rules";
import { TcrRegistry } from "../tencentcloud/tcr-registry";
import { TkeCluster } from "../tencentcloud/tke-cluster";
import { environmentChild } from "./children";

/** Region and credentials from `tencentcloud:*` config; without secretId/secretKey the provider reads the environment. */
function connection(): TencentConnection {
    const config = new pulumi.Config("tencentcloud");
    const secretId = config.getSecret("secretId");
    const secretKey = config.getSecret("secretKey");
    const credentials =
        secretId !== undefined && secretKey !== undefined
            ? pulumi.secret(pulumi.all([secretId, secretKey]).apply(([id, key]) => ({ secretId: id, secretKey: key })))
            : undefined;
    return { region: config.require("region"), credentials };
}

export function tencentcloudEnvironment(component: pulumi.ComponentResource, config: TencentcloudStackConfig): EnvironmentResult {
    const ctx = { stack: config.stack, envName: config.envName, protect: config.protect, connection: connection() };

    const network = new TencentNetwork("network", { ...ctx, network: config.network }, environmentChild(component));
    const registry = new TcrRegistry("registry", { ...ctx, registry: config.registry }, environmentChild(component));
    const cluster = new TkeCluster(
        "cluster",
        { ...ctx, cluster: config.cluster, vpcId: network.vpcId, subnetIds: network.subnetIds, nodeSysctls: nodeSysctls(config) },
        environmentChild(component),
    );
    const k8sProvider = new k8s.Provider("k8s", kubernetesProviderArgs(cluster.kubeconfig), environmentChild(component));

    const loadBalancerIds: Record<string, pulumi.Input<string>> = configuredLoadBalancerIds(config.zones);
    for (const zone of zonesNeedingClb(config.zones)) {
        const clb = new GatewayClb(`${zone.name}-gateway`, { ...ctx, zoneName: zone.name, vpcId: network.vpcId }, environmentChild(component));
        loadBalancerIds[zone.name] = clb.loadBalancerId;
    }

    const imageRegistry = config.images.registry ?? registry.imagePrefix;
    const pullCredentials = registry.credentials;
    return {
        environment: stackEnvironment(config, {
            k8sProvider,
            namePrefix: "",
            loadBalancerVendor: "tencent-clb",
            loadBalancerIds,
            registry: { imagePrefix: imageRegistry, pullCredentials },
            imageTag: config.images.tag,
        }),
        outputs: {
            envName: config.envName,
            kubeconfig: cluster.kubeconfig,
            imageRegistry,
            imageTag: config.images.tag,
            registryEndpoint: registry.endpoint,
            registryNamespace: registry.namespace,
            registryCredentials: pulumi.secret(
                pulumi
                    .all([pullCredentials.server, pullCredentials.username, pullCredentials.password])
                    .apply(([server, username, password]) => ({ server, username, password })),
            ),
            clusterId: cluster.clusterId,
            loadBalancerIds,
            loadBalancerVendor: "tencent-clb",
        },
    };
}
