// Real resources from the committed stacks, by type, for the rule tests to copy and break.
import type { PolicyResourceLike } from "../../policy/lib/resource";
import { committedRun, copyOf, policyResources } from "./harness";

export const types = {
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    claim: "kubernetes:core/v1:PersistentVolumeClaim",
    deployment: "kubernetes:apps/v1:Deployment",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    cronJob: "kubernetes:batch/v1:CronJob",
    namespace: "kubernetes:core/v1:Namespace",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    elasticsearch: "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch",
    ackCluster: "alicloud:cs/managedKubernetes:ManagedKubernetes",
    slb: "alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer",
    acrRepo: "alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo",
} as const;

/** Every resource a committed stack registers, as the policies see it. */
export async function stackResources(stack: string): Promise<PolicyResourceLike[]> {
    return policyResources(await committedRun(stack), stack);
}

/** A deep copy of one resource of a committed stack. */
export async function resourceOf(stack: string, type: string, name: string): Promise<PolicyResourceLike> {
    return copyOf(await stackResources(stack), type, name);
}

/** The pod spec of a copied workload, typed loosely for a test to edit. */
export function podSpec(resource: PolicyResourceLike): any {
    const spec = resource.props.spec as any;
    return resource.type === types.cronJob ? spec.jobTemplate.spec.template.spec : spec.template.spec;
}

/** The stack's resources with `replace` swapped in for the resource of the same URN. */
export function withReplaced(resources: PolicyResourceLike[], ...replace: PolicyResourceLike[]): PolicyResourceLike[] {
    return resources.map((r) => replace.find((x) => x.urn === r.urn) ?? r);
}
