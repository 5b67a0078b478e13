// The environment's VPC and one vSwitch per configured availability zone.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import type { AlicloudNetworkConfig } from "./schema";
import { cloudName, cloudTags, TagContext } from "./specs/tags";

export interface NetworkArgs extends TagContext {
    network: AlicloudNetworkConfig;
    /** Refuse deletion of the VPC and vSwitches (prod: they hold the cluster's addresses). */
    protect: boolean;
}

export function vpcArgs(args: NetworkArgs): alicloud.vpc.NetworkArgs {
    return { vpcName: cloudName(args), cidrBlock: args.network.vpcCidr, description: `gameops ${args.envName}`, tags: cloudTags(args) };
}

export function vswitchArgs(args: NetworkArgs, index: number, vpcId: pulumi.Input<string>): alicloud.vpc.SwitchArgs {
    const vsw = args.network.vswitches[index];
    return { vpcId, zoneId: vsw.zoneId, cidrBlock: vsw.cidr, vswitchName: cloudName(args, vsw.zoneId), tags: cloudTags(args) };
}

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    /** In the order of `network.vswitches`. */
    readonly vswitchIds: pulumi.Output<string>[];
    /** Availability zone of each vSwitch, same order. */
    readonly zoneIds: string[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:alicloud:Network", name, {}, opts);
        const vpc = new alicloud.vpc.Network(`${name}-vpc`, vpcArgs(args), { parent: this, protect: args.protect });
        this.vpcId = vpc.id;
        this.zoneIds = args.network.vswitches.map((v) => v.zoneId);
        this.vswitchIds = args.network.vswitches.map(
            (vsw, i) => new alicloud.vpc.Switch(`${name}-${vsw.zoneId}`, vswitchArgs(args, i, vpc.id), { parent: this, protect: args.protect }).id,
        );
        this.registerOutputs({ vpcId: this.vpcId, vswitchIds: this.vswitchIds });
    }
}
