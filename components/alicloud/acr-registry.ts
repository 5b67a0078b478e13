// The environment's ACR Enterprise registry: an instance (new, or an existing one by id), a
// namespace, one repository per bundled service, and a link so the cluster's VPC pulls privately.
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import type { AlicloudRegistryConfig } from "./schema";
import { cloudName, cloudTags, TagContext } from "./specs/tags";

/** The images the services' Dockerfile builds; each gets its own repository (rules: the okg engine's rules sidecar). */
export const bundledServices = ["gateway", "room", "cron", "rules"] as const;

export interface AcrRegistryArgs extends TagContext {
    registry: AlicloudRegistryConfig;
    region: string;
    /** The VPC and a vSwitch the cluster pulls from. */
    vpcId: pulumi.Input<string>;
    vswitchId: pulumi.Input<string>;
    /** Prod: `protect` on the instance, namespace and repositories (they hold the released images). */
    protect: boolean;
}

/** ACR Enterprise domains of an instance: `public` for pushes from CI, `vpc` for pulls in the cluster. */
export function acrDomains(instanceName: string, region: string): { public: string; vpc: string } {
    return {
        public: `${instanceName}-registry.${region}.cr.aliyuncs.com`,
        vpc: `${instanceName}-registry-vpc.${region}.cr.aliyuncs.com`,
    };
}

export function registryInstanceArgs(args: AcrRegistryArgs): alicloud.cr.RegistryEnterpriseInstanceArgs {
    return {
        instanceName: cloudName(args),
        instanceType: args.registry.instanceType,
        // ACR Enterprise is sold by subscription only; renew it so images never disappear with it.
        paymentType: "Subscription",
        period: 1,
        renewPeriod: 1,
        renewalStatus: "AutoRenewal",
        tags: cloudTags(args),
    };
}

export function namespaceArgs(args: AcrRegistryArgs, instanceId: pulumi.Input<string>): alicloud.cs.RegistryEnterpriseNamespaceArgs {
    return { instanceId, name: args.registry.namespace, autoCreate: false, defaultVisibility: "PRIVATE" };
}

export function repoArgs(
    args: AcrRegistryArgs,
    service: (typeof bundledServices)[number],
    instanceId: pulumi.Input<string>,
    namespace: pulumi.Input<string>,
): alicloud.cs.RegistryEnterpriseRepoArgs {
    return {
        instanceId,
        namespace,
        name: service,
        repoType: "PRIVATE",
        summary: `gameops ${service} image`,
        // A released tag must never change under running pods; dev may rebuild a tag.
        tagImmutability: args.protect,
    };
}

export function vpcLinkArgs(args: AcrRegistryArgs, instanceId: pulumi.Input<string>): alicloud.cr.VpcEndpointLinkedVpcArgs {
    return { instanceId, vpcId: args.vpcId, vswitchId: args.vswitchId, moduleName: "Registry", enableCreateDnsRecordInPvzt: true };
}

export class AcrRegistry extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    /** Public endpoint host (pushes). */
    readonly endpoint: pulumi.Output<string>;
    /** VPC endpoint host (pulls inside the cluster). */
    readonly vpcEndpoint: pulumi.Output<string>;
    /** `<vpc host>/<namespace>`: what images are pulled as. */
    readonly imagePrefix: pulumi.Output<string>;
    readonly repositories: pulumi.Output<string>[];

    constructor(name: string, args: AcrRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:alicloud:AcrRegistry", name, {}, opts);
        const child = { parent: this, protect: args.protect };
        let instanceName: pulumi.Output<string>;
        if (args.registry.instanceId !== undefined) {
            this.instanceId = pulumi.output(args.registry.instanceId);
            const found = alicloud.cs.getRegistryEnterpriseInstancesOutput({ ids: [args.registry.instanceId] }, { parent: this });
            instanceName = found.instances.apply((list) => {
                if (list.length === 0)
                    throw new pulumi.ResourceError(
                        `gameops:registry.instanceId: "${args.registry.instanceId}" is not an ACR Enterprise instance in ${args.region}; check the id or remove it to create one`,
                        this,
                    );
                return list[0].name;
            });
        } else {
            const instance = new alicloud.cr.RegistryEnterpriseInstance(`${name}-instance`, registryInstanceArgs(args), child);
            this.instanceId = instance.id;
            instanceName = instance.instanceName;
        }
        const ns = new alicloud.cs.RegistryEnterpriseNamespace(`${name}-namespace`, namespaceArgs(args, this.instanceId), child);
        this.namespace = ns.name;
        this.repositories = bundledServices.map(
            (service) => new alicloud.cs.RegistryEnterpriseRepo(`${name}-${service}`, repoArgs(args, service, this.instanceId, ns.name), child).id,
        );
        new alicloud.cr.VpcEndpointLinkedVpc(`${name}-vpc-link`, vpcLinkArgs(args, this.instanceId), { parent: this });
        const domains = instanceName.apply((n) => acrDomains(n, args.region));
        this.endpoint = domains.public;
        this.vpcEndpoint = domains.vpc;
        this.imagePrefix = pulumi.interpolate`${this.vpcEndpoint}/${this.namespace}`;
        this.registerOutputs({
            instanceId: this.instanceId,
            namespace: this.namespace,
            endpoint: this.endpoint,
            vpcEndpoint: this.vpcEndpoint,
            imagePrefix: this.imagePrefix,
            repositories: this.repositories,
        });
    }
}
