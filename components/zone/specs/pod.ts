// Pieces every zone pod shares: the restricted security context, resources, probes, Redis env.
import type * as k8s from "@pulumi/kubernetes";
import { contract, secretDataKeys } from "../names";
import type { ResourcesConfig } from "../schema";

type Container = k8s.types.input.core.v1.Container;
type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type PodSpec = k8s.types.input.core.v1.PodSpec;

/**
 * Pod-level context: the restricted Pod Security Standard. The services run as uid 10001 and write
 * only to /tmp (an emptyDir), so nothing needs root or a writable image.
 */
function podSecurityContext(uid: number = contract.uid): PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        fsGroup: uid,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function containerSecurityContext(uid: number = contract.uid): NonNullable<Container["securityContext"]> {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** The writable scratch space every container gets (its root filesystem is read-only). */
export const tmpVolume = { name: "tmp", emptyDir: { sizeLimit: "64Mi" } };
export const tmpMount = { name: "tmp", mountPath: "/tmp" };

export function containerResources(r: ResourcesConfig): NonNullable<Container["resources"]> {
    return {
        requests: { cpu: r.cpu, memory: r.memory },
        limits: { memory: r.memoryLimit ?? r.memory, ...(r.cpuLimit !== undefined ? { cpu: r.cpuLimit } : {}) },
    };
}

/** Liveness on /healthz and readiness on /readyz of the admin port (services/CONTRACT.md). */
export function adminProbes(): Pick<Container, "livenessProbe" | "readinessProbe"> {
    return {
        livenessProbe: {
            httpGet: { path: "/healthz", port: "admin" },
            initialDelaySeconds: 5,
            periodSeconds: 10,
            timeoutSeconds: 2,
            failureThreshold: 3,
        },
        readinessProbe: {
            httpGet: { path: "/readyz", port: "admin" },
            periodSeconds: 2,
            timeoutSeconds: 2,
            failureThreshold: 1,
        },
    };
}

export interface RedisEndpoint {
    /** `redis://host:port/0` as services/CONTRACT.md wants it. */
    url: string;
    /** The zone Secret holding the password under `password`; none for an external Redis without a password. */
    secretName?: string;
}

/** REDIS_URL by value (it names no secret) and REDIS_PASSWORD by reference to the zone's Secret. */
export function redisEnv(redis: RedisEndpoint): EnvVar[] {
    const url: EnvVar = { name: "REDIS_URL", value: redis.url };
    if (redis.secretName === undefined) return [url];
    return [url, { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: redis.secretName, key: secretDataKeys.redisPassword } } }];
}

function imagePullSecrets(pullSecret: string | undefined): { name: string }[] | undefined {
    return pullSecret !== undefined ? [{ name: pullSecret }] : undefined;
}

/**
 * The pod-level fields every zone pod sets alike: the restricted context, the registry's pull Secret,
 * and no service account token (no service talks to the Kubernetes API).
 */
export function zonePodBasics(
    pullSecret: string | undefined,
    uid: number = contract.uid,
): Pick<PodSpec, "securityContext" | "imagePullSecrets" | "automountServiceAccountToken"> {
    return { securityContext: podSecurityContext(uid), imagePullSecrets: imagePullSecrets(pullSecret), automountServiceAccountToken: false };
}

/**
 * Prefer one pod of a workload per node, so losing a node takes one gateway or one room server's
 * games, not all of them. Preferred, not required: a small cluster still schedules every replica.
 */
export function spreadOverNodes(selector: Record<string, string>): NonNullable<PodSpec["affinity"]> {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } } },
            ],
        },
    };
}
