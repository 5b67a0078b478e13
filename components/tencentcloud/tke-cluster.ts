// A managed TKE cluster, its node pools, and its kubeconfig (a Pulumi secret).
import * as pulumi from "@pulumi/pulumi";
import { nodeUserData } from "../alicloud/ack-cluster";
import { cloudName, cloudTags, type TagContext } from "../alicloud/specs/tags";
import { TencentResource, type TencentConnection } from "./dynamic-resource";
import { clusterProvider, nodePoolProvider } from "./providers/tke";
import { poolLabels } from "./rules";
import type { TencentcloudClusterConfig } from "./schema";

export interface TkeClusterArgs extends TagContext {
    connection: TencentConnection;
    cluster: TencentcloudClusterConfig;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    /** Prod: deletion protection on the cluster and `protect` on it and its node pools. */
    protect: boolean;
    /** Kernel settings every node needs, e.g. vm.max_map_count for Elasticsearch's mmapfs. */
    nodeSysctls?: Record<string, string>;
}

export class TkeCluster extends pulumi.ComponentResource {
    readonly clusterId: pulumi.Output<string>;
    readonly nodePoolIds: pulumi.Output<string>[];
    /** The admin kubeconfig TKE issues for the cluster's endpoint; always a Pulumi secret. */
    readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: TkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:tencentcloud:TkeCluster", name, {}, opts);
        const child = { parent: this, protect: args.protect };
        const c = args.cluster;
        const cluster = new TencentResource(
            clusterProvider,
            "TkeCluster",
            name,
            args.connection,
            {
                name: cloudName(args),
                version: c.version,
                vpcId: args.vpcId,
                networkType: c.networkType,
                clusterCidr: c.clusterCidr,
                serviceCidr: c.serviceCidr,
                maxNodePodNum: c.maxNodePodNum,
                subnetIds: args.subnetIds,
                deletionProtection: args.protect,
                publicEndpoint: c.publicEndpoint,
                tags: cloudTags(args),
            },
            ["clusterId", "status", "kubeconfig"],
            // A cluster takes 5-10 minutes; the provider polls within its own bound (20 minutes).
            { ...child, customTimeouts: { create: "30m", update: "30m", delete: "30m" } },
        );
        this.clusterId = cluster.id;
        this.nodePoolIds = c.nodePools.map(
            (pool) =>
                new TencentResource(
                    nodePoolProvider,
                    "TkeNodePool",
                    `${name}-${pool.name}`,
                    args.connection,
                    {
                        clusterId: cluster.id,
                        name: pool.name,
                        vpcId: args.vpcId,
                        subnetIds: args.subnetIds,
                        instanceTypes: pool.instanceTypes,
                        min: pool.min,
                        max: pool.max,
                        desired: pool.desired ?? pool.min,
                        systemDiskGb: pool.systemDiskGb,
                        dataDiskGb: pool.dataDiskGb,
                        diskType: pool.diskType,
                        labels: poolLabels(pool),
                        taints: pool.taints,
                        userScript: nodeUserData(args.nodeSysctls ?? {}),
                        tags: cloudTags(args),
                    },
                    ["nodePoolId", "lifeState"],
                    child,
                ).id,
        );
        // The provider (and so every Kubernetes resource) waits for the node pools: before they exist
        // nothing can schedule, and awaited rollouts would time out.
        this.kubeconfig = pulumi.secret(pulumi.all([cluster.output<string>("kubeconfig"), ...this.nodePoolIds]).apply(([kubeconfig]) => kubeconfig));
        this.registerOutputs({ clusterId: this.clusterId, nodePoolIds: this.nodePoolIds, kubeconfig: this.kubeconfig });
    }
}
