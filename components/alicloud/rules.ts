// Pure rules of an Alibaba Cloud environment: which zones get an SLB of their own, and the node
// settings logging needs. The environment builder and the tests use them; no resources here.
import type { AlicloudStackConfig } from "../stack/schema";
import type { ZoneConfig } from "../zone/schema";
import { gatewayServiceType } from "../zone/specs/gateway-service";

/** Zones whose gateway is exposed by a cloud load balancer this stack creates (no `loadBalancer.id`). */
export function zonesNeedingSlb(zones: ZoneConfig[]): ZoneConfig[] {
    return zones.filter((z) => gatewayServiceType(z.gateway, "alicloud-slb") === "LoadBalancer" && z.gateway.loadBalancer.id === undefined);
}

/** Elasticsearch on mmapfs (the default, `allowMmap: true`) needs vm.max_map_count >= 262144 on every node it may land on. */
export function nodeSysctls(config: Pick<AlicloudStackConfig, "logging">): Record<string, string> {
    const logging = config.logging;
    return logging.enabled && logging.elasticsearch.allowMmap ? { "vm.max_map_count": "262144" } : {};
}
