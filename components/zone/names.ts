// Every Kubernetes name and label a zone uses, in one place. Objects inside the zone's namespace
// keep fixed short names (the namespace isolates them); only the namespace is cluster-scoped, so it
// alone carries the environment's prefix — that is what keeps a fork from colliding with its parent.
import type { RoomGroupName } from "./schema";

export const names = {
    namespace: (namePrefix: string, zone: string) => `${namePrefix}${zone}`,
    gateway: "gateway",
    routing: "routing",
    roomVersions: "room-versions",
    jwt: "gateway-jwt",
    roomTickets: "room-tickets",
    pullSecret: "registry-pull",
    redis: "redis",
    redisAuth: "redis-auth",
    redisData: "redis-data",
    roomGroup: (group: RoomGroupName) => `room-${group}`,
    cron: (job: string) => `cron-${job}`,
};

/** Secret keys inside the zone's Secrets. */
export const secretDataKeys = { jwt: "jwt-key", roomTicket: "ticket-key", redisPassword: "password", dockerConfig: ".dockerconfigjson" } as const;

export { contract } from "../primitives/service-contract";

export type Component = "gateway" | "room" | "cron" | "redis";

export interface ZoneIdentity {
    zone: string;
    envName: string;
}

/** Labels every object of the zone carries. */
export function zoneLabels(id: ZoneIdentity): Record<string, string> {
    return {
        "gameops.io/zone": id.zone,
        "gameops.io/env": id.envName,
        "app.kubernetes.io/part-of": "gameops",
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

/**
 * The stable identity of one workload's pods. Selectors use exactly these (never a version): a
 * selector is immutable, and a tag change must roll pods, not replace the workload.
 */
export function selectorLabels(id: ZoneIdentity, component: Component, extra: Record<string, string> = {}): Record<string, string> {
    return { "gameops.io/zone": id.zone, "app.kubernetes.io/name": component, ...extra };
}

/** Zone labels plus the workload's selector and the recommended `app.kubernetes.io/*` set. */
export function workloadLabels(id: ZoneIdentity, component: Component, instance: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        ...zoneLabels(id),
        ...selectorLabels(id, component, extra),
        "app.kubernetes.io/instance": `${id.zone}-${instance}`,
        "app.kubernetes.io/component": component,
    };
}
