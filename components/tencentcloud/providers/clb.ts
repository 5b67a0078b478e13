// A public CLB for one zone's gateway; TKE's service controller binds the gateway Service to it by id
// (service.kubernetes.io/tke-existed-lbid) and writes its listeners.
import { type Api, hasTags } from "./api";
import { type ConnectionInputs, dynamicProvider, type Kind } from "./resource";

export interface ClbInputs extends ConnectionInputs {
    name: string;
    vpcId: string;
    /** CLB's own deletion protection (gameops:protect). */
    deleteProtect: boolean;
    tags: Record<string, string>;
}

export interface ClbOutputs {
    loadBalancerId: string;
    address: string;
}

const tagInfo = (tags: Record<string, string>) =>
    Object.entries(tags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([TagKey, TagValue]) => ({ TagKey, TagValue }));

async function loadBalancer(api: Api, id: string): Promise<Record<string, any> | undefined> {
    const res = await api.call("clb", "DescribeLoadBalancers", { LoadBalancerIds: [id] });
    return (res.LoadBalancerSet ?? []).find((lb: any) => lb.LoadBalancerId === id);
}

const clbKind: Kind<ClbInputs, ClbOutputs> = {
    title: "CLB",
    replaceOn: ["vpcId"],
    async find(api, inputs) {
        const res = await api.call("clb", "DescribeLoadBalancers", { LoadBalancerName: inputs.name, VpcId: inputs.vpcId });
        return (res.LoadBalancerSet ?? []).find((lb: any) => lb.LoadBalancerName === inputs.name && hasTags(lb.Tags, inputs.tags))?.LoadBalancerId;
    },
    async create(api, inputs) {
        const res = await api.call("clb", "CreateLoadBalancer", {
            LoadBalancerType: "OPEN",
            Forward: 1,
            LoadBalancerName: inputs.name,
            VpcId: inputs.vpcId,
            Tags: tagInfo(inputs.tags),
            // The API's own idempotency: a repeated request with this token returns the same CLB.
            ClientToken: require("node:crypto").createHash("sha256").update(`${inputs.region}/${inputs.vpcId}/${inputs.name}`).digest("hex").slice(0, 32),
        });
        return res.LoadBalancerIds[0];
    },
    async ready(api, id, inputs) {
        await api.waitFor(`CLB ${id}`, async () => {
            const status = (await loadBalancer(api, id))?.Status;
            return { done: status === 1, state: status === 1 ? "normal" : "creating" };
        });
        if (inputs.deleteProtect) {
            await api.call("clb", "ModifyLoadBalancerAttributes", { LoadBalancerId: id, DeleteProtect: true });
        }
    },
    async describe(api, id) {
        const found = await loadBalancer(api, id);
        return found ? { loadBalancerId: id, address: (found.LoadBalancerVips ?? [])[0] ?? "" } : undefined;
    },
    async update(api, id, olds, news) {
        if (olds.name !== news.name || olds.deleteProtect !== news.deleteProtect) {
            await api.call("clb", "ModifyLoadBalancerAttributes", { LoadBalancerId: id, LoadBalancerName: news.name, DeleteProtect: news.deleteProtect });
        }
    },
    async remove(api, id, outs) {
        if (outs.deleteProtect) {
            throw new Error(
                `tencentcloud: CLB ${id} has deletion protection on (gameops:protect: true); players connect to its address. Set gameops:protect to false and run \`pulumi up\` first, then delete it`,
            );
        }
        await api.call("clb", "DeleteLoadBalancer", { LoadBalancerIds: [id] });
    },
};

export const clbProvider = dynamicProvider(clbKind);
