// The stand-in's VPC and TKE actions: what the providers call, with the real error codes for what
// is missing, in use or protected.
import { ApiFault, byFilter, type Handler, must, type Obj, poll } from "./state";

export const vpc: Record<string, Handler> = {
    CreateVpc: (p, s) => {
        const id = s.newId("vpc");
        s.vpcs.set(id, { id, pending: 0, VpcId: id, VpcName: p.VpcName, CidrBlock: p.CidrBlock, TagSet: p.Tags ?? [] });
        return { Vpc: { VpcId: id, VpcName: p.VpcName, CidrBlock: p.CidrBlock } };
    },
    DescribeVpcs: (p, s) => {
        const names = byFilter(p.Filters, "vpc-name");
        const set = [...s.vpcs.values()].filter((v) => (p.VpcIds ? p.VpcIds.includes(v.id) : true) && (names ? names.includes(v.VpcName) : true));
        return { VpcSet: set.map(({ id, pending, ...v }) => v), TotalCount: set.length };
    },
    ModifyVpcAttribute: (p, s) => {
        must(s.vpcs, p.VpcId, "ResourceNotFound", "VPC").VpcName = p.VpcName;
        return {};
    },
    DeleteVpc: (p, s) => {
        must(s.vpcs, p.VpcId, "ResourceNotFound", "VPC");
        if ([...s.subnets.values()].some((x) => x.VpcId === p.VpcId)) throw new ApiFault("ResourceInUse", `The VPC ${p.VpcId} still has subnets.`);
        s.vpcs.delete(p.VpcId);
        return {};
    },
    CreateSubnet: (p, s) => {
        must(s.vpcs, p.VpcId, "InvalidVpcId.NotFound", "VPC");
        const id = s.newId("subnet");
        s.subnets.set(id, { id, pending: 0, SubnetId: id, VpcId: p.VpcId, SubnetName: p.SubnetName, CidrBlock: p.CidrBlock, Zone: p.Zone });
        return { Subnet: { SubnetId: id } };
    },
    DescribeSubnets: (p, s) => {
        const vpcIds = byFilter(p.Filters, "vpc-id");
        const names = byFilter(p.Filters, "subnet-name");
        const set = [...s.subnets.values()].filter(
            (x) =>
                (p.SubnetIds ? p.SubnetIds.includes(x.id) : true) &&
                (vpcIds ? vpcIds.includes(x.VpcId) : true) &&
                (names ? names.includes(x.SubnetName) : true),
        );
        return { SubnetSet: set.map(({ id, pending, ...x }) => x), TotalCount: set.length };
    },
    ModifySubnetAttribute: (p, s) => {
        must(s.subnets, p.SubnetId, "ResourceNotFound", "subnet").SubnetName = p.SubnetName;
        return {};
    },
    DeleteSubnet: (p, s) => {
        must(s.subnets, p.SubnetId, "ResourceNotFound", "subnet");
        s.subnets.delete(p.SubnetId);
        return {};
    },
};

