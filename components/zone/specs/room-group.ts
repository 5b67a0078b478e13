// A room group: one StatefulSet of room servers with stable names (a pinned room is dialled at its
// pod's own DNS name), the headless Service that publishes those names, and a PDB.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { contract, names, selectorLabels, workloadLabels } from "../names";
import type { RoomGroupConfig, RoomGroupName } from "../schema";
import { serviceHost, type ZoneContext } from "./context";
import { adminProbes, containerResources, containerSecurityContext, redisEnv, spreadOverNodes, tmpMount, tmpVolume, zonePodBasics } from "./pod";

/**
 * Seconds past `drainSeconds` before the kubelet kills a room server. The preStop hook takes up to
 * drainSeconds (first SIGTERM: finish games); then the kubelet's own SIGTERM makes the server settle
 * the last rounds (SETTLE_MS 5 s), tell players the room is dissolved, flush Redis and exit. 30 s
 * covers that with room for a slow node; the hook's own start-up is counted inside the grace period too.
 */
export const drainMarginSeconds = 30;

/** Pulumi's StatefulSet await would wait out every drain, and never ends while a canary partition holds pods back. */
const skipAwaitAnnotation = { "pulumi.com/skipAwait": "true" } as const;

export interface RoomGroupSpec {
    group: RoomGroupName;
    config: RoomGroupConfig;
    drainSeconds: number;
    image: pulumi.Input<string>;
    /** The resolved tag (ROOM_VERSION): what the directory and the logs show for each server. */
    tag: pulumi.Input<string>;
}

/**
 * StatefulSet partition for a canary of N pods: ordinals ≥ partition take the new revision, so the N
 * highest ordinals run the new spec and the rest keep the last one. No canary → 0 (all pods roll).
 */
export function canaryPartition(replicas: number, canary: number | undefined): number {
    if (canary === undefined) return 0;
    if (!Number.isInteger(canary) || canary < 0 || canary > replicas) {
        throw new RangeError(`canary ${canary} must be a whole number between 0 and replicas ${replicas}`);
    }
    return replicas - canary;
}

function roomSelector(ctx: ZoneContext, group: RoomGroupName): Record<string, string> {
    return selectorLabels(ctx.id, "room", { "gameops.io/room-group": group });
}

export function roomLabels(ctx: ZoneContext, group: RoomGroupName): Record<string, string> {
    return workloadLabels(ctx.id, "room", names.roomGroup(group), { "gameops.io/room-group": group });
}

/**
 * Headless: every pod gets `<pod>.<svc>.<ns>.svc.cluster.local`. publishNotReadyAddresses keeps a
 * DRAINING pod (readiness false) resolvable, because its pinned rooms are still dialled there.
 */
export function roomHeadlessServiceArgs(ctx: ZoneContext, group: RoomGroupName): k8s.core.v1.ServiceArgs {
    return {
        metadata: { name: names.roomGroup(group), namespace: ctx.namespace, labels: roomLabels(ctx, group) },
        spec: {
            clusterIP: "None",
            publishNotReadyAddresses: true,
            selector: roomSelector(ctx, group),
            ports: [{ name: "grpc", port: contract.roomGrpcPort, targetPort: "grpc", protocol: "TCP" }],
        },
    };
}

export function roomStatefulSetArgs(ctx: ZoneContext, spec: RoomGroupSpec): k8s.apps.v1.StatefulSetArgs {
    const name = names.roomGroup(spec.group);
    const labels = roomLabels(ctx, spec.group);
    return {
        metadata: { name, namespace: ctx.namespace, labels, annotations: { ...skipAwaitAnnotation } },
        spec: {
            replicas: spec.config.replicas,
            serviceName: name,
            selector: { matchLabels: roomSelector(ctx, spec.group) },
            // Scaling a group up or down (a cutover) starts or drains all its pods at once, not one by one.
            podManagementPolicy: "Parallel",
            updateStrategy: {
                type: "RollingUpdate",
                rollingUpdate: { partition: canaryPartition(spec.config.replicas, spec.config.canary) },
            },
            template: { metadata: { labels }, spec: roomPodSpec(ctx, spec) },
        },
    };
}

type PodSpec = k8s.types.input.core.v1.PodSpec;
type RoomPodSpec = PodSpec & { containers: k8s.types.input.core.v1.Container[]; volumes: k8s.types.input.core.v1.Volume[] };

/**
 * The room server's pod: the drain wiring (preStop, grace = drainSeconds + margin, DRAIN_SECONDS),
 * the pod's own DNS name as its address, Redis, probes. The StatefulSet and the okg engine share it.
 */
export function roomPodSpec(ctx: ZoneContext, spec: RoomGroupSpec): RoomPodSpec {
    const name = names.roomGroup(spec.group);
    return {
        ...zonePodBasics(ctx.pullSecret),
        terminationGracePeriodSeconds: spec.drainSeconds + drainMarginSeconds,
        affinity: spreadOverNodes(roomSelector(ctx, spec.group)),
        containers: [
            {
                name: "room",
                image: spec.image,
                command: [...contract.roomCommand],
                ports: [
                    { name: "grpc", containerPort: contract.roomGrpcPort, protocol: "TCP" },
                    { name: "admin", containerPort: contract.adminPort, protocol: "TCP" },
                ],
                env: [
                    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                    { name: "SERVER_ID", value: "$(POD_NAME)" },
                    { name: "ADVERTISE_ADDR", value: `$(POD_NAME).${serviceHost(name, ctx.namespace)}:${contract.roomGrpcPort}` },
                    { name: "ROOM_GRPC_PORT", value: String(contract.roomGrpcPort) },
                    { name: "ADMIN_PORT", value: String(contract.adminPort) },
                    { name: "ROOM_GROUP", value: spec.group },
                    { name: "ROOM_VERSION", value: spec.tag },
                    { name: "DRAIN_SECONDS", value: String(spec.drainSeconds) },
                    ...redisEnv(ctx.redis),
                ],
                ...adminProbes(),
                lifecycle: { preStop: { exec: { command: [...contract.roomPreStop] } } },
                resources: containerResources(spec.config.resources),
                securityContext: containerSecurityContext(),
                volumeMounts: [tmpMount],
            },
        ],
        volumes: [tmpVolume],
    };
}

/**
 * No voluntary eviction of a room server: an evicted pod would cut its running games. Room servers
 * leave through a release (scale the group to 0 after a cutover: the StatefulSet controller deletes
 * the pods, which a PDB does not block, and preStop drains them). The cost: `kubectl drain` and the
 * node autoscaler wait on nodes running room servers until a cutover moves them.
 */
export function roomPdbArgs(ctx: ZoneContext, group: RoomGroupName): k8s.policy.v1.PodDisruptionBudgetArgs {
    return {
        metadata: { name: names.roomGroup(group), namespace: ctx.namespace, labels: roomLabels(ctx, group) },
        spec: { maxUnavailable: 0, selector: { matchLabels: roomSelector(ctx, group) } },
    };
}
