// RoomTickets: the zone's seat-ticket key (services/direct-rooms.md), made once by the stack and kept
// in a Secret the gateway (which signs the tickets) and the direct room groups (which check them) read.
// Every okg zone has one, direct groups or not: a group that stops being direct may still run pods
// that reference the Secret (a lossless release keeps old pods), and a missing Secret would keep
// them from restarting. A container reads the key when it starts, so `keyVersion` (a digest, not
// the key) goes into the readers' env: a new key rolls them instead of leaving them split.
import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Environment } from "../environment";
import type { ZoneContext } from "./specs/context";
import { roomTicketSecretArgs } from "./specs/room-direct";

export interface RoomTicketsArgs {
    environment: Environment;
    ctx: ZoneContext;
    dependsOn: pulumi.Resource[];
}

export class RoomTickets extends pulumi.ComponentResource {
    /** The Secret's name, once it exists: pods that read it depend on this component. */
    readonly secretName: pulumi.Output<string>;
    /** The first 16 hex digits of the key's SHA-256: which key, without the key. */
    readonly keyVersion: pulumi.Output<string>;

    constructor(name: string, args: RoomTicketsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:RoomTickets", name, {}, opts);
        // HS256 wants a key as long as its hash: 32 bytes, handed over as standard base64 (the services' ROOM_TICKET_KEY).
        const key = new random.RandomBytes(`${name}-key`, { length: 32 }, { parent: this });
        const secret = new k8s.core.v1.Secret(name, roomTicketSecretArgs(args.ctx, pulumi.secret(key.base64)), {
            parent: this,
            provider: args.environment.k8sProvider,
            dependsOn: args.dependsOn,
        });
        this.secretName = secret.metadata.name;
        this.keyVersion = pulumi.unsecret(key.base64.apply((k) => createHash("sha256").update(k).digest("hex").slice(0, 16)));
        this.registerOutputs({ secretName: this.secretName, keyVersion: this.keyVersion });
    }
}
