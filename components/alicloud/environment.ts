// `cloud: alicloud`: network, ACK, ACR and per-zone SLBs, composed into the Environment that zones and
// logging are built against, with the ONE Kubernetes provider every Kubernetes resource uses.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { configuredLoadBalancerIds } from "../cluster/existing";
import { kubernetesProviderArgs } from "../cluster/provider";
import type { AlicloudStackConfig } from "../config";
import { stackEnvironment, type EnvironmentResult } from "../environment";
import type { ZoneConfig } from "../zone/schema";
import { gatewayServiceType } from "../zone/specs/gatewayService";
import { AckCluster } from "./ackCluster";
import { AcrRegistry } from "./acrRegistry";
import { GatewayLoadBalancer } from "./gatewayLoadBalancer";
import { Network } from "./network";

/** Zones whose gateway is exposed by a cloud load balancer this stack creates (no `loadBalancer.id`). */
export function zonesNeedingSlb(zones: ZoneConfig[]): ZoneConfig[] {
    return zones.filter((z) => gatewayServiceType(z.gateway, "alicloud-slb") === "LoadBalancer" && z.gateway.loadBalancer.id === undefined);
}

/** Elasticsearch on mmapfs (the default, `allowMmap: true`) needs vm.max_map_count >= 262144 on every node it may land on. */
export function nodeSysctls(config: Pick<AlicloudStackConfig, "logging">): Record<string, string> {
    const logging = config.logging;
    return logging.enabled && logging.elasticsearch.allowMmap ? { "vm.max_map_count": "262144" } : {};
}

export function alicloudEnvironment(config: AlicloudStackConfig): EnvironmentResult {
    const region = new pulumi.Config("alicloud").require("region");
    const ctx = { stack: config.stack, envName: config.envName, protect: config.protect };

    const network = new Network("network", { ...ctx, network: config.network });
    const registry = new AcrRegistry("registry", {
        ...ctx,
        registry: config.registry,
        region,
        vpcId: network.vpcId,
        vswitchId: network.vswitchIds[0],
    });
    const cluster = new AckCluster("cluster", {
        ...ctx,
        cluster: config.cluster,
        network: config.network,
        vswitchIds: network.vswitchIds,
        acr: { instanceId: registry.instanceId, region, domains: [registry.vpcEndpoint, registry.endpoint] },
        nodeSysctls: nodeSysctls(config),
    });
    const k8sProvider = new k8s.Provider("k8s", kubernetesProviderArgs(cluster.kubeconfig));

    const loadBalancerIds: Record<string, pulumi.Input<string>> = configuredLoadBalancerIds(config.zones);
    for (const zone of zonesNeedingSlb(config.zones)) {
        const slb = new GatewayLoadBalancer(`${zone.name}-gateway`, {
            ...ctx,
            zoneName: zone.name,
            spec: zone.gateway.loadBalancer.spec,
            zoneIds: network.zoneIds,
        });
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
