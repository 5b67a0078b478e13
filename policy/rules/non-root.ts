// Containers run as a non-root user, cannot gain privileges, and start with no Linux capabilities:
// a compromised game server then owns neither its node nor its neighbours. Only runAsNonRoot can be
// waived, per container, by an exemption that says why (the log shipper must read root-owned files).
import type { PolicyConfigSchema } from "@pulumi/policy";
import { resourcePolicy } from "../lib/define";
import { asArray, at, describe, isRecord, kubernetesKind, shown, type PolicyResourceLike } from "../lib/resource";
import { containersOf, podSpecOf } from "../lib/workloads";

/** A container allowed to run as root; every other rule of this policy still applies to it. */
export interface RootExemption {
    kind: string;
    namespace: string;
    name: string;
    container: string;
    reason: string;
}

export interface NonRootConfig {
    /** Replaces the default exemptions when set (pack config `gameops-pods-non-root.rootExemptions`). */
    rootExemptions?: RootExemption[];
}

/**
 * The Fluentd DaemonSet of components/logging tails /var/log/containers on the host, whose files are
 * root-owned 0640; it keeps every other restriction (no escalation, no capabilities, read-only root).
 */
export const defaultRootExemptions: readonly RootExemption[] = [
    { kind: "DaemonSet", namespace: "logging", name: "fluentd", container: "fluentd", reason: "reads the node's root-owned container logs under /var/log" },
];

function exempt(resource: PolicyResourceLike, container: string, exemptions: readonly RootExemption[]): boolean {
    const kind = kubernetesKind(resource.type)?.kind;
    const name = at(resource.props, "metadata", "name");
    const namespace = at(resource.props, "metadata", "namespace") ?? "default";
    return exemptions.some((e) => e.kind === kind && e.name === name && e.namespace === namespace && e.container === container);
}

export function checkNonRoot(resource: PolicyResourceLike, config: NonRootConfig = {}): string[] {
    const pod = podSpecOf(resource);
    if (!pod) return [];
    const exemptions = config.rootExemptions ?? defaultRootExemptions;
    const podContext = isRecord(pod.spec.securityContext) ? pod.spec.securityContext : {};
    const podPath = `${pod.path}.securityContext`;
    const violations: string[] = [];
    for (const { path, label, container } of containersOf(pod)) {
        const where = `${describe(resource)} ${label}`;
        const context = isRecord(container.securityContext) ? container.securityContext : {};
        const ctxPath = `${path}.securityContext`;

        if (!exempt(resource, typeof container.name === "string" ? container.name : "", exemptions)) {
            // The container's own setting wins over the pod's (Kubernetes semantics).
            const own = context.runAsNonRoot;
            const effective = own ?? podContext.runAsNonRoot;
            if (effective !== true) {
                const found =
                    own !== undefined
                        ? `${ctxPath}.runAsNonRoot is ${shown(own)}`
                        : `${ctxPath}.runAsNonRoot is unset and ${podPath}.runAsNonRoot is ${shown(podContext.runAsNonRoot)}`;
                violations.push(
                    `${where}: runAsNonRoot is not true (${found}); set securityContext.runAsNonRoot: true on the pod or the container and run as a non-zero uid`,
                );
            }
            const uid = context.runAsUser ?? podContext.runAsUser;
            if (uid === 0) {
                const uidPath = context.runAsUser !== undefined ? `${ctxPath}.runAsUser` : `${podPath}.runAsUser`;
                violations.push(`${where}: runs as uid 0 (${uidPath} is 0); set runAsUser to the image's non-root uid (the bundled services use 10001)`);
            }
        }
        if (context.allowPrivilegeEscalation !== false) {
            violations.push(
                `${where}: allowPrivilegeEscalation is ${shown(context.allowPrivilegeEscalation)} (${ctxPath}.allowPrivilegeEscalation); set it to false`,
            );
        }
        const drop = at(context, "capabilities", "drop");
        if (!asArray(drop).includes("ALL")) {
            violations.push(
                `${where}: capabilities.drop is ${shown(drop)} (${ctxPath}.capabilities.drop); set it to ["ALL"] and add back only what the process needs under capabilities.add`,
            );
        }
    }
    return violations;
}

const exemptionSchema: PolicyConfigSchema = {
    properties: {
        rootExemptions: {
            type: "array",
            description:
                "Containers allowed to run as root (they must still drop ALL capabilities and forbid privilege escalation). Replaces the default list.",
            items: {
                type: "object",
                properties: {
                    kind: { type: "string" },
                    namespace: { type: "string" },
                    name: { type: "string" },
                    container: { type: "string" },
                    reason: { type: "string" },
                },
                required: ["kind", "namespace", "name", "container", "reason"],
            },
        },
    },
};

export const nonRootPolicy = resourcePolicy<NonRootConfig>(
    {
        name: "gameops-pods-non-root",
        description:
            "Every container runs with runAsNonRoot (pod or container level), allowPrivilegeEscalation false and capabilities.drop [ALL]. runAsNonRoot alone can be waived per container (default: the logging Fluentd DaemonSet).",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Set the pod securityContext runAsNonRoot: true and runAsUser to a non-zero uid, and on each container allowPrivilegeEscalation: false and capabilities.drop: [ALL].",
        configSchema: exemptionSchema,
    },
    checkNonRoot,
);
