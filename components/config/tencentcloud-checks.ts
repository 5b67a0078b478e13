// Cross-key rules of a `cloud: tencentcloud` stack: the provider's own config (region, credentials)
// and what only the whole stack shows (pod range vs. VPC, the CLB ids zones name).
import * as pulumi from "@pulumi/pulumi";
import { configNamespace as namespace } from "../primitives/config-keys";
import { cidrsOverlap, isCidr } from "../primitives/patterns";
import { isSecretConfig } from "./secrets";

/** What the rules read of a schema-checked tencentcloud stack. */
interface TencentcloudChecked {
    zones: { gateway: { loadBalancer?: { id?: string } } }[];
    cluster?: { networkType?: string; clusterCidr?: string };
    network?: { vpcCidr?: string };
}

/** The Tencent Cloud credentials a stack may keep in its config; both must be secrets. */
const tencentcloudCredentialKeys = ["tencentcloud:secretId", "tencentcloud:secretKey"] as const;

export function tencentcloudChecks(cfg: TencentcloudChecked, secrets: Record<string, string>): string[] {
    const problems: string[] = [];
    const provider = new pulumi.Config("tencentcloud");
    if (!provider.get("region")) {
        problems.push("tencentcloud:region: is required for cloud tencentcloud; set it with `pulumi config set tencentcloud:region ap-guangzhou`");
    }
    const set = tencentcloudCredentialKeys.filter((key) => provider.get(key.split(":")[1]) !== undefined);
    for (const key of set) {
        if (!isSecretConfig(key)) problems.push(`${key}: is stored in plaintext; set it with \`pulumi config set --secret ${key} <value>\``);
    }
    if (set.length === 1) {
        const other = tencentcloudCredentialKeys.find((k) => k !== set[0])!;
        problems.push(
            `${other}: is not set while ${set[0]} is; set both with \`pulumi config set --secret ${other} <value>\` (or remove ${set[0]} and use TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY)`,
        );
    }
    for (const key of ["kubeconfig", "registryPassword"] as const) {
        if (secrets[key] !== undefined) {
            problems.push(
                `${namespace}:${key}: is set on a tencentcloud stack, which makes its own cluster and registry credentials; remove it (\`pulumi config rm ${key}\`)`,
            );
        }
    }
    const { clusterCidr, networkType } = cfg.cluster ?? {};
    const vpcCidr = cfg.network?.vpcCidr;
    if (networkType === "GR" && clusterCidr && vpcCidr && isCidr(clusterCidr) && isCidr(vpcCidr) && cidrsOverlap(clusterCidr, vpcCidr)) {
        problems.push(
            `${namespace}:cluster.clusterCidr: "${clusterCidr}" overlaps network.vpcCidr ${vpcCidr}, and global-router pods need their own range; pick a block outside it, e.g. 172.16.0.0/16`,
        );
    }
    cfg.zones.forEach((zone, i) => {
        const id = zone.gateway.loadBalancer?.id;
        if (id !== undefined && !/^lb-[a-z0-9]{8}$/.test(id)) {
            problems.push(
                `${namespace}:zones[${i}].gateway.loadBalancer.id: ${JSON.stringify(id)} is not a CLB instance id; it looks like lb-abcd1234 (or remove it and a CLB is created)`,
            );
        }
    });
    return problems;
}
