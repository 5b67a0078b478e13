// The zone's Redis: the directory and the round results live here. In-cluster it is a one-pod
// StatefulSet with a persistent volume; external, only its address and password reach the zone.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { contract, names, secretDataKeys, selectorLabels, workloadLabels, zoneLabels } from "../names";
import type { ZoneRedisConfig } from "../schema";
import { serviceHost } from "./context";
import type { ZoneContext } from "./context";
import type { RedisEndpoint } from "./pod";
import { containerResources, containerSecurityContext, tmpMount, tmpVolume, zonePodBasics } from "./pod";

type InClusterRedis = Extract<ZoneRedisConfig, { mode: "in-cluster" }>;

/** The `redis` user of the official image; its data directory belongs to this uid. */
const redisUid = 999;

export function redisEndpoint(namespace: string, redis: ZoneRedisConfig): RedisEndpoint {
    const hostPort = redis.mode === "external" ? `${redis.host}:${redis.port}` : `${serviceHost(names.redis, namespace)}:${contract.redisPort}`;
    const passworded = redis.mode === "in-cluster" || redis.passwordKey !== undefined;
    return { url: `redis://${hostPort}/0`, ...(passworded ? { secretName: names.redisAuth } : {}) };
}

export function redisSecretArgs(ctx: Pick<ZoneContext, "id" | "namespace">, password: pulumi.Input<string>): k8s.core.v1.SecretArgs {
    return {
        metadata: { name: names.redisAuth, namespace: ctx.namespace, labels: zoneLabels(ctx.id) },
        type: "Opaque",
        stringData: { [secretDataKeys.redisPassword]: password },
    };
}

/**
 * The password reaches redis-server through a config file the shell writes into /tmp (printf is a
 * shell builtin, so the password is in neither the pod spec nor any process's argv). `--requirepass
 * $(REDIS_PASSWORD)` would have the kubelet paste it into the command line, visible to `ps`.
 */
export function redisStartScript(
    at: { conf: string; data: string; port: number } = { conf: "/tmp/redis.conf", data: "/data", port: contract.redisPort },
): string {
    return [
        "umask 077",
        `printf 'requirepass "%s"\\n' "$REDIS_PASSWORD" > ${at.conf}`,
        `exec redis-server ${at.conf} --port ${at.port} --dir ${at.data} --appendonly yes --save 60 1000`,
    ].join(" && ");
}

/** Ready only on PONG: a Redis still loading its append-only file answers ping with an error. */
export function redisReadinessCommand(port: number = contract.redisPort): string[] {
    return ["sh", "-c", `redis-cli -p ${port} ping | grep -qx PONG`];
}

export function redisStatefulSetArgs(ctx: ZoneContext, redis: InClusterRedis): k8s.apps.v1.StatefulSetArgs {
    const labels = workloadLabels(ctx.id, "redis", names.redis);
    const selector = selectorLabels(ctx.id, "redis");
    return {
        metadata: { name: names.redis, namespace: ctx.namespace, labels },
        spec: {
            replicas: 1,
            serviceName: names.redis,
            selector: { matchLabels: selector },
            template: {
                metadata: { labels },
                spec: {
                    ...zonePodBasics(ctx.pullSecret, redisUid),
                    terminationGracePeriodSeconds: 30,
                    containers: [
                        {
                            name: "redis",
                            image: redis.image,
                            command: ["sh", "-c", redisStartScript()],
                            ports: [{ name: "redis", containerPort: contract.redisPort, protocol: "TCP" }],
                            env: [
                                { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: names.redisAuth, key: secretDataKeys.redisPassword } } },
                                // redis-cli reads its password from here, so the probe needs no argument either.
                                { name: "REDISCLI_AUTH", valueFrom: { secretKeyRef: { name: names.redisAuth, key: secretDataKeys.redisPassword } } },
                            ],
                            readinessProbe: { exec: { command: redisReadinessCommand() }, periodSeconds: 5, timeoutSeconds: 2 },
                            livenessProbe: { tcpSocket: { port: "redis" }, initialDelaySeconds: 10, periodSeconds: 10 },
                            resources: containerResources(redis.resources),
                            securityContext: containerSecurityContext(redisUid),
                            volumeMounts: [{ name: "data", mountPath: "/data" }, tmpMount],
                        },
                    ],
                    volumes: [{ name: "data", persistentVolumeClaim: { claimName: names.redisData } }, tmpVolume],
                },
            },
        },
    };
}

/**
 * The Redis volume is a claim of its own, not a StatefulSet claim template: a template can never
 * change (the API server forbids it, so `pulumi preview` fails and `up` would replace the StatefulSet
 * and still leave the old claim at its old size). A claim's size can grow in place on a storage class
 * that allows expansion, so `redis.storage` 1Gi -> 2Gi is an update of this claim alone; Redis keeps
 * running and the CSI driver grows the disk online. Shrinking is refused by the API server.
 */
export function redisClaimArgs(ctx: ZoneContext, redis: InClusterRedis): k8s.core.v1.PersistentVolumeClaimArgs {
    return {
        metadata: {
            name: names.redisData,
            namespace: ctx.namespace,
            labels: workloadLabels(ctx.id, "redis", names.redisData),
            // Pulumi's claim await wants phase Pending on a WaitForFirstConsumer class (ACK's topology
            // disk classes, the local cluster's) and Bound otherwise; an update of a bound claim on such
            // a class would wait for a Pending that never comes (seen on the real engine: timeout after
            // 5 min). The Redis StatefulSet's await, which needs the claim bound, covers readiness.
            annotations: { "pulumi.com/skipAwait": "true" },
        },
        spec: {
            accessModes: ["ReadWriteOnce"],
            ...(redis.storageClass !== undefined ? { storageClassName: redis.storageClass } : {}),
            resources: { requests: { storage: redis.storage } },
        },
    };
}

export function redisServiceArgs(ctx: ZoneContext): k8s.core.v1.ServiceArgs {
    return {
        metadata: { name: names.redis, namespace: ctx.namespace, labels: workloadLabels(ctx.id, "redis", names.redis) },
        spec: {
            type: "ClusterIP",
            selector: selectorLabels(ctx.id, "redis"),
            ports: [{ name: "redis", port: contract.redisPort, targetPort: "redis", protocol: "TCP" }],
        },
    };
}
