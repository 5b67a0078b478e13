// Stack config for `gameops:logging`. Every message follows the offending value, because the
// formatter prints `<key path>: <value> <message>`.
import { z } from "zod";
import { cpuQuantity, memoryQuantity, semver, storageSize } from "../primitives/patterns";

/** The Fluentd image speaks the Elasticsearch 8 API (elasticsearch-ruby 8), so the cluster must be 8.x. */
const elasticVersion = semver.refine((v) => v.startsWith("8."), {
    error: "is not a supported Elasticsearch version; the Fluentd output speaks the 8.x API, use 8.x such as 8.15.0",
});

/** ECK 2.x and 3.x share the chart values and CRD versions (`v1`) this component uses. */
const operatorVersion = semver.refine((v) => /^[23]\./.test(v), {
    error: "is not a supported eck-operator chart version; use a 2.x or 3.x release such as 2.16.1",
});

/** Memory as Kubernetes writes it, in Mi or Gi, so heap sizes derive without rounding surprises. */
const memory = (minMi: number, example: string) =>
    memoryQuantity(`is not a memory size; write a whole number with a unit Mi or Gi, e.g. ${example}`).refine((m) => memoryMi(m) >= minMi, {
        error: `is too little memory; use at least ${minMi}Mi, e.g. ${example}`,
    });

const cpu = cpuQuantity("write cores like 1 or 0.5, or millicores like 500m");

/** A DNS-1123 subdomain (storage classes, host names, Secret names). */
const subdomain = (what: string, example: string) =>
    z
        .string()
        .max(253, { error: `is longer than 253 characters; shorten the ${what}` })
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
            error: `is not a valid ${what}; use lowercase letters, digits, '-' and '.', e.g. ${example}`,
        });

/** `2Gi` → 2048, `1536Mi` → 1536. Only call on values the `memory` regex accepted. */
export function memoryMi(quantity: string): number {
    const n = Number.parseInt(quantity, 10);
    return quantity.endsWith("Gi") ? n * 1024 : n;
}

const elasticsearchSchema = z
    .object({
        version: elasticVersion.default("8.15.0"),
        nodes: z.number().int().min(1).max(99).default(1),
        storage: storageSize.default("20Gi"),
        // Absent: the cluster's default StorageClass.
        storageClass: subdomain("storage class name", "alicloud-disk-essd").optional(),
        // Requests and limits; the JVM heap is half of it (capped below 31g for compressed oops).
        memory: memory(1024, "2Gi").default("2Gi"),
        cpu: cpu.default("1"),
        // false only where nodes cannot raise vm.max_map_count to 262144 (kind, Docker Desktop, ...).
        allowMmap: z.boolean().default(true),
        // Spread nodes across availability zones with a PodDisruptionBudget; default: on where the
        // environment is protected (prod), resolved by the component.
        zoneSpread: z.boolean().optional(),
    })
    .strict();

const ingressSchema = z
    .object({
        host: subdomain("host name", "kibana.dev.example.com"),
        // A kubernetes.io/tls Secret in the logging namespace (or the one cert-manager fills, below).
        tlsSecretName: subdomain("Secret name", "kibana-tls"),
        className: subdomain("IngressClass name", "nginx").optional(),
        // When set, cert-manager issues tlsSecretName from this ClusterIssuer.
        clusterIssuer: subdomain("ClusterIssuer name", "letsencrypt").optional(),
    })
    .strict();

const kibanaObject = z
    .object(
        {
            enabled: z.boolean().default(true),
            count: z.number().int().min(1).max(10).default(1),
            memory: memory(512, "1Gi").default("1Gi"),
            // Absent: reachable only inside the cluster (port-forward); see components/logging/README.md.
            ingress: ingressSchema.optional(),
        },
        { error: "is neither true/false nor a map; write kibana: true, kibana: false or kibana: { count: 2 }" },
    )
    .strict()
    .superRefine((kibana, ctx) => {
        if (!kibana.enabled && kibana.ingress !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["ingress"],
                input: kibana.ingress,
                message: "is set while kibana.enabled is false; remove the ingress or enable Kibana",
            });
        }
    });

// `kibana: true|false` (the short form) or the full map.
const kibanaSchema = z.preprocess((v) => (typeof v === "boolean" ? { enabled: v } : v), kibanaObject);

const fluentdSchema = z
    .object({
        // A fluent/fluentd-kubernetes-daemonset tag of the elasticsearch8 flavour.
        imageTag: z
            .string()
            .regex(/^v1\.[0-9]+(\.[0-9]+)?-debian-elasticsearch8-[0-9]+(\.[0-9]+)?$/, {
                error: "is not a fluentd-kubernetes-daemonset elasticsearch8 tag; pin one like v1.17.1-debian-elasticsearch8-1.0",
            })
            .default("v1.17.1-debian-elasticsearch8-1.0"),
        memory: memory(128, "512Mi").default("512Mi"),
        cpu: cpu.default("100m"),
    })
    .strict();

export const loggingSchema = z
    .object({
        enabled: z.boolean().default(false),
        operatorVersion: operatorVersion.default("2.16.1"),
        elasticsearch: elasticsearchSchema.prefault({}),
        kibana: kibanaSchema.prefault({}),
        fluentd: fluentdSchema.prefault({}),
        // Indices whose day is more than this many days before today are deleted daily.
        retentionDays: z.number().int().min(1).max(3650).default(7),
    })
    .strict();

export type LoggingConfig = z.output<typeof loggingSchema>;
export type ElasticsearchConfig = LoggingConfig["elasticsearch"];
export type KibanaConfig = LoggingConfig["kibana"];
export type FluentdConfig = LoggingConfig["fluentd"];
