// Assertions every stack test shares: which resources exist, and how they are wired.
import { strict as assert } from "node:assert";
import type { RegisteredResource } from "../../../lib/program/mocks";
import type { ProgramRun, RecordedOptions } from "../../../lib/program/run";

export const types = {
    vpc: "alicloud:vpc/network:Network",
    vswitch: "alicloud:vpc/switch:Switch",
    cluster: "alicloud:cs/managedKubernetes:ManagedKubernetes",
    nodePool: "alicloud:cs/nodePool:NodePool",
    acrInstance: "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance",
    acrNamespace: "alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace",
    acrRepo: "alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo",
    acrVpcLink: "alicloud:cr/vpcEndpointLinkedVpc:VpcEndpointLinkedVpc",
    slb: "alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer",
    k8sProvider: "pulumi:providers:kubernetes",
    stackReference: "pulumi:pulumi:StackReference",
} as const;

export function ofType(run: ProgramRun, type: string): RegisteredResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: ProgramRun, type: string): RegisteredResource {
    const found = ofType(run, type);
    assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
    return found[0];
}

export function optionsOf(run: ProgramRun, type: string, name: string): RecordedOptions {
    const found = run.options.find((o) => o.type === type && o.name === name);
    assert.ok(found, `no options recorded for ${type}::${name}`);
    return found;
}

/** Every Kubernetes resource went to the one explicit provider `k8s`, never a default provider. */
export function assertEveryK8sResourceUsesTheProvider(run: ProgramRun): void {
    const k8s = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
    assert.ok(k8s.length > 0, "the stack registers Kubernetes resources");
    const provider = one(run, types.k8sProvider);
    // An A/B cutover must update the routing ConfigMap in place, not delete and re-create it.
    assert.equal(String(provider.inputs.enableConfigMapMutable), "true", "the k8s provider updates ConfigMaps in place");
    for (const r of k8s) {
        assert.ok(r.provider?.endsWith(`${types.k8sProvider}::k8s::${provider.id}`), `${r.type}::${r.name} uses provider ${r.provider}`);
    }
}

/**
 * Cloud resources are children of the gameops component of their concern; nothing floats at the top:
 * only the environment, logging and the zones sit at the root, and the environment owns the cloud
 * components, the Kubernetes provider and a fork's StackReference.
 */
export function assertParents(run: ProgramRun): void {
    const topLevel = new Set(["gameops:environment:StackEnvironment", "gameops:logging:Logging", "gameops:zone:GameZone"]);
    const environmentChildren = new Set([
        "gameops:alicloud:Network",
        "gameops:alicloud:AcrRegistry",
        "gameops:alicloud:AckCluster",
        "gameops:alicloud:GatewayLoadBalancer",
        types.k8sProvider,
        types.stackReference,
    ]);
    const cloudParent: Record<string, string> = {
        [types.vpc]: "gameops:alicloud:Network",
        [types.vswitch]: "gameops:alicloud:Network",
        [types.cluster]: "gameops:alicloud:AckCluster",
        [types.nodePool]: "gameops:alicloud:AckCluster",
        [types.acrInstance]: "gameops:alicloud:AcrRegistry",
        [types.acrNamespace]: "gameops:alicloud:AcrRegistry",
        [types.acrRepo]: "gameops:alicloud:AcrRegistry",
        [types.acrVpcLink]: "gameops:alicloud:AcrRegistry",
        [types.slb]: "gameops:alicloud:GatewayLoadBalancer",
    };
    for (const o of run.options) {
        if (topLevel.has(o.type)) {
            assert.equal(o.parent, undefined, `${o.type}::${o.name} is top-level`);
            continue;
        }
        assert.ok(o.parent, `${o.type}::${o.name} has no parent`);
        if (environmentChildren.has(o.type)) {
            assert.ok(o.parent.startsWith("gameops:environment:StackEnvironment::"), `${o.type}::${o.name} has parent ${o.parent}, not the environment`);
            continue;
        }
        const expected = cloudParent[o.type];
        if (expected) assert.ok(o.parent.startsWith(`${expected}::`), `${o.type}::${o.name} has parent ${o.parent}, not a ${expected}`);
        else assert.ok(o.parent.startsWith("gameops:") || o.parent.startsWith("kubernetes:"), `${o.type}::${o.name} has parent ${o.parent}`);
    }
}

export function assertNoCloudResource(run: ProgramRun): void {
    const cloud = run.resources.filter((r) => r.type.startsWith("alicloud:") || r.type.startsWith("pulumi:providers:alicloud"));
    assert.deepEqual(
        cloud.map((r) => `${r.type}::${r.name}`),
        [],
    );
    assert.deepEqual(
        run.mocks.calls.filter((c) => c.token.startsWith("alicloud:")).map((c) => c.token),
        [],
    );
}
