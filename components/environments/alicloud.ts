// `cloud: alicloud`: network, ACK, ACR and per-zone SLBs, composed into the Environment that zones and
// logging are built against, with the ONE Kubernetes provider every Kubernetes resource uses.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AckCluster } from "../alicloud/ack-cluster";
import { AcrRegistry } from "../alicloud/acr-registry";
import { GatewayLoadBalancer } from "../alicloud/gateway-load-balancer";
import { Network } from "../alicloud/network";
import { nodeSysctls, zonesNeedingSlb } from "../alicloud/rules";
import { configuredLoadBalancerIds } from "../cluster/rules";
import { kubernetesProviderArgs } from "../cluster/specs/provider";
import { type EnvironmentResult, stackEnvironment } from "../environment";
import type { AlicloudStackConfig } from "../stack/schema";
import { environmentChild } from "./children";

export function alicloudEnvironment(component: pulumi.ComponentResource, config: AlicloudStackConfig): EnvironmentResult {
    const region = new pulumi.Config("alicloud").require("region");
    const ctx = { stack: config.stack, envName: config.envName, protect: config.protect };

    const network = new Network("network", { ...ctx, network: config.network }, environmentChild(component));
    const registry = new AcrRegistry(
        "registry",
        {
            ...ctx,
            registry: config.registry,
            region,
            vpcId: network.vpcId,
            vswitchId: network.vswitchIds[0],
        },
        environmentChild(component),
    );
    const cluster = new AckCluster(
        "cluster",
        {
            ...ctx,
            cluster: config.cluster,
            network: config.network,
            vswitchIds: network.vswitchIds,
            acr: { instanceId: registry.instanceId, region, domains: [registry.vpcEndpoint, registry.endpoint] },
            nodeSysctls: nodeSysctls(config),
        },
        environmentChild(component),
    );
    const k8sProvider = new k8s.Provider("k8s", kubernetesProviderArgs(cluster.kubeconfig), environmentChild(component));

    const loadBalancerIds: Record<string, pulumi.Input<string>> = configuredLoadBalancerIds(config.zones);
    for (const zone of zonesNeedingSlb(config.zones)) {
        const slb = new GatewayLoadBalancer(
            `${zone.name}-gateway`,
            {
                ...ctx,
                zoneName: zone.name,
                spec: zone.gateway.loadBalancer.spec,
                zoneIds: network.zoneIds,
            },
            environmentChild(component),
        );
        loadBalancerIds[zone.name] = slb.loadBalancerId;
    }

    const imageRegistry = config.images.registry ?? registry.imagePrefix;
    return {
        environment: stackEnvironment(config, {
            k8sProvider,
            namePrefix: "",
            loadBalancerVendor: "alicloud-slb",
            loadBalancerIds,
            registry: { imagePrefix: imageRegistry },
            imageTag: config.images.tag,
        }),
        outputs: {
            envName: config.envName,
            kubeconfig: cluster.kubeconfig,
            imageRegistry,
            imageTag: config.images.tag,
            registryEndpoint: registry.endpoint,
            registryNamespace: registry.namespace,
            clusterId: cluster.clusterId,
            loadBalancerIds,
            loadBalancerVendor: "alicloud-slb",
        },
    };
}
