// Pure specs of the Elastic side: the ECK operator Helm release, the Elasticsearch cluster and
// Kibana (ECK custom resources), and Kibana's optional Ingress. Tests call these without mocks.
import type { ElasticsearchConfig, KibanaConfig, LoggingConfig } from "../schema";
import { memoryMi } from "../schema";
import type { LoggingNames } from "../names";

const operatorChart = { chart: "eck-operator", repo: "https://helm.elastic.co" } as const;

/** Labels every logging object carries, so `kubectl get -l gameops.io/env=dev` finds them. */
export function loggingLabels(envName: string, component: string): Record<string, string> {
    return {
        "app.kubernetes.io/part-of": "gameops",
        "app.kubernetes.io/component": component,
        "gameops.io/env": envName,
    };
}

/** Inputs of the `k8s.helm.v3.Release` that installs the operator and its CRDs. */
export function operatorReleaseSpec(names: LoggingNames, config: LoggingConfig) {
    return {
        name: names.operatorRelease,
        chart: operatorChart.chart,
        version: config.operatorVersion,
        repositoryOpts: { repo: operatorChart.repo },
        namespace: names.operatorNamespace,
        // The namespace is an explicit, labelled object of this stack (see Logging).
        createNamespace: false,
        atomic: true,
        cleanupOnFail: true,
        values: {
            installCRDs: true,
            // The operator reconciles only our logging namespace, nothing else in the cluster.
            managedNamespaces: [names.namespace],
        },
    };
}

/** Half the container memory, capped below 31g so the JVM keeps compressed object pointers. */
export function heapMi(memory: string): number {
    return Math.min(Math.floor(memoryMi(memory) / 2), 31 * 1024 - 1);
}

const esClusterLabel = "elasticsearch.k8s.elastic.co/cluster-name";

export interface ElasticsearchSpecArgs {
    names: LoggingNames;
    config: ElasticsearchConfig;
    envName: string;
    /** The environment is protected (prod): PVCs outlive the Elasticsearch resource. */
    protect: boolean;
}

/** The `Elasticsearch` custom resource (elasticsearch.k8s.elastic.co/v1). */
export function elasticsearchSpec({ names, config, envName, protect }: ElasticsearchSpecArgs) {
    const zoneSpread = config.zoneSpread ?? protect;
    const heap = heapMi(config.memory);
    const selector = { matchLabels: { [esClusterLabel]: names.elasticsearch } };
    return {
        apiVersion: "elasticsearch.k8s.elastic.co/v1" as const,
        kind: "Elasticsearch" as const,
        metadata: {
            name: names.elasticsearch,
            namespace: names.namespace,
            labels: loggingLabels(envName, "elasticsearch"),
            // Pulumi waits until ECK reports the cluster Ready before Fluentd starts shipping.
            annotations: { "pulumi.com/waitFor": "jsonpath={.status.phase}=Ready" },
        },
        spec: {
            version: config.version,
            // Retain: deleting the Elasticsearch resource (or the stack) keeps the data volumes in prod;
            // a scale-down still removes the PVCs of the nodes that left (their data was migrated first).
            volumeClaimDeletePolicy: protect ? "DeleteOnScaledownOnly" : "DeleteOnScaledownAndClusterDeletion",
            ...(zoneSpread ? { podDisruptionBudget: { spec: { maxUnavailable: 1, selector } } } : {}),
            nodeSets: [
                {
                    name: "default",
                    count: config.nodes,
                    // Without it Elasticsearch refuses to start unless the node allows 262144 memory maps.
                    ...(config.allowMmap ? {} : { config: { "node.store.allow_mmap": false } }),
                    podTemplate: {
                        metadata: { labels: loggingLabels(envName, "elasticsearch") },
                        spec: {
                            containers: [
                                {
                                    name: "elasticsearch",
                                    env: [{ name: "ES_JAVA_OPTS", value: `-Xms${heap}m -Xmx${heap}m` }],
                                    resources: {
                                        requests: { cpu: config.cpu, memory: config.memory },
                                        limits: { memory: config.memory },
                                    },
                                },
                            ],
                            ...(zoneSpread
                                ? {
                                      affinity: {
                                          podAntiAffinity: {
                                              requiredDuringSchedulingIgnoredDuringExecution: [
                                                  { labelSelector: selector, topologyKey: "kubernetes.io/hostname" },
                                              ],
                                          },
                                      },
                                      topologySpreadConstraints: [
                                          {
                                              maxSkew: 1,
                                              topologyKey: "topology.kubernetes.io/zone",
                                              whenUnsatisfiable: "DoNotSchedule",
                                              labelSelector: selector,
                                          },
                                      ],
                                  }
                                : {}),
                        },
                    },
                    volumeClaimTemplates: [
                        {
                            // ECK mounts the claim of exactly this name as the data directory.
                            metadata: { name: "elasticsearch-data" },
                            spec: {
                                accessModes: ["ReadWriteOnce"],
                                resources: { requests: { storage: config.storage } },
                                ...(config.storageClass !== undefined ? { storageClassName: config.storageClass } : {}),
                            },
                        },
                    ],
                },
            ],
        },
    };
}

