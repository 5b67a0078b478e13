// TCR Enterprise: the instance, a namespace, one repository per bundled service, and a long-term
// access token the cluster pulls with (delivered as a docker-registry Secret in each zone).
import { type Api, hasTags } from "./api";
import { type ConnectionInputs, dynamicProvider, type Kind } from "./resource";

export interface TcrInstanceInputs extends ConnectionInputs {
    name: string;
    registryType: string;
    deletionProtection: boolean;
    tags: Record<string, string>;
}

export interface TcrInstanceOutputs {
    registryId: string;
    status: string;
}

async function registry(api: Api, id: string): Promise<Record<string, any> | undefined> {
    const res = await api.call("tcr", "DescribeInstances", { Registryids: [id] });
    return (res.Registries ?? []).find((r: any) => r.RegistryId === id);
}

const instanceKind: Kind<TcrInstanceInputs, TcrInstanceOutputs> = {
    title: "TCR instance",
    replaceOn: ["name"],
    async find(api, inputs) {
        const res = await api.call("tcr", "DescribeInstances", { Filters: [{ Name: "RegistryName", Values: [inputs.name] }] });
        return (res.Registries ?? []).find((r: any) => r.RegistryName === inputs.name && hasTags(r.TagSpecification?.Tags, inputs.tags))?.RegistryId;
    },
    async create(api, inputs) {
        const res = await api.call("tcr", "CreateInstance", {
            RegistryName: inputs.name,
            RegistryType: inputs.registryType,
            RegistryChargeType: 0,
            DeletionProtection: inputs.deletionProtection,
            TagSpecification: { ResourceType: "instance", Tags: Object.entries(inputs.tags).map(([Key, Value]) => ({ Key, Value })) },
        });
        return res.RegistryId;
    },
    async ready(api, id) {
        await api.waitFor(`TCR instance ${id}`, async () => {
            const state = (await registry(api, id))?.Status ?? "NotFound";
            if (state === "NotFound" || state === "Isolated")
                throw new Error(`tencentcloud: TCR instance ${id} is ${state}; check it in the TCR console and run \`pulumi up\` again`);
            return { done: state === "Running", state };
        });
    },
    async describe(api, id) {
        const found = await registry(api, id);
        return found ? { registryId: id, status: found.Status ?? "" } : undefined;
    },
    async update(api, id, olds, news) {
        if (olds.registryType !== news.registryType) await api.call("tcr", "ModifyInstance", { RegistryId: id, RegistryType: news.registryType });
        if (olds.deletionProtection !== news.deletionProtection) {
            await api.call("tcr", "ModifyInstance", { RegistryId: id, DeletionProtection: news.deletionProtection });
        }
    },
    async remove(api, id, outs) {
        if (outs.deletionProtection) {
            throw new Error(
                `tencentcloud: TCR instance ${id} has deletion protection on (gameops:protect: true); it holds the released images. Set gameops:protect to false and run \`pulumi up\` first, then delete it`,
            );
        }
        await api.call("tcr", "DeleteInstance", { RegistryId: id, DeleteBucket: true });
    },
};

export interface TcrNamespaceInputs extends ConnectionInputs {
    registryId: string;
    name: string;
}

export interface TcrNamespaceOutputs {
    /** `<instance>.tencentcloudcr.com`: where images are pushed and pulled. */
    domain: string;
}

const namespaceKind: Kind<TcrNamespaceInputs, TcrNamespaceOutputs> = {
    title: "TCR namespace",
    replaceOn: ["registryId", "name"],
    async find(api, inputs) {
        const res = await api.call("tcr", "DescribeNamespaces", { RegistryId: inputs.registryId, NamespaceName: inputs.name });
        return (res.NamespaceList ?? []).some((n: any) => n.Name === inputs.name) ? `${inputs.registryId}/${inputs.name}` : undefined;
    },
    async create(api, inputs) {
        await api.call("tcr", "CreateNamespace", { RegistryId: inputs.registryId, NamespaceName: inputs.name, IsPublic: false });
        return `${inputs.registryId}/${inputs.name}`;
    },
    async describe(api, _id, inputs) {
        const found = await registry(api, inputs.registryId);
        if (!found) {
            throw new Error(
                `tencentcloud: TCR instance ${inputs.registryId} does not exist in ${inputs.region}; check gameops:registry.instanceId (or remove it and an instance is created)`,
            );
        }
        const res = await api.call("tcr", "DescribeNamespaces", { RegistryId: inputs.registryId, NamespaceName: inputs.name });
        if (!(res.NamespaceList ?? []).some((n: any) => n.Name === inputs.name)) return undefined;
        return { domain: found.PublicDomain ?? `${found.RegistryName}.tencentcloudcr.com` };
    },
    async update() {},
    async remove(api, _id, outs) {
        await api.call("tcr", "DeleteNamespace", { RegistryId: outs.registryId, NamespaceName: outs.name });
    },
};

