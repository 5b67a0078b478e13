// A public CLB for one zone's gateway; TKE's service controller binds the Service to it by id.
import * as pulumi from "@pulumi/pulumi";
import { cloudName, cloudTags, type TagContext } from "../alicloud/specs/tags";
import { TencentResource, type TencentConnection } from "./dynamic-resource";
import { clbProvider } from "./providers/clb";

export interface GatewayClbArgs extends TagContext {
    connection: TencentConnection;
    zoneName: string;
    vpcId: pulumi.Input<string>;
    /** Prod: CLB deletion protection and `protect` (players connect to its address). */
    protect: boolean;
}

export class GatewayClb extends pulumi.ComponentResource {
    readonly loadBalancerId: pulumi.Output<string>;
    readonly address: pulumi.Output<string>;

    constructor(name: string, args: GatewayClbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:tencentcloud:GatewayClb", name, {}, opts);
        const clb = new TencentResource(
            clbProvider,
            "Clb",
            `${name}-clb`,
            args.connection,
            {
                name: cloudName(args, args.zoneName, "gateway"),
                vpcId: args.vpcId,
                deleteProtect: args.protect,
                tags: { ...cloudTags(args), "gameops.io/zone": args.zoneName },
            },
            ["loadBalancerId", "address"],
            { parent: this, protect: args.protect },
        );
        this.loadBalancerId = clb.output<string>("loadBalancerId");
        this.address = clb.output<string>("address");
        this.registerOutputs({ loadBalancerId: this.loadBalancerId, address: this.address });
    }
}
