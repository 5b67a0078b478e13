// OkgRoomGroup: one A/B room group under `room.engine: okg` — the headless Service and PDB of a
// RoomGroup, and an OpenKruise Game GameServerSet in place of the StatefulSet (specs/room-game-server-set.ts).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { RoomGroupConfig, RoomGroupName } from "./schema";
import type { ZoneContext } from "./specs/context";
import { okgReplicas, roomGameServerSetArgs } from "./specs/room-game-server-set";
import { roomHeadlessServiceArgs, roomPdbArgs } from "./specs/room-group";

export interface OkgRoomGroupArgs {
    environment: Environment;
    ctx: ZoneContext;
    group: RoomGroupName;
    config: RoomGroupConfig;
    drainSeconds: number;
    image: pulumi.Input<string>;
    rulesImage: pulumi.Input<string>;
    tag: pulumi.Input<string>;
    /** The zone's seat-ticket key version, for a group with a direct port. */
    ticketKeyVersion?: pulumi.Input<string>;
    /** The namespace, Redis, the room-versions ConfigMap and (outside a fork) the OKG platform's releases. */
    dependsOn: pulumi.Resource[];
}

export class OkgRoomGroup extends pulumi.ComponentResource {
    readonly tag: pulumi.Output<string>;
    /** The GameServerSet's replicas: the group's own plus a lossless release's surge. */
    readonly replicas: number;

    constructor(name: string, args: OkgRoomGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:OkgRoomGroup", name, {}, opts);
        const k8sOpts = { parent: this, provider: args.environment.k8sProvider, dependsOn: args.dependsOn };
        const service = new k8s.core.v1.Service(name, roomHeadlessServiceArgs(args.ctx, args.group), k8sOpts);
        const spec = {
            group: args.group,
            config: args.config,
            drainSeconds: args.drainSeconds,
            image: args.image,
            tag: args.tag,
            rulesImage: args.rulesImage,
            ...(args.ticketKeyVersion !== undefined ? { ticketKeyVersion: args.ticketKeyVersion } : {}),
        };
        new k8s.apiextensions.CustomResource(name, roomGameServerSetArgs(args.ctx, spec), { ...k8sOpts, dependsOn: [...args.dependsOn, service] });
        new k8s.policy.v1.PodDisruptionBudget(name, roomPdbArgs(args.ctx, args.group), k8sOpts);
        this.tag = pulumi.output(args.tag);
        this.replicas = okgReplicas(args.config);
        this.registerOutputs({ tag: this.tag, replicas: this.replicas });
    }
}