export interface TcrRepositoryInputs extends ConnectionInputs {
    registryId: string;
    namespace: string;
    name: string;
    description: string;
}

async function repositoryExists(api: Api, inputs: TcrRepositoryInputs): Promise<boolean> {
    const res = await api.call("tcr", "DescribeRepositories", { RegistryId: inputs.registryId, NamespaceName: inputs.namespace, RepositoryName: inputs.name });
    return (res.RepositoryList ?? []).some((r: any) => r.Name === `${inputs.namespace}/${inputs.name}` || r.Name === inputs.name);
}

const repositoryKind: Kind<TcrRepositoryInputs, { repository: string }> = {
    title: "TCR repository",
    replaceOn: ["registryId", "namespace", "name"],
    async find(api, inputs) {
        return (await repositoryExists(api, inputs)) ? `${inputs.registryId}/${inputs.namespace}/${inputs.name}` : undefined;
    },
    async create(api, inputs) {
        await api.call("tcr", "CreateRepository", {
            RegistryId: inputs.registryId,
            NamespaceName: inputs.namespace,
            RepositoryName: inputs.name,
            BriefDescription: inputs.description,
            Description: inputs.description,
        });
        return `${inputs.registryId}/${inputs.namespace}/${inputs.name}`;
    },
    async describe(api, _id, inputs) {
        return (await repositoryExists(api, inputs)) ? { repository: `${inputs.namespace}/${inputs.name}` } : undefined;
    },
    async update(api, _id, _olds, news) {
        await api.call("tcr", "ModifyRepository", {
            RegistryId: news.registryId,
            NamespaceName: news.namespace,
            RepositoryName: news.name,
            BriefDescription: news.description,
            Description: news.description,
        });
    },
    async remove(api, _id, outs) {
        await api.call("tcr", "DeleteRepository", { RegistryId: outs.registryId, NamespaceName: outs.namespace, RepositoryName: outs.name });
    },
};

export interface TcrTokenInputs extends ConnectionInputs {
    registryId: string;
    /** Names the token in the console; how a retried create finds the token a failed one left. */
    description: string;
}

export interface TcrTokenOutputs {
    username: string;
    /** The token itself: a secret output. */
    password: string;
}

async function tokensNamed(api: Api, registryId: string, description: string): Promise<string[]> {
    const res = await api.call("tcr", "DescribeInstanceToken", { RegistryId: registryId, Limit: 100 });
    return (res.Tokens ?? []).filter((t: any) => t.Desc === description).map((t: any) => t.Id as string);
}

const tokenKind: Kind<TcrTokenInputs, TcrTokenOutputs> = {
    title: "TCR token",
    replaceOn: ["registryId", "description"],
    // A token's secret is shown once, at creation: one a failed create left cannot be adopted, so it is revoked.
    async find(api, inputs) {
        for (const id of await tokensNamed(api, inputs.registryId, inputs.description)) {
            api.log(`revoking ${id}, left by an earlier create that did not finish (its secret cannot be read back)`);
            await api.call("tcr", "DeleteInstanceToken", { RegistryId: inputs.registryId, TokenId: id });
        }
        return undefined;
    },
    async create(api, inputs) {
        const res = await api.call("tcr", "CreateInstanceToken", { RegistryId: inputs.registryId, TokenType: "longterm", Desc: inputs.description });
        return { id: res.TokenId, outs: { username: res.Username, password: res.Token } };
    },
    async describe(api, id, inputs) {
        const res = await api.call("tcr", "DescribeInstanceToken", { RegistryId: inputs.registryId, Limit: 100 });
        const found = (res.Tokens ?? []).some((t: any) => t.Id === id);
        const known = inputs as TcrTokenInputs & Partial<TcrTokenOutputs>;
        return found ? { username: known.username ?? "", password: known.password ?? "" } : undefined;
    },
    async update() {},
    async remove(api, id, outs) {
        await api.call("tcr", "DeleteInstanceToken", { RegistryId: outs.registryId, TokenId: id });
    },
};

export const tcrInstanceProvider = dynamicProvider(instanceKind);
export const tcrNamespaceProvider = dynamicProvider(namespaceKind);
export const tcrRepositoryProvider = dynamicProvider(repositoryKind);
export const tcrTokenProvider = dynamicProvider(tokenKind);
