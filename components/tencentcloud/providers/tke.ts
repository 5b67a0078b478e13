// The TKE managed cluster (with its API server endpoint and kubeconfig) and its node pools.
import type { Api } from "./api";
import { hasTags, tagList } from "./api";
import { type ConnectionInputs, dynamicProvider, type Kind } from "./resource";

export interface ClusterInputs extends ConnectionInputs {
    name: string;
    version: string;
    vpcId: string;
    networkType: "GR" | "VPC-CNI";
    clusterCidr: string;
    serviceCidr: string;
    maxNodePodNum: number;
    /** VPC-CNI: the subnets pods take addresses from; global router: the private endpoint's subnet is the first. */
    subnetIds: string[];
    /** TKE's own deletion protection (gameops:protect). */
    deletionProtection: boolean;
    /** A public API server endpoint; else a private one in the first subnet. */
    publicEndpoint: boolean;
    tags: Record<string, string>;
}

export interface ClusterOutputs {
    clusterId: string;
    status: string;
    kubeconfig: string;
}

async function cluster(api: Api, id: string): Promise<Record<string, any> | undefined> {
    const res = await api.call("tke", "DescribeClusters", { ClusterIds: [id] });
    return (res.Clusters ?? [])[0];
}

async function endpointStatus(api: Api, id: string, extranet: boolean): Promise<string> {
    const res = await api.call("tke", "DescribeClusterEndpointStatus", { ClusterId: id, IsExtranet: extranet });
    return res.Status ?? "NotFound";
}

const clusterKind: Kind<ClusterInputs, ClusterOutputs> = {
    title: "TKE cluster",
    replaceOn: ["vpcId", "networkType", "clusterCidr", "serviceCidr", "maxNodePodNum"],
    async find(api, inputs) {
        const res = await api.call("tke", "DescribeClusters", { Filters: [{ Name: "ClusterName", Values: [inputs.name] }] });
        const found = (res.Clusters ?? []).find(
            (c: any) =>
                c.ClusterName === inputs.name &&
                hasTags(
                    (c.TagSpecification ?? []).flatMap((t: any) => t.Tags ?? []),
                    inputs.tags,
                ),
        );
        return found?.ClusterId;
    },
    async create(api, inputs) {
        const cni = inputs.networkType === "VPC-CNI";
        const res = await api.call("tke", "CreateCluster", {
            ClusterType: "MANAGED_CLUSTER",
            ClusterCIDRSettings: {
                ...(cni ? { EniSubnetIds: inputs.subnetIds } : { ClusterCIDR: inputs.clusterCidr }),
                ServiceCIDR: inputs.serviceCidr,
                MaxNodePodNum: inputs.maxNodePodNum,
            },
            ClusterBasicSettings: {
                ClusterName: inputs.name,
                ClusterVersion: inputs.version,
                VpcId: inputs.vpcId,
                TagSpecification: [{ ResourceType: "cluster", Tags: tagList(inputs.tags) }],
            },
            ClusterAdvancedSettings: {
                NetworkType: inputs.networkType,
                ...(cni ? { VpcCniType: "tke-route-eni" } : {}),
                ContainerRuntime: "containerd",
                KubeProxyMode: "ipvs",
                DeletionProtection: inputs.deletionProtection,
            },
        });
        return res.ClusterId;
    },
    async ready(api, id, inputs) {
        await api.waitFor(`cluster ${id}`, async () => {
            const state = (await cluster(api, id))?.ClusterStatus ?? "NotFound";
            if (state === "Abnormal" || state === "NotFound") {
                throw new Error(
                    `tencentcloud: TKE cluster ${id} is ${state}; look at its events in the TKE console, delete it there, and run \`pulumi up\` again`,
                );
            }
            return { done: state === "Running", state };
        });
        if ((await endpointStatus(api, id, inputs.publicEndpoint)) === "NotFound") {
            await api.call("tke", "CreateClusterEndpoint", {
                ClusterId: id,
                IsExtranet: inputs.publicEndpoint,
                ...(inputs.publicEndpoint
                    ? {
                          ExtensiveParameters: JSON.stringify({
                              InternetAccessible: { InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 10 },
                          }),
                      }
                    : { SubnetId: inputs.subnetIds[0] }),
            });
        }
        await api.waitFor(`cluster ${id} ${inputs.publicEndpoint ? "public" : "private"} endpoint`, async () => {
            const state = await endpointStatus(api, id, inputs.publicEndpoint);
            if (state === "CreateFailed")
                throw new Error(
                    `tencentcloud: the API server endpoint of TKE cluster ${id} failed to open; check the account's CLB quota and run \`pulumi up\` again`,
                );
            return { done: state === "Created", state };
        });
    },
    async describe(api, id, inputs) {
        const found = await cluster(api, id);
        if (!found) return undefined;
        const status = found.ClusterStatus ?? "";
        if (status !== "Running") return { clusterId: id, status, kubeconfig: "" };
        const res = await api.call("tke", "DescribeClusterKubeconfig", { ClusterId: id, IsExtranet: inputs.publicEndpoint });
        return { clusterId: id, status, kubeconfig: res.Kubeconfig ?? "" };
    },
    async update(api, id, olds, news) {
        if (olds.name !== news.name) await api.call("tke", "ModifyClusterAttribute", { ClusterId: id, ClusterName: news.name });
        if (olds.version !== news.version) {
            await api.call("tke", "UpdateClusterVersion", { ClusterId: id, DstVersion: news.version });
            api.log(`upgrading the control plane of ${id} to ${news.version}; node pools keep their version until their nodes are upgraded`);
        }
        if (olds.deletionProtection !== news.deletionProtection) {
            await api.call("tke", news.deletionProtection ? "EnableClusterDeletionProtection" : "DisableClusterDeletionProtection", { ClusterId: id });
        }
        if (olds.publicEndpoint !== news.publicEndpoint) {
            // ready() opens the new endpoint; the old one closes here.
            await api.call("tke", "DeleteClusterEndpoint", { ClusterId: id, IsExtranet: olds.publicEndpoint });
        }
    },
    async remove(api, id, outs) {
        const found = await cluster(api, id);
        if (found?.DeletionProtection) {
            throw new Error(
                `tencentcloud: TKE cluster ${id} has deletion protection on (gameops:protect: true); set gameops:protect to false and run \`pulumi up\` first, then delete it`,
            );
        }
        await api.call("tke", "DeleteCluster", { ClusterId: id, InstanceDeleteMode: "terminate" });
        await api.waitFor(`cluster ${id} deletion`, async () => {
            const state = (await cluster(api, id))?.ClusterStatus;
            return { done: state === undefined, state: state ?? "Deleted" };
        });
    },
};

