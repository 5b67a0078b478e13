// The one definition of each value pattern (DNS label, image tag and digest, CPU and memory
// quantities, standard base64) and the zod primitives built on them. Every message is phrased to
// follow the offending value, because the formatter prints `<key path>: <value> <message>`.
import { z } from "zod";

/** A DNS-1123 label that starts with a letter (zone names, namespaces, node pools, group keys). */
const dnsLabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes allows at most 63 characters in a label and in a namespace name. */
const maxDnsLabelLength = 63;
/** An image tag as the registry API allows it. */
export const imageTagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An image digest. */
export const imageDigestPattern = /^sha256:[a-f0-9]{64}$/;
/** A CPU quantity: millicores (250m) or cores (1, 0.5). */
const cpuPattern = /^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/;
/** A memory quantity in whole Mi or Gi. */
const memoryPattern = /^[1-9][0-9]*(Mi|Gi)$/;
/** Standard base64 (with padding), as the gateways decode the JWT key. */
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 of a key long enough for HS256 (32 bytes or more). */
export function isStrongBase64Key(text: string): boolean {
    return base64Pattern.test(text) && Buffer.from(text, "base64").length >= 32;
}

/** Why a Kubernetes name is unusable, or undefined when it is a DNS label of at most 63 characters. */
export function dnsLabelProblem(name: string): string | undefined {
    if (name.length > maxDnsLabelLength) return `is ${name.length} characters long; Kubernetes allows at most ${maxDnsLabelLength}`;
    if (!dnsLabelPattern.test(name)) return "is not a DNS label (lowercase letters, digits and '-', starting with a letter)";
    return undefined;
}

/** A DNS-1123 label of at most `max` characters (Kubernetes names, namespaces, group keys). */
export const dnsLabel = (max = 63) =>
    z
        .string()
        .max(max, { error: `is longer than ${max} characters; shorten it` })
        .regex(dnsLabelPattern, {
            error: "is not a DNS label; use lowercase letters, digits and '-', starting with a letter",
        });

const cidrRe = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 CIDR block such as 10.0.0.0/16 whose address has no bits outside the prefix. */
export const cidr = z.string().refine(isCidr, { error: "is not an IPv4 CIDR block; write it like 10.0.0.0/16" });

export function isCidr(value: string): boolean {
    const m = cidrRe.exec(value);
    if (!m) return false;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return false;
    const addr = cidrToRange(value).start;
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    return (addr & ~mask) >>> 0 === 0;
}

/** The first and last address of a valid CIDR block as unsigned 32-bit numbers. */
function cidrToRange(value: string): { start: number; end: number } {
    const [ip, bits] = value.split("/");
    const start = ip.split(".").reduce((acc, o) => ((acc << 8) >>> 0) + Number(o), 0) >>> 0;
    const size = 2 ** (32 - Number(bits));
    return { start, end: start + size - 1 };
}

export function cidrContains(outer: string, inner: string): boolean {
    const o = cidrToRange(outer);
    const i = cidrToRange(inner);
    return i.start >= o.start && i.end <= o.end;
}

export function cidrsOverlap(a: string, b: string): boolean {
    const x = cidrToRange(a);
    const y = cidrToRange(b);
    return x.start <= y.end && y.start <= x.end;
}

/** A Kubernetes storage quantity with a binary unit, e.g. 50Gi. */
export const storageSize = z.string().regex(/^[1-9][0-9]*(Mi|Gi|Ti)$/, {
    error: "is not a storage size; write a whole number with a unit Mi, Gi or Ti, e.g. 50Gi",
});

/** An image tag or digest. `latest` is refused: a release must name what it runs. */
export const imageTag = z
    .string()
    .refine((t) => imageTagPattern.test(t) || imageDigestPattern.test(t), {
        error: "is not an image tag; use a version such as 1.2.0 or a digest sha256:<64 hex>",
    })
    .refine((t) => t !== "latest", {
        error: "is not allowed as an image tag; pin a version such as 1.2.0 (or a sha256 digest) so releases are repeatable",
    });

/** A CPU quantity; `example` ends the message. */
export const cpuQuantity = (example = "write millicores like 250m or cores like 1 or 0.5") =>
    z.string().regex(cpuPattern, { error: `is not a CPU quantity; ${example}` });

/** A memory quantity in Mi or Gi; `message` follows the value. */
export const memoryQuantity = (message = "is not a memory quantity; write a whole number with Mi or Gi, e.g. 256Mi") =>
    z.string().regex(memoryPattern, { error: message });

/** A semantic version x.y.z (optionally with a pre-release suffix). */
export const semver = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, {
    error: "is not a version; write it as major.minor.patch, e.g. 8.15.0",
});

export const port = z.number().int().min(1).max(65535);
