// VPC and subnet as dynamic resources. A name change is made in place; a CIDR or zone change replaces.
import { hasTags, tagList } from "./api";
import { type ConnectionInputs, dynamicProvider, type Kind } from "./resource";

export interface VpcInputs extends ConnectionInputs {
    name: string;
    cidrBlock: string;
    tags: Record<string, string>;
}

export interface VpcOutputs {
    vpcId: string;
}

const vpcKind: Kind<VpcInputs, VpcOutputs> = {
    title: "VPC",
    replaceOn: ["cidrBlock"],
    async find(api, inputs) {
        const res = await api.call("vpc", "DescribeVpcs", { Filters: [{ Name: "vpc-name", Values: [inputs.name] }] });
        const found = (res.VpcSet ?? []).find((v: any) => v.VpcName === inputs.name && v.CidrBlock === inputs.cidrBlock && hasTags(v.TagSet, inputs.tags));
        return found?.VpcId;
    },
    async create(api, inputs) {
        const res = await api.call("vpc", "CreateVpc", { VpcName: inputs.name, CidrBlock: inputs.cidrBlock, Tags: tagList(inputs.tags) });
        return res.Vpc.VpcId;
    },
    async describe(api, id) {
        const res = await api.call("vpc", "DescribeVpcs", { VpcIds: [id] });
        return (res.VpcSet ?? []).length > 0 ? { vpcId: id } : undefined;
    },
    async update(api, id, _olds, news) {
        await api.call("vpc", "ModifyVpcAttribute", { VpcId: id, VpcName: news.name });
    },
    async remove(api, id) {
        await api.call("vpc", "DeleteVpc", { VpcId: id });
    },
};

export interface SubnetInputs extends ConnectionInputs {
    name: string;
    vpcId: string;
    zone: string;
    cidrBlock: string;
    tags: Record<string, string>;
}

export interface SubnetOutputs {
    subnetId: string;
}

const subnetKind: Kind<SubnetInputs, SubnetOutputs> = {
    title: "subnet",
    replaceOn: ["vpcId", "zone", "cidrBlock"],
    async find(api, inputs) {
        const res = await api.call("vpc", "DescribeSubnets", {
            Filters: [
                { Name: "vpc-id", Values: [inputs.vpcId] },
                { Name: "subnet-name", Values: [inputs.name] },
            ],
        });
        const found = (res.SubnetSet ?? []).find((s: any) => s.SubnetName === inputs.name && s.CidrBlock === inputs.cidrBlock && s.Zone === inputs.zone);
        return found?.SubnetId;
    },
    async create(api, inputs) {
        const res = await api.call("vpc", "CreateSubnet", {
            VpcId: inputs.vpcId,
            SubnetName: inputs.name,
            CidrBlock: inputs.cidrBlock,
            Zone: inputs.zone,
            Tags: tagList(inputs.tags),
        });
        return res.Subnet.SubnetId;
    },
    async describe(api, id) {
        const res = await api.call("vpc", "DescribeSubnets", { SubnetIds: [id] });
        return (res.SubnetSet ?? []).length > 0 ? { subnetId: id } : undefined;
    },
    async update(api, id, _olds, news) {
        await api.call("vpc", "ModifySubnetAttribute", { SubnetId: id, SubnetName: news.name });
    },
    async remove(api, id) {
        await api.call("vpc", "DeleteSubnet", { SubnetId: id });
    },
};

export const vpcProvider = dynamicProvider(vpcKind);
export const subnetProvider = dynamicProvider(subnetKind);