export const tke: Record<string, Handler> = {
    CreateCluster: (p, s) => {
        must(s.vpcs, p.ClusterBasicSettings.VpcId, "InvalidParameter.VpcNotFound", "VPC");
        const id = s.newId("cls");
        s.clusters.set(id, {
            id,
            pending: s.settle.cluster,
            request: p,
            ClusterName: p.ClusterBasicSettings.ClusterName,
            ClusterVersion: p.ClusterBasicSettings.ClusterVersion,
            DeletionProtection: Boolean(p.ClusterAdvancedSettings?.DeletionProtection),
            TagSpecification: p.ClusterBasicSettings.TagSpecification ?? [],
        });
        return { ClusterId: id };
    },
    DescribeClusters: (p, s) => {
        const names = byFilter(p.Filters, "ClusterName");
        const ids = p.ClusterIds ?? [...s.clusters.keys()];
        const found = ids.map((id: string) => poll(s.clusters, id)).filter((c: Obj | undefined): c is Obj => c !== undefined);
        const list = found.filter((c: Obj) => (names ? names.includes(c.ClusterName) : true));
        return {
            TotalCount: list.length,
            Clusters: list.map((c: Obj) => ({
                ClusterId: c.id,
                ClusterName: c.ClusterName,
                ClusterVersion: c.ClusterVersion,
                DeletionProtection: c.DeletionProtection,
                TagSpecification: c.TagSpecification,
                ClusterStatus: c.deleting ? "Deleting" : c.pending > 0 ? (c.upgrading ? "Upgrading" : "Creating") : "Running",
            })),
        };
    },
    ModifyClusterAttribute: (p, s) => {
        must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster").ClusterName = p.ClusterName;
        return {};
    },
    UpdateClusterVersion: (p, s) => {
        const c = must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster");
        Object.assign(c, { ClusterVersion: p.DstVersion, pending: 1, upgrading: true });
        return {};
    },
    EnableClusterDeletionProtection: (p, s) => {
        must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster").DeletionProtection = true;
        return {};
    },
    DisableClusterDeletionProtection: (p, s) => {
        must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster").DeletionProtection = false;
        return {};
    },
    CreateClusterEndpoint: (p, s) => {
        must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster");
        const key = `${p.ClusterId}/${Boolean(p.IsExtranet)}`;
        if (s.endpoints.has(key)) throw new ApiFault("FailedOperation.ClusterEndpointExists", "The endpoint already exists.");
        s.endpoints.set(key, { id: key, pending: s.settle.endpoint, request: p });
        return {};
    },
    DescribeClusterEndpointStatus: (p, s) => {
        must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster");
        const e = poll(s.endpoints, `${p.ClusterId}/${Boolean(p.IsExtranet)}`);
        return { Status: e ? (e.pending > 0 ? "Creating" : "Created") : "NotFound" };
    },
    DeleteClusterEndpoint: (p, s) => {
        s.endpoints.delete(`${p.ClusterId}/${Boolean(p.IsExtranet)}`);
        return {};
    },
    DescribeClusterKubeconfig: (p, s) => {
        const c = must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster");
        if (!s.endpoints.has(`${p.ClusterId}/${Boolean(p.IsExtranet)}`))
            throw new ApiFault("FailedOperation.ClusterEndpointNotFound", "The endpoint is not open.");
        return { Kubeconfig: `apiVersion: v1\nkind: Config\nclusters:\n- name: ${c.id}\n  cluster: { server: "https://${c.id}.ccs.tencent-cloud.com" }\n` };
    },
    DeleteCluster: (p, s) => {
        const c = must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster");
        if (c.DeletionProtection) throw new ApiFault("OperationDenied.ClusterInDeletionProtection", "The cluster has deletion protection on.");
        Object.assign(c, { deleting: true, pending: s.settle.deletion });
        return {};
    },
    CreateClusterNodePool: (p, s) => {
        must(s.clusters, p.ClusterId, "ResourceNotFound", "cluster");
        const asg = JSON.parse(p.AutoScalingGroupPara);
        const id = s.newId("np");
        s.nodePools.set(id, {
            id,
            pending: s.settle.nodePool,
            request: p,
            ClusterId: p.ClusterId,
            Name: p.Name,
            MinNodesNum: asg.MinSize,
            MaxNodesNum: asg.MaxSize,
            DesiredNodesNum: asg.DesiredCapacity,
            Labels: p.Labels,
            Taints: p.Taints,
        });
        return { NodePoolId: id };
    },
    DescribeClusterNodePools: (p, s) => {
        const ids = byFilter(p.Filters, "NodePoolsId");
        const names = byFilter(p.Filters, "NodePoolsName");
        const list = [...s.nodePools.keys()]
            .map((id) => (ids === undefined || ids.includes(id) ? poll(s.nodePools, id) : s.nodePools.get(id)))
            .filter(
                (n): n is Obj => n !== undefined && n.ClusterId === p.ClusterId && (ids ? ids.includes(n.id) : true) && (names ? names.includes(n.Name) : true),
            );
        return {
            TotalCount: list.length,
            NodePoolSet: list.map(({ id, pending, deleting, request, ...n }) => ({
                ...n,
                NodePoolId: id,
                LifeState: deleting ? "deleting" : pending > 0 ? "creating" : "normal",
            })),
        };
    },
    ModifyClusterNodePool: (p, s) => {
        const n = must(s.nodePools, p.NodePoolId, "ResourceNotFound", "node pool");
        Object.assign(n, { Name: p.Name, MinNodesNum: p.MinNodesNum, MaxNodesNum: p.MaxNodesNum, Labels: p.Labels, Taints: p.Taints });
        return {};
    },
    ModifyNodePoolDesiredCapacityAboutAsg: (p, s) => {
        must(s.nodePools, p.NodePoolId, "ResourceNotFound", "node pool").DesiredNodesNum = p.DesiredCapacity;
        return {};
    },
    DeleteClusterNodePool: (p, s) => {
        for (const id of p.NodePoolIds) Object.assign(must(s.nodePools, id, "ResourceNotFound", "node pool"), { deleting: true, pending: s.settle.deletion });
        return {};
    },
};
