// Pure rules of a Tencent Cloud environment: which zones get a CLB of their own, and where images live.
import type { ZoneConfig } from "../zone/schema";
import { gatewayServiceType } from "../zone/specs/gateway-service";

/** Zones whose gateway is exposed by a CLB this stack creates (no `loadBalancer.id`). */
export function zonesNeedingClb(zones: ZoneConfig[]): ZoneConfig[] {
    return zones.filter((z) => gatewayServiceType(z.gateway, "tencent-clb") === "LoadBalancer" && z.gateway.loadBalancer.id === undefined);
}

/** The node-pool label every node of a pool carries (zones and logging can select pools by it). */
export function poolLabels(pool: { name: string; labels: Record<string, string> }): Record<string, string> {
    return { ...pool.labels, "gameops.io/pool": pool.name };
}
