// One game zone: everything a zone runs, in its own namespace on the environment's cluster.
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { ZoneConfig } from "./schema";

export interface GameZoneArgs {
    environment: Environment;
    zone: ZoneConfig;
}

export class GameZone extends pulumi.ComponentResource {
    constructor(name: string, args: GameZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:GameZone", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
