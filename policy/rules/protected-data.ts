// On a production stack the resources that hold data or addresses survive a mistaken destroy or a
// removed config entry: Pulumi `protect` on each, and the cloud's own deletion protection where the
// type has one.
//
// A stack validation sees neither the stack's config nor its name, so whether the stack is a
// protected one is read from the resources: gameops:protect puts `protect` on (among others) every
// zone Namespace and Redis, and deletion protection on the ACK cluster and SLBs. Any one of those
// marks - or the Pulumi Cloud stack tag `gameops:protect=true` - makes the stack protected, and then
// protection is all-or-nothing: every stateful resource below must have it.
import { stackPolicy } from "../lib/define";
import { asArray, at, describe, kubernetesKind, shown, type PolicyResourceLike, type StackViolation } from "../lib/resource";

const protectStackTag = "gameops:protect";

interface CloudGuard {
    field: string;
    /** The value that means "protected". */
    on: unknown;
}

/** Cloud types with their own deletion protection, by type token. */
const cloudGuards: Record<string, CloudGuard> = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes": { field: "deletionProtection", on: true },
    "alicloud:cs/kubernetes:Kubernetes": { field: "deletionProtection", on: true },
    "alicloud:cs/serverlessKubernetes:ServerlessKubernetes": { field: "deletionProtection", on: true },
    "alicloud:cs/edgeKubernetes:EdgeKubernetes": { field: "deletionProtection", on: true },
    "alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer": { field: "deleteProtection", on: "on" },
    "alicloud:slb/loadBalancer:LoadBalancer": { field: "deleteProtection", on: "on" },
};

/** Cloud types that hold released images; they have no deletion protection of their own. */
const registryTypes = new Set([
    "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance",
    "alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace",
    "alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo",
    "alicloud:cr/namespace:Namespace",
    "alicloud:cr/repo:Repo",
]);

/** Why the resource holds data that must be protected, or undefined when it holds none. */
function statefulReason(resource: PolicyResourceLike): string | undefined {
    if (resource.type in cloudGuards) return resource.type.includes(":slb/") ? "the address players connect to" : "the cluster every zone runs on";
    if (registryTypes.has(resource.type)) return "holds released images";
    const k8s = kubernetesKind(resource.type);
    if (!k8s) return undefined;
    if (k8s.group === "elasticsearch.k8s.elastic.co" && k8s.kind === "Elasticsearch") return "holds the logs";
    if (k8s.group === "core" && k8s.kind === "PersistentVolumeClaim") return "holds a persistent volume";
    if (k8s.group === "apps" && k8s.kind === "StatefulSet" && asArray(at(resource.props, "spec", "volumeClaimTemplates")).length > 0) {
        return "holds persistent volumes (spec.volumeClaimTemplates)";
    }
    return undefined;
}

/** What shows the stack is a protected one, or undefined for an unprotected stack. */
export function protectionEvidence(resources: PolicyResourceLike[], stackTags: ReadonlyMap<string, string>): string | undefined {
    if (stackTags.get(protectStackTag) === "true") return `stack tag ${protectStackTag} is "true"`;
    const protectedOne = resources.find((r) => r.opts?.protect === true);
    if (protectedOne) return `${describe(protectedOne)} has protect`;
    for (const r of resources) {
        const guard = cloudGuards[r.type];
        if (guard && r.props[guard.field] === guard.on) return `${describe(r)} has ${guard.field} ${shown(guard.on)}`;
    }
    return undefined;
}

export function checkProtectedData(resources: PolicyResourceLike[], stackTags: ReadonlyMap<string, string> = new Map()): StackViolation[] {
    const evidence = protectionEvidence(resources, stackTags);
    if (evidence === undefined) return [];
    const violations: StackViolation[] = [];
    for (const r of resources) {
        const reason = statefulReason(r);
        if (reason === undefined) continue;
        const where = `${describe(r)} (${reason}) on a protected stack (${evidence})`;
        if (r.opts?.protect !== true) {
            violations.push({
                urn: r.urn,
                message: `${where}: protect is ${shown(r.opts?.protect)} (resource option protect); set protect: true on it (the gameops components do this when gameops:protect is true)`,
            });
        }
        const guard = cloudGuards[r.type];
        if (guard && r.props[guard.field] !== guard.on) {
            violations.push({
                urn: r.urn,
                message: `${where}: ${guard.field} is ${shown(r.props[guard.field])} (${guard.field}); set it to ${shown(guard.on)}`,
            });
        }
    }
    return violations;
}

export const protectedDataPolicy = stackPolicy(
    {
        name: "gameops-protected-data",
        description:
            "On a protected stack (any resource has protect, an ACK cluster or SLB has deletion protection, or the stack tag gameops:protect is true), every stateful resource - StatefulSets with volume claims, PVCs, Elasticsearch, ACK clusters, SLBs, ACR - has protect, and ACK/SLB their deletion protection.",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Set gameops:protect: true (the components then protect everything), or give a hand-written resource { protect: true } and its cloud deletion protection.",
    },
    checkProtectedData,
);
