// Turning registered resources back into the Kubernetes objects they describe.
import type { RegisteredResource } from "./mocks";

/** How a secret value crosses the mock boundary: `{ [secretSig]: secretSigValue, value }`. */
const secretSig = "4dabf18193072939515e22adb298388d";
const secretSigValue = "1b47061264138c4ac30d75fd1eb44270";

export function isSecretValue(value: unknown): value is { value: unknown } {
    return !!value && typeof value === "object" && (value as Record<string, unknown>)[secretSig] === secretSigValue;
}

/** The value with every secret replaced by its plaintext, or by `mask` when given (e.g. "<secret>"). */
export function unwrapSecrets(value: unknown, mask?: string): unknown {
    if (isSecretValue(value)) return mask !== undefined ? maskAll(value.value, mask) : unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map((v) => unwrapSecrets(v, mask));
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, mask)]));
    }
    return value;
}

/** A secret map keeps its keys (a reader sees which keys exist); every leaf becomes the mask. */
function maskAll(value: unknown, mask: string): unknown {
    if (Array.isArray(value)) return value.map((v) => maskAll(v, mask));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAll(v, mask)]));
    return mask;
}

/** Registered Kubernetes objects (the provider resource and Helm/YAML wrappers excluded). */
export function kubeObjects(resources: RegisteredResource[]): RegisteredResource[] {
    return resources.filter((r) => r.type.startsWith("kubernetes:") && typeof r.inputs.kind === "string" && typeof r.inputs.apiVersion === "string");
}

/** Every pod spec in an object (Deployment, StatefulSet, DaemonSet, Job, CronJob), if any. */
export function podSpecs(obj: Record<string, any>): Record<string, any>[] {
    const spec = obj.spec ?? {};
    if (spec.template?.spec) return [spec.template.spec];
    if (spec.jobTemplate?.spec?.template?.spec) return [spec.jobTemplate.spec.template.spec];
    // OpenKruise Game's GameServerSet (room.engine okg).
    if (spec.gameServerTemplate?.spec) return [spec.gameServerTemplate.spec];
    return [];
}

/** All containers (init containers included) of an object's pod specs. */
export function containers(obj: Record<string, any>): Record<string, any>[] {
    return podSpecs(obj).flatMap((p) => [...(p.initContainers ?? []), ...(p.containers ?? [])]);
}
