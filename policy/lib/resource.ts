// What a check sees of a resource: the shape of @pulumi/policy's ResourceValidationArgs and
// PolicyResource that the rules use, so a check is a pure function a test calls with plain objects.

/** One resource as a policy sees it: its type token, Pulumi name, props (inputs; outputs in a stack validation) and options. */
export interface PolicyResourceLike {
    type: string;
    name: string;
    urn?: string;
    props: Record<string, unknown>;
    opts?: { protect?: boolean };
}

/** A violation a stack validation reports, attached to the resource it is about. */
export interface StackViolation {
    urn?: string;
    message: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a property path, or undefined when any step is missing or not an object. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
    let current = value;
    for (const key of path) {
        if (typeof key === "number") {
            if (!Array.isArray(current)) return undefined;
            current = current[key];
        } else {
            if (!isRecord(current)) return undefined;
            current = current[key];
        }
    }
    return current;
}

export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** A Kubernetes type token `kubernetes:<group>/<version>:<Kind>` split up; core resources have group "core". */
export function kubernetesKind(type: string): { group: string; version: string; kind: string } | undefined {
    const match = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
    return match ? { group: match[1], version: match[2], kind: match[3] } : undefined;
}

/** The object's labels (metadata.labels). */
export function labels(props: Record<string, unknown>): Record<string, unknown> {
    const found = at(props, "metadata", "labels");
    return isRecord(found) ? found : {};
}

/**
 * How a message names a resource: `StatefulSet s101/room-a` for Kubernetes objects (kind, namespace,
 * object name; the Pulumi name when the object is auto-named), else the type token and Pulumi name.
 */
export function describe(resource: PolicyResourceLike): string {
    const k8s = kubernetesKind(resource.type);
    if (!k8s) return `${resource.type} "${resource.name}"`;
    const name = at(resource.props, "metadata", "name");
    const namespace = at(resource.props, "metadata", "namespace");
    const objectName = typeof name === "string" && name !== "" ? name : resource.name;
    return typeof namespace === "string" && namespace !== "" ? `${k8s.kind} ${namespace}/${objectName}` : `${k8s.kind} ${objectName}`;
}

/** A found value as a message shows it: `"Allow"`, `false`, `unset`. */
export function shown(value: unknown): string {
    if (value === undefined || value === null) return "unset";
    return JSON.stringify(value);
}
