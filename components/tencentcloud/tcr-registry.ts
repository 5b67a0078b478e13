// The environment's TCR Enterprise registry: an instance (new, or an existing one by id), a namespace,
// one repository per bundled service, and a long-term token the cluster pulls with.
import * as pulumi from "@pulumi/pulumi";
import { bundledServices } from "../alicloud/acr-registry";
import { cloudName, cloudTags, type TagContext } from "../alicloud/specs/tags";
import { TencentResource, type TencentConnection } from "./dynamic-resource";
import { tcrInstanceProvider, tcrNamespaceProvider, tcrRepositoryProvider, tcrTokenProvider } from "./providers/tcr";
import type { TencentcloudRegistryConfig } from "./schema";

export interface TcrRegistryArgs extends TagContext {
    connection: TencentConnection;
    registry: TencentcloudRegistryConfig;
    /** Prod: `protect` and deletion protection on the instance, `protect` on the namespace and repositories. */
    protect: boolean;
}

export class TcrRegistry extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    /** `<instance>.tencentcloudcr.com`: pushes and pulls. */
    readonly endpoint: pulumi.Output<string>;
    /** `<host>/<namespace>`: what images are pulled as. */
    readonly imagePrefix: pulumi.Output<string>;
    readonly repositories: pulumi.Output<string>[];
    /** Pull credentials (the token is a secret). */
    readonly credentials: { server: pulumi.Output<string>; username: pulumi.Output<string>; password: pulumi.Output<string> };

    constructor(name: string, args: TcrRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:tencentcloud:TcrRegistry", name, {}, opts);
        const child = { parent: this, protect: args.protect };
        const conn = args.connection;
        if (args.registry.instanceId !== undefined) this.instanceId = pulumi.output(args.registry.instanceId);
        else {
            const instance = new TencentResource(
                tcrInstanceProvider,
                "TcrInstance",
                `${name}-instance`,
                conn,
                { name: cloudName(args), registryType: args.registry.instanceType, deletionProtection: args.protect, tags: cloudTags(args) },
                ["registryId", "status"],
                { ...child, customTimeouts: { create: "30m" } },
            );
            this.instanceId = instance.id;
        }
        const ns = new TencentResource(
            tcrNamespaceProvider,
            "TcrNamespace",
            `${name}-namespace`,
            conn,
            { registryId: this.instanceId, name: args.registry.namespace },
            ["domain"],
            child,
        );
        this.namespace = ns.output<string>("name");
        this.endpoint = ns.output<string>("domain");
        this.repositories = bundledServices.map(
            (service) =>
                new TencentResource(
                    tcrRepositoryProvider,
                    "TcrRepository",
                    `${name}-${service}`,
                    conn,
                    { registryId: this.instanceId, namespace: this.namespace, name: service, description: `gameops ${service} image` },
                    ["repository"],
                    child,
                ).id,
        );
        const token = new TencentResource(
            tcrTokenProvider,
            "TcrToken",
            `${name}-pull-token`,
            conn,
            { registryId: this.instanceId, description: `gameops ${args.envName} cluster pulls (${args.stack})` },
            ["username", "password"],
            { parent: this },
        );
        this.imagePrefix = pulumi.interpolate`${this.endpoint}/${this.namespace}`;
        this.credentials = { server: this.endpoint, username: token.output<string>("username"), password: pulumi.secret(token.output<string>("password")) };
        this.registerOutputs({
            instanceId: this.instanceId,
            namespace: this.namespace,
            endpoint: this.endpoint,
            imagePrefix: this.imagePrefix,
            repositories: this.repositories,
        });
    }
}
