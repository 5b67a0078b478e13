// A room group (StatefulSet labelled gameops.io/room-group) must drain, not drop, its games when
// scaled down: all pods stop at once (Parallel), preStop sends the first drain signal, and the
// kubelet waits longer than the drain before it kills (README "Drain timing", components/zone/specs/room-group.ts).
import { resourcePolicy } from "../lib/define";
import { asArray, at, describe, isRecord, kubernetesKind, labels, shown, type PolicyResourceLike } from "../lib/resource";
import { containersOf, podSpecOf, type PodSpecAt } from "../lib/workloads";

/** The label components/zone puts on a room group's StatefulSet and pods (value: the group, a or b). */
const roomGroupLabel = "gameops.io/room-group";
const drainEnv = "DRAIN_SECONDS";
/** Kubernetes' default terminationGracePeriodSeconds. */
const defaultGraceSeconds = 30;

/** A room group's workload: a StatefulSet, or (room.engine okg) a kruise-game GameServerSet. */
function isGameServerSet(resource: PolicyResourceLike): boolean {
    const k8s = kubernetesKind(resource.type);
    return k8s?.group === "game.kruise.io" && k8s.kind === "GameServerSet";
}

function roomGroupOf(resource: PolicyResourceLike): string | undefined {
    const k8s = kubernetesKind(resource.type);
    const gss = isGameServerSet(resource);
    if (!k8s || (!gss && (k8s.group !== "apps" || k8s.kind !== "StatefulSet"))) return undefined;
    const podLabels = at(resource.props, "spec", gss ? "gameServerTemplate" : "template", "metadata", "labels");
    const group = labels(resource.props)[roomGroupLabel] ?? (isRecord(podLabels) ? podLabels[roomGroupLabel] : undefined);
    return group === undefined ? undefined : String(group);
}

export function checkRoomDrain(resource: PolicyResourceLike): string[] {
    const group = roomGroupOf(resource);
    if (group === undefined) return [];
    const where = `${describe(resource)} (room group "${group}")`;
    const violations: string[] = [];

    // kruise-game always runs a GameServerSet's pods Parallel; it has no such field.
    const policy = at(resource.props, "spec", "podManagementPolicy");
    if (!isGameServerSet(resource) && policy !== "Parallel") {
        const found = policy === undefined ? "unset (Kubernetes defaults to OrderedReady)" : shown(policy);
        violations.push(
            `${where}: podManagementPolicy is ${found} (spec.podManagementPolicy); set it to "Parallel" so scaling the group drains all its pods at once`,
        );
    }

    const pod = podSpecOf(resource);
    if (!pod) {
        violations.push(
            `${where}: has no pod template (${isGameServerSet(resource) ? "spec.gameServerTemplate.spec" : "spec.template.spec"}); give it the room server container with ${drainEnv}, a preStop hook and a grace period longer than the drain`,
        );
        return violations;
    }
    return [...violations, ...drainViolations(where, pod)];
}

/** preStop and grace period of every container that drains (sets DRAIN_SECONDS); at least one must. */
function drainViolations(where: string, pod: PodSpecAt): string[] {
    const violations: string[] = [];
    const grace = pod.spec.terminationGracePeriodSeconds;
    const graceSeconds = typeof grace === "number" ? grace : defaultGraceSeconds;
    const graceShown = grace === undefined ? `unset (Kubernetes defaults to ${defaultGraceSeconds})` : shown(grace);
    let draining = 0;
    for (const c of containersOf(pod)) {
        const env = asArray(c.container.env);
        const index = env.findIndex((e) => isRecord(e) && e.name === drainEnv);
        if (index === -1) continue;
        draining++;
        const entry = env[index] as Record<string, unknown>;
        const drain = typeof entry.value === "string" && /^\d+$/.test(entry.value) ? Number(entry.value) : undefined;
        if (drain === undefined) {
            const found = entry.value !== undefined ? shown(entry.value) : entry.valueFrom !== undefined ? "taken from valueFrom" : "unset";
            violations.push(
                `${where} ${c.label}: ${drainEnv} is ${found} (${c.path}.env[${index}].value); set it to a literal whole number of seconds so the grace period can be checked against it`,
            );
        } else if (graceSeconds <= drain) {
            violations.push(
                `${where}: terminationGracePeriodSeconds is ${graceShown} (${pod.path}.terminationGracePeriodSeconds), not more than ${drainEnv} ${drain} of ${c.label}; set it to ${drainEnv} plus a margin for the final settle (gameops uses +30: ${drain + 30})`,
            );
        }
        if (at(c.container, "lifecycle", "preStop") === undefined) {
            violations.push(
                `${where} ${c.label}: has no preStop hook (${c.path}.lifecycle.preStop is unset); add one that starts the drain and waits up to ${drainEnv} (gameops runs node services/room/prestop.js)`,
            );
        }
    }
    if (draining === 0) {
        violations.push(
            `${where}: no container sets ${drainEnv} (${pod.path}.containers[*].env); give the room server container ${drainEnv}, its preStop hook and a longer grace period`,
        );
    }
    return violations;
}

export const roomDrainPolicy = resourcePolicy(
    {
        name: "gameops-room-drain",
        description: `A StatefulSet labelled ${roomGroupLabel} has podManagementPolicy Parallel (a GameServerSet always has), a preStop hook on the container that sets ${drainEnv}, and terminationGracePeriodSeconds greater than ${drainEnv}.`,
        enforcementLevel: "mandatory",
        remediationSteps:
            "Build room groups with components/zone (RoomGroup), or copy its wiring: Parallel, preStop exec node services/room/prestop.js, grace = drainSeconds + 30.",
    },
    checkRoomDrain,
);
