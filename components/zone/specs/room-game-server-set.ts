// A room group under `room.engine: okg`: one OpenKruise Game GameServerSet instead of the StatefulSet.
// The pod is the StatefulSet's (same drain wiring, same DNS names through the same headless Service)
// plus a `rules` sidecar that writes the dice rules into an emptyDir the room server watches, and the
// room-versions ConfigMap that tells each server the group's desired version. kruise-game's service
// qualities run the room server's own state probe and set each GameServer's opsState from it.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { contract, names, zoneLabels } from "../names";
import type { RoomGroupName } from "../schema";
import type { ZoneContext } from "./context";
import { containerSecurityContext } from "./pod";
import { directRoomParts } from "./room-direct";
import { canaryPartition, roomLabels, roomPodSpec, type RoomGroupSpec } from "./room-group";

/** The kruise-game API the GameServerSet is written for (the chart pinned in components/okg). */
export const gameServerSetApiVersion = "game.kruise.io/v1alpha1";

/** Probe results (the probe's stdout) and the opsState kruise-game gives a GameServer for each. */
const probeResults = { busy: "Allocated", "idle-outdated": "WaitToBeDeleted", idle: "None" } as const;

/** The service quality that runs the state probe; kruise-game names the pod condition `game.kruise.io/<name>`. */
const stateQualityName = "room-state";

const rulesVolume = { name: "rules", emptyDir: { sizeLimit: "1Mi" } };
const versionsVolume = { name: "room-versions", configMap: { name: names.roomVersions } };

export interface OkgRoomGroupSpec extends RoomGroupSpec {
    /** `<registry>/rules:<rulesTag>`: the image whose only job is to put the rules file into the emptyDir. */
    rulesImage: pulumi.Input<string>;
    /** The zone's seat-ticket key version (RoomTickets), for a group with a direct port. */
    ticketKeyVersion?: pulumi.Input<string>;
}

/** Replicas of the GameServerSet: the group's own plus, during a lossless release, the surge of new servers. */
export function okgReplicas(config: RoomGroupSpec["config"]): number {
    return config.replicas + (config.release === "lossless" ? (config.surge ?? 0) : 0);
}

/**
 * rolling: in place where only images changed (a rules tag change restarts only the sidecar; a room tag
 * change restarts the room container, which drains first through preStop), partition from canary.
 * lossless: OnDelete, so no running pod is ever updated; the surge brings new servers up beside them.
 */
function okgUpdateStrategy(config: RoomGroupSpec["config"]): Record<string, unknown> {
    if (config.release === "lossless") return { type: "OnDelete" };
    return {
        type: "RollingUpdate",
        rollingUpdate: {
            podUpdatePolicy: "InPlaceIfPossible",
            partition: canaryPartition(config.replicas, config.canary),
            maxUnavailable: 1,
        },
    };
}

function stateQuality() {
    return {
        name: stateQualityName,
        containerName: "room",
        // Not permanent: the state changes as rooms open and close, and every change is acted on.
        permanent: false,
        exec: { command: [...contract.roomProbe] },
        initialDelaySeconds: 5,
        periodSeconds: 5,
        timeoutSeconds: 3,
        successThreshold: 1,
        failureThreshold: 3,
        serviceQualityAction: Object.entries(probeResults).map(([result, opsState]) => ({ state: true, result, opsState })),
    };
}

export function roomGameServerSetArgs(ctx: ZoneContext, spec: OkgRoomGroupSpec) {
    const name = names.roomGroup(spec.group);
    const labels = roomLabels(ctx, spec.group);
    const pod = roomPodSpec(ctx, spec);
    const [room, ...others] = pod.containers;
    const rulesFile = `${contract.rulesDir}/${contract.rulesKey}`;
    const direct = spec.config.direct !== undefined ? directRoomParts(spec.config.direct.port, spec.ticketKeyVersion ?? "") : undefined;
    const roomContainer = {
        ...room,
        ports: [...(room.ports as k8s.types.input.core.v1.ContainerPort[]), ...(direct !== undefined ? [direct.port] : [])],
        env: [
            ...(room.env as k8s.types.input.core.v1.EnvVar[]),
            { name: "RULES_FILE", value: rulesFile },
            { name: "DESIRED_VERSION_FILE", value: `${contract.versionsDir}/${contract.versionsKey}` },
            { name: "LOCAL_ADMIN_PORT", value: String(contract.roomLocalAdminPort) },
            ...(direct?.env ?? []),
        ],
        volumeMounts: [
            ...(room.volumeMounts as k8s.types.input.core.v1.VolumeMount[]),
            { name: rulesVolume.name, mountPath: contract.rulesDir, readOnly: true },
            { name: versionsVolume.name, mountPath: contract.versionsDir, readOnly: true },
            ...(direct !== undefined ? [direct.mount] : []),
        ],
    };
    const rulesContainer = {
        name: "rules",
        image: spec.rulesImage,
        command: [...contract.rulesCommand],
        env: [{ name: "RULES_DIR", value: contract.rulesDir }],
        resources: { requests: { cpu: "10m", memory: "48Mi" }, limits: { memory: "64Mi" } },
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: rulesVolume.name, mountPath: contract.rulesDir }],
    };
    const network = spec.config.network;
    return {
        apiVersion: gameServerSetApiVersion,
        kind: "GameServerSet",
        // skipAwait as for the StatefulSet: Pulumi has no await for this kind anyway, and says so.
        metadata: { name, namespace: ctx.namespace, labels, annotations: { "pulumi.com/skipAwait": "true" } },
        spec: {
            replicas: okgReplicas(spec.config),
            serviceName: name,
            gameServerTemplate: {
                metadata: { labels },
                spec: {
                    ...pod,
                    containers: [roomContainer, rulesContainer, ...others],
                    volumes: [...pod.volumes, rulesVolume, versionsVolume, ...(direct !== undefined ? [direct.volume] : [])],
                },
            },
            updateStrategy: okgUpdateStrategy(spec.config),
            // General: kruise-game deletes by opsState (WaitToBeDeleted, None, Allocated, Maintaining), then
            // ordinal, and never rewrites reserveGameServerIds (ReserveIds would, fighting Pulumi over the field).
            scaleStrategy: { scaleDownStrategyType: "General" },
            ...(spec.config.reserveIds?.length ? { reserveGameServerIds: [...spec.config.reserveIds] } : {}),
            serviceQualities: [stateQuality()],
            ...(network !== undefined ? { network: { networkType: network.type, networkConf: network.conf.map((c) => ({ ...c })) } } : {}),
        },
    };
}

/**
 * `versions.json`: per group, the version its servers should run and how it is released. A server on
 * another version is outdated (the probe's idle-outdated); under lossless it also takes no new rooms.
 */
export function versionsDocument(groups: Partial<Record<RoomGroupName, { version: string; release: "rolling" | "lossless" }>>): string {
    return `${JSON.stringify(groups, null, 2)}\n`;
}

/** The room-versions ConfigMap (okg zones only), mounted into every okg room pod as a directory. */
export function roomVersionsConfigMapArgs(ctx: ZoneContext, document: pulumi.Input<string>): k8s.core.v1.ConfigMapArgs {
    return {
        metadata: { name: names.roomVersions, namespace: ctx.namespace, labels: zoneLabels(ctx.id) },
        data: { [contract.versionsKey]: document },
    };
}
