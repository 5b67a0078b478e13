// The one mocks module every program test uses: realistic ids and outputs per resource type, so
// components that read `vpc.id` or `cluster.connections` see what the real providers return.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";

export interface RegisteredResource {
    type: string;
    name: string;
    /** Inputs as the provider received them (Outputs resolved, secrets unwrapped). */
    inputs: Record<string, any>;
    id: string;
    /** The provider reference (`urn::id`) the resource was registered with, if any. */
    provider?: string;
}

export const fakeKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: ack
  cluster: { server: "https://10.0.0.10:6443", certificate-authority-data: "LS0tLS1CRUdJTg==" }
users:
- name: ack-admin
  user: { client-certificate-data: "LS0tLS1CRUdJTg==", client-key-data: "LS0tLS1CRUdJTg==" }
contexts:
- name: ack
  context: { cluster: ack, user: ack-admin }
current-context: ack
`;

// How the engine marks a secret value in the inputs a provider (including a mock) receives.
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

/** An input value as a provider saw it: whether it arrived as a Pulumi secret, and its plaintext. */
export function secretValue(input: unknown): { secret: boolean; value: unknown } {
    if (input && typeof input === "object" && (input as Record<string, unknown>)[sigKey] === secretSig) {
        return { secret: true, value: (input as { value: unknown }).value };
    }
    return { secret: false, value: input };
}

/** A short stable hex from a name, so ids are deterministic across runs (diffs between runs are real). */
function hex(name: string, len = 12): string {
    return createHash("sha256").update(name).digest("hex").slice(0, len);
}

/** Stack outputs a fork's StackReference sees, per referenced stack name. */
export type ParentOutputs = Record<string, Record<string, unknown>>;

export class GameopsMocks implements pulumi.runtime.Mocks {
    readonly resources: RegisteredResource[] = [];
    readonly calls: pulumi.runtime.MockCallArgs[] = [];

    constructor(private readonly parents: ParentOutputs = {}) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const { id, state } = this.fake(args);
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, id, provider: args.provider });
        return { id, state: { ...args.inputs, ...state } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.calls.push(args);
        switch (args.token) {
            case "alicloud:cs/getClusterCredential:getClusterCredential":
                return { ...args.inputs, kubeConfig: fakeKubeconfig, id: args.inputs.clusterId };
            case "alicloud:cs/getRegistryEnterpriseInstances:getRegistryEnterpriseInstances": {
                const ids = (args.inputs.ids as string[] | undefined) ?? [];
                return {
                    ids,
                    names: ids.map((id) => `acme-${id.slice(4)}`),
                    instances: ids.map((id) => {
                        const name = `acme-${id.slice(4)}`;
                        return {
                            id,
                            name,
                            region: "cn-hangzhou",
                            specification: "Standard",
                            namespaceQuota: "50",
                            namespaceUsage: "3",
                            repoQuota: "1000",
                            repoUsage: "12",
                            publicEndpoints: [`${name}-registry.cn-hangzhou.cr.aliyuncs.com`],
                            vpcEndpoints: [`${name}-registry-vpc.cn-hangzhou.cr.aliyuncs.com`],
                            authorizationToken: "",
                            tempUsername: "",
                            tags: {},
                        };
                    }),
                };
            }
            case "alicloud:cs/getKubernetesVersion:getKubernetesVersion":
                return { metadatas: [{ version: "1.31.1-aliyun.1" }] };
            default:
                return args.inputs;
        }
    }

    private fake(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const h = hex(`${args.type}/${args.name}`);
        const inputs = args.inputs ?? {};
        switch (args.type) {
            case "alicloud:vpc/network:Network":
                return { id: `vpc-bp1${h}`, state: { routeTableId: `vtb-bp1${h}`, routerId: `vrt-bp1${h}` } };
            case "alicloud:vpc/switch:Switch":
                return { id: `vsw-bp1${h}`, state: {} };
            case "alicloud:cs/managedKubernetes:ManagedKubernetes":
                return {
                    id: `c${hex(args.name, 32)}`,
                    state: { vpcId: inputs.vpcId, securityGroupId: `sg-bp1${h}`, slbInternet: `lb-bp1${h}` },
                };
            case "alicloud:cs/nodePool:NodePool":
                return { id: `np${hex(args.name, 32)}`, state: { nodePoolId: `np${hex(args.name, 32)}` } };
            case "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance": {
                const name = inputs.instanceName ?? args.name;
                const region = "cn-hangzhou";
                return {
                    id: `cri-${h}`,
                    state: {
                        instanceName: name,
                        regionId: region,
                        status: "RUNNING",
                        instanceEndpoints: [
                            { enable: true, endpointType: "internet", domains: [{ domain: `${name}-registry.${region}.cr.aliyuncs.com`, type: "SYSTEM" }] },
                            { enable: true, endpointType: "vpc", domains: [{ domain: `${name}-registry-vpc.${region}.cr.aliyuncs.com`, type: "SYSTEM" }] },
                        ],
                    },
                };
            }
            case "alicloud:cr/vpcEndpointLinkedVpc:VpcEndpointLinkedVpc":
                return { id: `${inputs.instanceId}:${inputs.vpcId}:${inputs.vswitchId}:${inputs.moduleName}`, state: { status: "RUNNING" } };
            case "alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace":
            case "alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo":
                return { id: `${inputs.instanceId}:${inputs.namespace ?? ""}:${inputs.name}`, state: {} };
            case "alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer":
                return { id: `lb-bp1${h}`, state: { address: `47.96.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}` } };
            case "pulumi-nodejs:dynamic/tencentcloud:Vpc":
                return { id: `vpc-${h.slice(0, 8)}`, state: { vpcId: `vpc-${h.slice(0, 8)}` } };
            case "pulumi-nodejs:dynamic/tencentcloud:Subnet":
                return { id: `subnet-${h.slice(0, 8)}`, state: { subnetId: `subnet-${h.slice(0, 8)}` } };
            case "pulumi-nodejs:dynamic/tencentcloud:TkeCluster":
                return { id: `cls-${h.slice(0, 8)}`, state: { clusterId: `cls-${h.slice(0, 8)}`, status: "Running", kubeconfig: fakeKubeconfig } };
            case "pulumi-nodejs:dynamic/tencentcloud:TkeNodePool":
                return { id: `np-${h.slice(0, 8)}`, state: { nodePoolId: `np-${h.slice(0, 8)}`, lifeState: "normal" } };
            case "pulumi-nodejs:dynamic/tencentcloud:Clb":
                return {
                    id: `lb-${h.slice(0, 8)}`,
                    state: { loadBalancerId: `lb-${h.slice(0, 8)}`, address: `119.28.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}` },
                };
            case "pulumi-nodejs:dynamic/tencentcloud:TcrInstance":
                return { id: `tcr-${h.slice(0, 8)}`, state: { registryId: `tcr-${h.slice(0, 8)}`, status: "Running" } };
            case "pulumi-nodejs:dynamic/tencentcloud:TcrNamespace":
                return { id: `${inputs.registryId}/${inputs.name}`, state: { domain: `${inputs.registryId}.tencentcloudcr.com` } };
            case "pulumi-nodejs:dynamic/tencentcloud:TcrRepository":
                return { id: `${inputs.registryId}/${inputs.namespace}/${inputs.name}`, state: { repository: `${inputs.namespace}/${inputs.name}` } };
            case "pulumi-nodejs:dynamic/tencentcloud:TcrToken":
                return { id: `tk-${h.slice(0, 8)}`, state: { username: "tcr$gameops", password: `tcr-token-${hex(args.name, 24)}` } };
            case "pulumi:pulumi:StackReference": {
                const ref = inputs.name as string;
                const outputs = this.parents[ref];
                if (!outputs) throw new Error(`test mocks: no parent outputs for stack reference ${ref}`);
                const secretOutputNames = ["kubeconfig", "registryCredentials"].filter((k) => k in outputs);
                return { id: ref, state: { name: ref, outputs, secretOutputNames } };
            }
            case "random:index/randomPassword:RandomPassword":
                return { id: `none`, state: { result: `pw-${hex(args.name, 24)}` } };
            case "random:index/randomBytes:RandomBytes":
                return { id: `none`, state: { base64: Buffer.from(hex(args.name, 64), "hex").toString("base64"), hex: hex(args.name, 64) } };
            default:
                if (args.type.startsWith("kubernetes:")) {
                    const meta = inputs.metadata ?? {};
                    const ns = meta.namespace ? `${meta.namespace}/` : "";
                    const name = meta.name ?? `${args.name}-${h.slice(0, 8)}`;
                    return {
                        id: `${ns}${name}`,
                        state: {
                            metadata: { ...meta, name, uid: `${hex(args.name, 8)}-0000-4000-8000-${hex(args.name, 12)}` },
                            ...(args.type === "kubernetes:core/v1:Service"
                                ? { status: { loadBalancer: { ingress: [{ ip: `47.97.${parseInt(h.slice(0, 2), 16)}.1` }] } } }
                                : {}),
                        },
                    };
                }
                return { id: `${args.name}-${h}`, state: {} };
        }
    }
}
