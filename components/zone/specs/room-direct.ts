// The direct player port of an okg room group (services/direct-rooms.md, step 3): the zone's seat-ticket
// key in a Secret that only the gateway and the room pods read, and what a room pod adds for the port:
// the container port, the key, and the pod's network status from OpenKruise Game (the annotation its
// network plugin writes the public address into) through a downward-API volume the room server follows.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { contract, names, secretDataKeys, zoneLabels } from "../names";
import type { ZoneContext } from "./context";

type EnvVar = k8s.types.input.core.v1.EnvVar;

export function roomTicketSecretArgs(ctx: ZoneContext, key: pulumi.Input<string>): k8s.core.v1.SecretArgs {
    return {
        metadata: { name: names.roomTickets, namespace: ctx.namespace, labels: zoneLabels(ctx.id) },
        type: "Opaque",
        stringData: { [secretDataKeys.roomTicket]: key },
    };
}

/**
 * ROOM_TICKET_KEY from the zone's Secret (the gateway signs seat tickets with it, the room servers
 * check them), and which key it is: the services ignore ROOM_TICKETS_VERSION, the pod template
 * changes with it, so a new key restarts the readers (env is read at start).
 */
export function roomTicketEnv(keyVersion: pulumi.Input<string>): EnvVar[] {
    return [
        { name: "ROOM_TICKET_KEY", valueFrom: { secretKeyRef: { name: names.roomTickets, key: secretDataKeys.roomTicket } } },
        { name: "ROOM_TICKETS_VERSION", value: keyVersion },
    ];
}

const networkStatusVolume = {
    name: "network-status",
    downwardAPI: { items: [{ path: contract.networkStatusKey, fieldRef: { fieldPath: `metadata.annotations['${contract.networkStatusAnnotation}']` } }] },
};

/** What the room container and its pod add for a direct port on `port`. */
export function directRoomParts(port: number, keyVersion: pulumi.Input<string>) {
    return {
        port: { name: "direct", containerPort: port, protocol: "TCP" },
        env: [
            { name: "ROOM_WS_PORT", value: String(port) },
            ...roomTicketEnv(keyVersion),
            // A directory mount: the kubelet rewrites the file when the annotation changes.
            { name: "ADVERTISE_WS_FILE", value: `${contract.networkStatusDir}/${contract.networkStatusKey}` },
        ] satisfies EnvVar[],
        volume: networkStatusVolume,
        mount: { name: networkStatusVolume.name, mountPath: contract.networkStatusDir, readOnly: true },
    };
}
