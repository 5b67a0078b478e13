// RoomGroup: one A/B group of room servers — headless Service, StatefulSet and PDB. A group with 0
// replicas still exists, ready to take the next release.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { RoomGroupConfig, RoomGroupName } from "./schema";
import type { ZoneContext } from "./specs/context";
import { roomHeadlessServiceArgs, roomPdbArgs, roomStatefulSetArgs } from "./specs/room-group";

export interface RoomGroupArgs {
    environment: Environment;
    ctx: ZoneContext;
    group: RoomGroupName;
    config: RoomGroupConfig;
    drainSeconds: number;
    image: pulumi.Input<string>;
    tag: pulumi.Input<string>;
    dependsOn: pulumi.Resource[];
}

export class RoomGroup extends pulumi.ComponentResource {
    readonly tag: pulumi.Output<string>;
    readonly replicas: number;

    constructor(name: string, args: RoomGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:RoomGroup", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.environment.k8sProvider, dependsOn: args.dependsOn };
        const service = new k8s.core.v1.Service(name, roomHeadlessServiceArgs(args.ctx, args.group), k8sOpts);
        new k8s.apps.v1.StatefulSet(
            name,
            roomStatefulSetArgs(args.ctx, { group: args.group, config: args.config, drainSeconds: args.drainSeconds, image: args.image, tag: args.tag }),
            { ...k8sOpts, dependsOn: [...args.dependsOn, service] },
        );
        new k8s.policy.v1.PodDisruptionBudget(name, roomPdbArgs(args.ctx, args.group), k8sOpts);
        this.tag = pulumi.output(args.tag);
        this.replicas = args.config.replicas;
        this.registerOutputs({ tag: this.tag, replicas: this.replicas });
    }
}
