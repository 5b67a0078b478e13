// An internet SLB for one zone's gateway Service; the cloud controller binds the Service to it by id.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { cloudName, cloudTags, TagContext } from "./specs/tags";

export interface GatewayLoadBalancerArgs extends TagContext {
    zoneName: string;
    /** SLB spec, e.g. slb.s2.small. */
    spec: string;
    /** Availability zones for the SLB's primary and standby (the first two vSwitch zones). */
    zoneIds: string[];
    /** Prod: deletion protection and `protect` (players connect to its address). */
    protect: boolean;
}

export function slbArgs(args: GatewayLoadBalancerArgs): alicloud.slb.ApplicationLoadBalancerArgs {
    return {
        loadBalancerName: cloudName(args, args.zoneName, "gateway"),
        addressType: "internet",
        addressIpVersion: "ipv4",
        // A spec only applies with pay-by-spec; the default CLCU billing ignores it.
        instanceChargeType: "PayBySpec",
        loadBalancerSpec: args.spec,
        internetChargeType: "PayByTraffic",
        paymentType: "PayAsYouGo",
        masterZoneId: args.zoneIds[0],
        slaveZoneId: args.zoneIds[1],
        deleteProtection: args.protect ? "on" : "off",
        tags: { ...cloudTags(args), "gameops.io/zone": args.zoneName },
    };
}

export class GatewayLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancerId: pulumi.Output<string>;
    readonly address: pulumi.Output<string>;

    constructor(name: string, args: GatewayLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:alicloud:GatewayLoadBalancer", name, {}, opts);
        const slb = new alicloud.slb.ApplicationLoadBalancer(`${name}-slb`, slbArgs(args), { parent: this, protect: args.protect });
        this.loadBalancerId = slb.id;
        this.address = slb.address;
        this.registerOutputs({ loadBalancerId: this.loadBalancerId, address: this.address });
    }
}
