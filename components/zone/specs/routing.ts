// The routing file the gateways read (services/CONTRACT.md, "Routing file"): the active group and
// the version rules, nothing else — so flipping `room.active` changes this ConfigMap and no other object.
import type * as k8s from "@pulumi/kubernetes";
import { contract, names, zoneLabels } from "../names";
import type { RoomGroupName, ZoneConfig } from "../schema";
import type { ZoneContext } from "./context";

interface RoutingDocument {
    activeGroup: RoomGroupName;
    versionRules: { minClientVersion?: string; maxClientVersion?: string; group: RoomGroupName }[];
}

function routingDocument(room: ZoneConfig["room"]): RoutingDocument {
    return {
        activeGroup: room.active as RoomGroupName,
        versionRules: room.versionRules.map((r) => ({
            ...(r.minClientVersion !== undefined ? { minClientVersion: r.minClientVersion } : {}),
            ...(r.maxClientVersion !== undefined ? { maxClientVersion: r.maxClientVersion } : {}),
            group: r.group,
        })),
    };
}

export function routingConfigMapArgs(ctx: ZoneContext, room: ZoneConfig["room"]): k8s.core.v1.ConfigMapArgs {
    return {
        metadata: { name: names.routing, namespace: ctx.namespace, labels: zoneLabels(ctx.id) },
        data: { [contract.routingKey]: `${JSON.stringify(routingDocument(room), null, 2)}\n` },
    };
}
