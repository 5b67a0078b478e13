// ZoneRedis: the zone's Redis password Secret and, in-cluster, the Redis StatefulSet and Service.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Environment } from "../environment";
import type { ZoneRedisConfig } from "./schema";
import type { ZoneContext } from "./specs/context";
import { redisClaimArgs, redisSecretArgs, redisServiceArgs, redisStatefulSetArgs } from "./specs/redis";

export interface ZoneRedisArgs {
    environment: Environment;
    ctx: ZoneContext;
    config: ZoneRedisConfig;
    /** For an external Redis: the password (a Pulumi secret), read by the caller from the config key the zone names. */
    externalPassword?: pulumi.Output<string>;
    dependsOn: pulumi.Resource[];
}

export class ZoneRedis extends pulumi.ComponentResource {
    /** `redis://host:port/0` the services get as REDIS_URL. */
    readonly url: pulumi.Output<string>;
    /** The Secret holding the password; undefined for an external Redis without one. */
    readonly secretName: pulumi.Output<string | undefined>;

    constructor(name: string, args: ZoneRedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:zone:ZoneRedis", name, {}, opts);
        const env = args.environment;
        const k8sOpts = { parent: this, provider: env.k8sProvider, dependsOn: args.dependsOn };
        // In prod the data and its key survive a mistaken `pulumi destroy` or a removed zone entry.
        const keep = { protect: env.protect, retainOnDelete: env.protect };

        // An external Redis without a password (a private endpoint) gets no Secret and no REDIS_PASSWORD.
        const password =
            args.config.mode === "in-cluster"
                ? new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this, ...keep }).result
                : args.externalPassword;
        const secret =
            password !== undefined
                ? new k8s.core.v1.Secret(`${name}-auth`, redisSecretArgs(args.ctx, pulumi.secret(password)), { ...k8sOpts, ...keep })
                : undefined;

        if (args.config.mode === "in-cluster") {
            new k8s.core.v1.Service(name, redisServiceArgs(args.ctx), k8sOpts);
            const claim = new k8s.core.v1.PersistentVolumeClaim(`${name}-data`, redisClaimArgs(args.ctx, args.config), { ...k8sOpts, ...keep });
            const after = [...args.dependsOn, claim, ...(secret !== undefined ? [secret] : [])];
            new k8s.apps.v1.StatefulSet(name, redisStatefulSetArgs(args.ctx, args.config), { ...k8sOpts, dependsOn: after, ...keep });
        }
        this.url = pulumi.output(args.ctx.redis.url);
        this.secretName = secret !== undefined ? secret.metadata.name : pulumi.output(undefined);
        this.registerOutputs({ url: this.url, secretName: this.secretName });
    }
}
