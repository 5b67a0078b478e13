// The environment's VPC and one subnet per configured availability zone.
import * as pulumi from "@pulumi/pulumi";
import { cloudName, cloudTags, type TagContext } from "../alicloud/specs/tags";
import { TencentResource, type TencentConnection } from "./dynamic-resource";
import { subnetProvider, vpcProvider } from "./providers/network";
import type { TencentcloudNetworkConfig } from "./schema";

export interface TencentNetworkArgs extends TagContext {
    connection: TencentConnection;
    network: TencentcloudNetworkConfig;
    /** Refuse deletion of the VPC and subnets (prod: they hold the cluster's addresses). */
    protect: boolean;
}

export class TencentNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    /** In the order of `network.subnets`. */
    readonly subnetIds: pulumi.Output<string>[];

    constructor(name: string, args: TencentNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:tencentcloud:Network", name, {}, opts);
        const child = { parent: this, protect: args.protect };
        const vpc = new TencentResource(
            vpcProvider,
            "Vpc",
            `${name}-vpc`,
            args.connection,
            { name: cloudName(args), cidrBlock: args.network.vpcCidr, tags: cloudTags(args) },
            ["vpcId"],
            child,
        );
        this.vpcId = vpc.output<string>("vpcId");
        this.subnetIds = args.network.subnets.map((subnet) =>
            new TencentResource(
                subnetProvider,
                "Subnet",
                `${name}-${subnet.zone}`,
                args.connection,
                { name: cloudName(args, subnet.zone), vpcId: this.vpcId, zone: subnet.zone, cidrBlock: subnet.cidr, tags: cloudTags(args) },
                ["subnetId"],
                child,
            ).output<string>("subnetId"),
        );
        this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds });
    }
}
