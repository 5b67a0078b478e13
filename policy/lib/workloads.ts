// Where the pod template and its containers sit in each workload kind, so every container rule
// reads them one way and names each field by its full path in the object.
import { asArray, at, isRecord, kubernetesKind, type PolicyResourceLike } from "./resource";

/** Path from the object's root to the pod spec, per workload kind (any API version). */
const podSpecPaths: Record<string, string[]> = {
    "apps/Deployment": ["spec", "template", "spec"],
    "apps/StatefulSet": ["spec", "template", "spec"],
    "apps/DaemonSet": ["spec", "template", "spec"],
    "apps/ReplicaSet": ["spec", "template", "spec"],
    "batch/Job": ["spec", "template", "spec"],
    "batch/CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    "core/Pod": ["spec"],
    // OpenKruise Game (room.engine okg): the room group's pod template.
    "game.kruise.io/GameServerSet": ["spec", "gameServerTemplate", "spec"],
};

export interface PodSpecAt {
    /** Dotted path of the pod spec, e.g. `spec.template.spec`. */
    path: string;
    spec: Record<string, unknown>;
}

/** The workload's pod spec, or undefined when the resource is not a workload (or has no template). */
export function podSpecOf(resource: PolicyResourceLike): PodSpecAt | undefined {
    const k8s = kubernetesKind(resource.type);
    if (!k8s) return undefined;
    const path = podSpecPaths[`${k8s.group}/${k8s.kind}`];
    if (!path) return undefined;
    const spec = at(resource.props, ...path);
    return isRecord(spec) ? { path: path.join("."), spec } : undefined;
}

export interface ContainerAt {
    /** Dotted path of the container, e.g. `spec.template.spec.initContainers[0]`. */
    path: string;
    /** `container "room"` or `init container "migrate"`, for messages. */
    label: string;
    container: Record<string, unknown>;
}

/** Every container and init container of a pod spec, with its path. */
export function containersOf(pod: PodSpecAt): ContainerAt[] {
    const found: ContainerAt[] = [];
    for (const [field, label] of [
        ["initContainers", "init container"],
        ["containers", "container"],
    ] as const) {
        asArray(pod.spec[field]).forEach((container, i) => {
            if (!isRecord(container)) return;
            const name = typeof container.name === "string" ? container.name : `#${i}`;
            found.push({ path: `${pod.path}.${field}[${i}]`, label: `${label} "${name}"`, container });
        });
    }
    return found;
}
