// Rules that need more than one key, a secret's presence, or the cloud: checked after the schema
// passed, so each message can rely on the shape being right.
import * as pulumi from "@pulumi/pulumi";
import { configNamespace } from "../primitives/config-keys";
import { isSecretConfig } from "./secrets";
import { isStrongBase64Key } from "../primitives/patterns";
import { forkNamePrefix } from "../cluster/rules";
import { loggingProblems } from "../logging/rules";
import { loggingNames } from "../logging/names";
import { zoneProblems } from "../zone/rules";
import { tencentcloudChecks } from "./tencentcloud-checks";
import { envNameProblems, zoneNamespaceProblems } from "../stack/rules";
import type { LoggingConfig } from "../logging/schema";
import type { ZoneConfig } from "../zone/schema";

const namespace = configNamespace;

/** The parts of a schema-checked stack config the rules read. */
export interface CheckedConfig {
    cloud?: "alicloud" | "tencentcloud" | "existing";
    forkOf?: string;
    env?: string;
    zones: ZoneConfig[];
    images?: { registry?: string; tag?: string };
    registry?: { username?: string };
    cluster?: { loadBalancer?: string; networkType?: string; clusterCidr?: string };
    network?: { vpcCidr?: string };
    logging: LoggingConfig;
}

/** Every cross-key problem; `secrets` holds the secret keys that are set (their text is never shown). */
export function crossChecks(cfg: CheckedConfig, secrets: Record<string, string>): string[] {
    const fork = cfg.forkOf !== undefined;
    // Logging on a fork is refused below; the parent's logging namespaces never collide with prefixed ones.
    const logging = loggingNames("");
    const problems = [
        ...secretChecks(cfg, secrets),
        ...envNameProblems(pulumi.getStack(), cfg.env, cfg.logging.enabled, namespace),
        ...zoneNamespaceProblems(
            cfg.zones,
            fork ? forkNamePrefix(pulumi.getStack()) : "",
            cfg.logging.enabled && !fork ? [logging.namespace, logging.operatorNamespace] : [],
            namespace,
        ),
        ...zoneRedisChecks(cfg.zones),
        ...zoneEnvironmentChecks(cfg, secrets),
        ...loggingProblems(
            cfg.logging,
            cfg.zones.map((z) => z.name),
            namespace,
        ),
    ];
    if (cfg.forkOf !== undefined) problems.push(...forkChecks(cfg, secrets));
    else if (cfg.cloud === "alicloud") problems.push(...alicloudChecks(cfg, secrets));
    else if (cfg.cloud === "tencentcloud") problems.push(...tencentcloudChecks(cfg, secrets));
    else problems.push(...existingChecks(cfg, secrets));
    return problems;
}

function secretChecks(cfg: CheckedConfig, secrets: Record<string, string>): string[] {
    const problems: string[] = [];
    if (secrets.jwtKey === undefined) {
        if (cfg.zones.length > 0) {
            problems.push(
                `${namespace}:jwtKey: is required when zones are set (the gateways verify player tokens with it); set it with \`pulumi config set --secret jwtKey "$(openssl rand -base64 32)"\``,
            );
        }
    } else if (!isStrongBase64Key(secrets.jwtKey)) {
        problems.push(
            `${namespace}:jwtKey: (secret, not shown) is not standard base64 of at least 32 bytes; set a new one with \`pulumi config set --secret jwtKey "$(openssl rand -base64 32)"\``,
        );
    }
    return problems;
}

/**
 * The zone's own environment rules (fork name lengths, no external Redis on a fork), run here so a
 * zone that GameZone would refuse stops the stack before any resource (cloud or StackReference) exists.
 */
function zoneEnvironmentChecks(cfg: CheckedConfig, secrets: Record<string, string>): string[] {
    const namePrefix = cfg.forkOf !== undefined ? forkNamePrefix(pulumi.getStack()) : "";
    // A missing jwtKey is reported once for the stack by secretChecks, not once per zone.
    const jwtKey = pulumi.secret(secrets.jwtKey ?? "");
    return cfg.zones.flatMap((zone) => zoneProblems({ namePrefix, jwtKey }, zone));
}

function zoneRedisChecks(zones: ZoneConfig[]): string[] {
    const problems: string[] = [];
    const gameops = new pulumi.Config(namespace);
    zones.forEach((zone, i) => {
        if (zone.redis.mode !== "external" || zone.redis.passwordKey === undefined) return;
        const key = `${namespace}:${zone.redis.passwordKey}`;
        if (gameops.getSecret(zone.redis.passwordKey) === undefined) {
            problems.push(
                `${namespace}:zones[${i}].redis.passwordKey: ${JSON.stringify(zone.redis.passwordKey)} names no config key; set it with \`pulumi config set --secret ${zone.redis.passwordKey} <password>\``,
            );
        } else if (!isSecretConfig(key)) {
            problems.push(`${key}: is stored in plaintext; set it with \`pulumi config set --secret ${zone.redis.passwordKey}\``);
        }
    });
    return problems;
}

