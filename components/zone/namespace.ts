// ZoneNamespace: the zone's Namespace, its NetworkPolicies and the registry pull Secret — the
// ground every other part of the zone stands on (they all depend on this component).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import type { ZoneContext } from "./specs/context";
import { namespaceArgs, networkPolicies, type NetworkPolicyOptions } from "./specs/namespace";
import { dockerConfigJson, pullSecretArgs } from "./specs/registry";

export interface ZoneNamespaceArgs {
    environment: Environment;
    ctx: ZoneContext;
    policies: NetworkPolicyOptions;
}

export class ZoneNamespace extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The pull Secret's name, when the registry needs one. */
    readonly pullSecret: pulumi.Output<string | undefined>;

    constructor(name: string, args: ZoneNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:ZoneNamespace", name, {}, opts);
        const env = args.environment;
        const ns = new k8s.core.v1.Namespace(name, namespaceArgs(args.ctx), {
            parent: this,
            provider: env.k8sProvider,
            // Deleting the namespace deletes the zone's Redis volume with it.
            protect: env.protect,
        });
        const after = { parent: this, provider: env.k8sProvider, dependsOn: [ns] };
        for (const policy of networkPolicies(args.ctx, args.policies)) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${policy.name}`, policy.args, after);
        }
        const creds = env.registry.pullCredentials;
        if (creds !== undefined) {
            const config = pulumi
                .all([creds.server, creds.username, creds.password])
                .apply(([server, username, password]) => dockerConfigJson(server, username, password));
            new k8s.core.v1.Secret(`${name}-registry-pull`, pullSecretArgs(args.ctx, pulumi.secret(config)), after);
        }
        this.namespace = ns.metadata.name;
        this.pullSecret = pulumi.output(creds !== undefined ? args.ctx.pullSecret : undefined);
        this.registerOutputs({ namespace: this.namespace, pullSecret: this.pullSecret });
    }
}
