// A managed ACK cluster, its node pools, and its kubeconfig (a Pulumi secret).
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import type { AlicloudClusterConfig, AlicloudNetworkConfig, NodePoolConfig } from "./schema";
import { cloudName, cloudTags, TagContext } from "./specs/tags";

/** An ACR Enterprise instance whose images nodes pull without a pull secret (credential helper). */
export interface AcrPullTarget {
    instanceId: pulumi.Input<string>;
    region: string;
    /** Registry domains the helper injects credentials for. */
    domains: pulumi.Input<string>[];
}

export interface AckClusterArgs extends TagContext {
    cluster: AlicloudClusterConfig;
    network: AlicloudNetworkConfig;
    vswitchIds: pulumi.Input<string>[];
    /** Prod: deletion protection on the cluster and `protect` on it and its node pools. */
    protect: boolean;
    acr?: AcrPullTarget;
    /** Kernel settings every node needs, e.g. vm.max_map_count for Elasticsearch's mmapfs. */
    nodeSysctls?: Record<string, string>;
}

/**
 * The node pool's user-data script (base64, as ACK wants it) that applies and persists `sysctls`.
 * A node setting rather than a privileged init container: Elasticsearch pods then run unprivileged.
 */
export function nodeUserData(sysctls: Record<string, string>): string | undefined {
    const entries = Object.entries(sysctls).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return undefined;
    const lines = entries.map(([key, value]) => `${key}=${value}`);
    const script = [
        "#!/bin/bash",
        "set -euo pipefail",
        "# Written by gameops: kernel settings the environment's workloads rely on.",
        `cat > /etc/sysctl.d/90-gameops.conf <<'SYSCTL'`,
        ...lines,
        "SYSCTL",
        "sysctl --load /etc/sysctl.d/90-gameops.conf",
        "",
    ].join("\n");
    return Buffer.from(script).toString("base64");
}

/** Add-ons the cluster starts with: flannel (pod CIDR mode), disks for PVCs, password-free ACR pulls. */
export function clusterAddons(acr: AcrPullTarget | undefined): pulumi.Input<alicloud.types.input.cs.ManagedKubernetesAddon>[] {
    const addons: pulumi.Input<alicloud.types.input.cs.ManagedKubernetesAddon>[] = [{ name: "flannel" }, { name: "csi-plugin" }, { name: "csi-provisioner" }];
    if (acr) {
        addons.push({
            name: "aliyun-acr-credential-helper",
            config: pulumi.all([acr.instanceId, pulumi.all(acr.domains)]).apply(([instanceId, domains]) =>
                JSON.stringify({
                    AcrInstanceInfo: [{ instanceId, regionId: acr.region, domains: domains.join(",") }],
                    WatchNamespace: "all",
                    ServiceAccount: "default",
                }),
            ),
        });
    }
    return addons;
}

export function clusterArgs(args: AckClusterArgs): alicloud.cs.ManagedKubernetesArgs {
    return {
        name: cloudName(args),
        version: args.cluster.version,
        clusterSpec: args.cluster.spec,
        vswitchIds: args.vswitchIds,
        podCidr: args.network.podCidr,
        serviceCidr: args.network.serviceCidr,
        proxyMode: "ipvs",
        // Nodes pull public images (ECK, Fluentd) and CI reaches the API server from outside the VPC.
        newNatGateway: true,
        slbInternetEnabled: true,
        deletionProtection: args.protect,
        addons: clusterAddons(args.acr),
        tags: cloudTags(args),
    };
}

export function nodePoolArgs(args: AckClusterArgs, pool: NodePoolConfig, clusterId: pulumi.Input<string>): alicloud.cs.NodePoolArgs {
    return {
        clusterId,
        nodePoolName: pool.name,
        vswitchIds: args.vswitchIds,
        instanceTypes: pool.instanceTypes,
        systemDiskCategory: pool.diskCategory,
        systemDiskSize: pool.diskSizeGb,
        // The autoscaler owns the node count between min and max; a fixed desiredSize would fight it.
        scalingConfig: { enable: true, minSize: pool.min, maxSize: pool.max },
        multiAzPolicy: "BALANCE",
        management: { enable: true, autoRepair: true },
        labels: [{ key: "gameops.io/pool", value: pool.name }],
        userData: nodeUserData(args.nodeSysctls ?? {}),
        tags: cloudTags(args),
    };
}

export class AckCluster extends pulumi.ComponentResource {
    readonly clusterId: pulumi.Output<string>;
    readonly nodePoolIds: pulumi.Output<string>[];
    /** Admin kubeconfig from the cluster credential API; always a Pulumi secret. */
    readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: AckClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:alicloud:AckCluster", name, {}, opts);
        const cluster = new alicloud.cs.ManagedKubernetes(name, clusterArgs(args), { parent: this, protect: args.protect });
        this.clusterId = cluster.id;
        this.nodePoolIds = args.cluster.nodePools.map(
            (pool) => new alicloud.cs.NodePool(`${name}-${pool.name}`, nodePoolArgs(args, pool, cluster.id), { parent: this, protect: args.protect }).id,
        );
        const credential = alicloud.cs.getClusterCredentialOutput({ clusterId: cluster.id }, { parent: this });
        // The provider (and so every Kubernetes resource) waits for the node pools: before they exist
        // nothing can schedule, and awaited rollouts (ECK's Helm release, StatefulSets) would time out.
        this.kubeconfig = pulumi.secret(pulumi.all([credential.kubeConfig, ...this.nodePoolIds]).apply(([kubeconfig]) => kubeconfig));
        this.registerOutputs({ clusterId: this.clusterId, nodePoolIds: this.nodePoolIds, kubeconfig: this.kubeconfig });
    }
}