function alicloudChecks(cfg: CheckedConfig, secrets: Record<string, string>): string[] {
    const problems: string[] = [];
    if (!new pulumi.Config("alicloud").get("region")) {
        problems.push("alicloud:region: is required for cloud alicloud; set it with `pulumi config set alicloud:region cn-hangzhou`");
    }
    for (const key of ["kubeconfig", "registryPassword"] as const) {
        if (secrets[key] !== undefined) {
            problems.push(
                `${namespace}:${key}: is set on an alicloud stack, which makes its own cluster and registry credentials; remove it (\`pulumi config rm ${key}\`)`,
            );
        }
    }
    cfg.zones.forEach((zone, i) => {
        const id = zone.gateway.loadBalancer?.id;
        if (id !== undefined && !/^lb-[a-z0-9]+$/.test(id)) {
            problems.push(
                `${namespace}:zones[${i}].gateway.loadBalancer.id: ${JSON.stringify(id)} is not an SLB instance id; it looks like lb-bp1xxxxxxxx (or remove it and an SLB is created)`,
            );
        }
        if (zone.redis.mode === "in-cluster") problems.push(...diskSizeProblem(`zones[${i}].redis.storage`, zone.redis.storage));
    });
    if (cfg.logging.enabled) problems.push(...diskSizeProblem("logging.elasticsearch.storage", cfg.logging.elasticsearch.storage));
    return problems;
}

/** ACK provisions PVCs as ESSD cloud disks, which start at 20 GiB: a smaller claim stays Pending forever. */
const minAckDiskGi = 20;

function diskSizeProblem(key: string, size: string): string[] {
    const m = /^(\d+)(Mi|Gi|Ti)$/.exec(size);
    if (!m) return [];
    const gi = Number(m[1]) * ({ Mi: 1 / 1024, Gi: 1, Ti: 1024 } as const)[m[2] as "Mi" | "Gi" | "Ti"];
    return gi >= minAckDiskGi
        ? []
        : [
              `${namespace}:${key}: ${JSON.stringify(size)} is smaller than the ${minAckDiskGi}Gi an ACK cloud disk starts at (the volume would never be created); set ${minAckDiskGi}Gi or more`,
          ];
}

function existingChecks(cfg: CheckedConfig, secrets: Record<string, string>): string[] {
    const problems: string[] = [];
    if (cfg.images?.registry === undefined && cfg.registry === undefined) {
        problems.push(
            `${namespace}:images.registry: is required on cloud existing unless gameops:registry is set; set it to the <host>/<namespace> your cluster pulls from, e.g. localhost:5000/gameops`,
        );
    }
    if (secrets.registryPassword !== undefined && cfg.registry?.username === undefined) {
        problems.push(
            `${namespace}:registryPassword: is set but gameops:registry.username is not; set registry.server, registry.namespace and registry.username (or remove the password)`,
        );
    }
    if (cfg.registry?.username !== undefined && secrets.registryPassword === undefined) {
        problems.push(
            `${namespace}:registry.username: ${JSON.stringify(cfg.registry.username)} has no password; set it with \`pulumi config set --secret registryPassword <password>\` (or remove the username for a public registry)`,
        );
    }
    if (cfg.cluster?.loadBalancer === "none") {
        cfg.zones.forEach((zone, i) => {
            const id = zone.gateway.loadBalancer?.id;
            if (id !== undefined) {
                problems.push(
                    `${namespace}:zones[${i}].gateway.loadBalancer.id: ${JSON.stringify(id)} needs a cloud load balancer, but gameops:cluster.loadBalancer is none; set it to alicloud-slb or tencent-clb (or remove the id)`,
                );
            }
            // Without a load balancer vendor the Service defaults to ClusterIP, which has no node port.
            if (zone.gateway.nodePort !== undefined && zone.gateway.service === undefined) {
                problems.push(
                    `${namespace}:zones[${i}].gateway.nodePort: ${zone.gateway.nodePort} would be dropped: without a load balancer (gameops:cluster.loadBalancer is none) the gateway Service is ClusterIP; set gateway.service: NodePort (or remove the nodePort)`,
                );
            }
        });
    }
    return problems;
}

function forkChecks(cfg: CheckedConfig, secrets: Record<string, string>): string[] {
    const problems: string[] = [];
    for (const key of ["kubeconfig", "registryPassword"] as const) {
        if (secrets[key] !== undefined) {
            problems.push(`${namespace}:${key}: is set on a fork stack; a fork uses its parent's credentials, remove it (\`pulumi config rm ${key}\`)`);
        }
    }
    if (cfg.logging.enabled) {
        problems.push(`${namespace}:logging.enabled: true is not allowed on a fork stack; the parent's Fluentd already collects every namespace, remove it`);
    }
    return problems;
}