export interface NodePoolInputs extends ConnectionInputs {
    clusterId: string;
    name: string;
    vpcId: string;
    subnetIds: string[];
    instanceTypes: string[];
    min: number;
    max: number;
    desired: number;
    systemDiskGb: number;
    dataDiskGb: number;
    diskType: string;
    labels: Record<string, string>;
    taints: { key: string; value: string; effect: string }[];
    /** Base64 script every new node runs after it joins (kernel settings the workloads need). */
    userScript?: string;
    tags: Record<string, string>;
}

export interface NodePoolOutputs {
    nodePoolId: string;
    lifeState: string;
}

async function nodePool(api: Api, clusterId: string, id: string): Promise<Record<string, any> | undefined> {
    const res = await api.call("tke", "DescribeClusterNodePools", { ClusterId: clusterId, Filters: [{ Name: "NodePoolsId", Values: [id] }] });
    return (res.NodePoolSet ?? []).find((p: any) => p.NodePoolId === id);
}

const labelList = (labels: Record<string, string>) => Object.entries(labels).map(([Name, Value]) => ({ Name, Value }));
const taintList = (taints: NodePoolInputs["taints"]) => taints.map((t) => ({ Key: t.key, Value: t.value, Effect: t.effect }));

const nodePoolKind: Kind<NodePoolInputs, NodePoolOutputs> = {
    title: "TKE node pool",
    replaceOn: ["clusterId", "vpcId", "subnetIds", "instanceTypes", "systemDiskGb", "dataDiskGb", "diskType"],
    async find(api, inputs) {
        const res = await api.call("tke", "DescribeClusterNodePools", {
            ClusterId: inputs.clusterId,
            Filters: [{ Name: "NodePoolsName", Values: [inputs.name] }],
        });
        return (res.NodePoolSet ?? []).find((p: any) => p.Name === inputs.name)?.NodePoolId;
    },
    async create(api, inputs) {
        const dataDisks = inputs.dataDiskGb > 0 ? [{ DiskType: inputs.diskType, DiskSize: inputs.dataDiskGb }] : [];
        const res = await api.call("tke", "CreateClusterNodePool", {
            ClusterId: inputs.clusterId,
            Name: inputs.name,
            EnableAutoscale: true,
            AutoScalingGroupPara: JSON.stringify({
                MinSize: inputs.min,
                MaxSize: inputs.max,
                DesiredCapacity: inputs.desired,
                VpcId: inputs.vpcId,
                SubnetIds: inputs.subnetIds,
                MultiZoneSubnetPolicy: "EQUALITY",
                RetryPolicy: "INCREMENTAL_INTERVALS",
            }),
            LaunchConfigurePara: JSON.stringify({
                InstanceType: inputs.instanceTypes[0],
                InstanceTypes: inputs.instanceTypes,
                InstanceChargeType: "POSTPAID_BY_HOUR",
                SystemDisk: { DiskType: inputs.diskType, DiskSize: inputs.systemDiskGb },
                DataDisks: dataDisks,
                InternetAccessible: { InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 0, PublicIpAssigned: false },
            }),
            InstanceAdvancedSettings: {
                ...(inputs.userScript ? { UserScript: inputs.userScript } : {}),
                ...(inputs.dataDiskGb > 0
                    ? {
                          DataDisks: [
                              {
                                  DiskType: inputs.diskType,
                                  DiskSize: inputs.dataDiskGb,
                                  FileSystem: "ext4",
                                  AutoFormatAndMount: true,
                                  MountTarget: "/var/lib/containerd",
                              },
                          ],
                      }
                    : {}),
            },
            Labels: labelList(inputs.labels),
            Taints: taintList(inputs.taints),
            ContainerRuntime: "containerd",
            Tags: tagList(inputs.tags),
        });
        return res.NodePoolId;
    },
    async ready(api, id, inputs) {
        await api.waitFor(`node pool ${inputs.name} (${id})`, async () => {
            const state = (await nodePool(api, inputs.clusterId, id))?.LifeState ?? "NotFound";
            if (state === "NotFound") throw new Error(`tencentcloud: TKE node pool ${id} vanished while it was being made; run \`pulumi up\` again`);
            return { done: state === "normal", state };
        });
    },
    async describe(api, id, inputs) {
        const found = await nodePool(api, inputs.clusterId, id);
        return found ? { nodePoolId: id, lifeState: found.LifeState ?? "" } : undefined;
    },
    async update(api, id, olds, news) {
        await api.call("tke", "ModifyClusterNodePool", {
            ClusterId: news.clusterId,
            NodePoolId: id,
            Name: news.name,
            MinNodesNum: news.min,
            MaxNodesNum: news.max,
            Labels: labelList(news.labels),
            Taints: taintList(news.taints),
            EnableAutoscale: true,
            ...(news.userScript !== olds.userScript ? { UserScript: news.userScript ?? "" } : {}),
        });
        if (olds.desired !== news.desired) {
            await api.call("tke", "ModifyNodePoolDesiredCapacityAboutAsg", { ClusterId: news.clusterId, NodePoolId: id, DesiredCapacity: news.desired });
        }
    },
    async remove(api, id, outs) {
        await api.call("tke", "DeleteClusterNodePool", { ClusterId: outs.clusterId, NodePoolIds: [id], KeepInstance: false });
        await api.waitFor(`node pool ${outs.name} (${id}) deletion`, async () => {
            const state = (await nodePool(api, outs.clusterId, id))?.LifeState;
            return { done: state === undefined, state: state ?? "deleted" };
        });
    },
};

export const clusterProvider = dynamicProvider(clusterKind);
export const nodePoolProvider = dynamicProvider(nodePoolKind);