export interface KibanaSpecArgs {
    names: LoggingNames;
    config: KibanaConfig;
    /** Kibana must run the same version as the cluster it connects to. */
    version: string;
    envName: string;
}

/** The `Kibana` custom resource (kibana.k8s.elastic.co/v1); its Service stays ClusterIP. */
export function kibanaSpec({ names, config, version, envName }: KibanaSpecArgs) {
    return {
        apiVersion: "kibana.k8s.elastic.co/v1" as const,
        kind: "Kibana" as const,
        metadata: {
            name: names.kibana,
            namespace: names.namespace,
            labels: loggingLabels(envName, "kibana"),
        },
        spec: {
            version,
            count: config.count,
            elasticsearchRef: { name: names.elasticsearch },
            podTemplate: {
                metadata: { labels: loggingLabels(envName, "kibana") },
                spec: {
                    containers: [
                        {
                            name: "kibana",
                            resources: { requests: { memory: config.memory }, limits: { memory: config.memory } },
                        },
                    ],
                },
            },
        },
    };
}

/**
 * An Ingress for Kibana (ingress-nginx annotations). Kibana serves HTTPS with an ECK certificate, so
 * the controller re-encrypts and verifies that certificate against ECK's Kibana CA rather than
 * trusting anything it is shown.
 */
export function kibanaIngressSpec(names: LoggingNames, ingress: NonNullable<KibanaConfig["ingress"]>, envName: string) {
    return {
        apiVersion: "networking.k8s.io/v1" as const,
        kind: "Ingress" as const,
        metadata: {
            name: names.kibana,
            namespace: names.namespace,
            labels: loggingLabels(envName, "kibana"),
            annotations: {
                "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
                "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on",
                "nginx.ingress.kubernetes.io/proxy-ssl-secret": `${names.namespace}/${names.kibanaCaSecret}`,
                "nginx.ingress.kubernetes.io/proxy-ssl-name": names.kibanaHost,
                "nginx.ingress.kubernetes.io/proxy-ssl-server-name": "on",
                ...(ingress.clusterIssuer !== undefined ? { "cert-manager.io/cluster-issuer": ingress.clusterIssuer } : {}),
            },
        },
        spec: {
            ...(ingress.className !== undefined ? { ingressClassName: ingress.className } : {}),
            tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretName }],
            rules: [
                {
                    host: ingress.host,
                    http: {
                        paths: [
                            {
                                path: "/",
                                pathType: "Prefix",
                                backend: { service: { name: `${names.kibana}-kb-http`, port: { number: 5601 } } },
                            },
                        ],
                    },
                },
            ],
        },
    };
}
