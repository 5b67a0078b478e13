// Every name the logging objects use, derived once from the environment, so specs, outputs, the
// README and tests agree. Namespaced objects live in the logging namespace and need no prefix;
// cluster-scoped ones (and the namespaces) carry `namePrefix` so a second stack never collides.

/** The ECK `Elasticsearch` and `Kibana` resource name; ECK derives its Services and Secrets from it. */
const clusterName = "logs";

export interface LoggingNames {
    /** Namespace of the ECK operator. */
    operatorNamespace: string;
    /** Helm release name of the ECK operator. */
    operatorRelease: string;
    /** Namespace of Elasticsearch, Kibana, Fluentd and the retention job. */
    namespace: string;
    elasticsearch: string;
    kibana: string;
    /** ECK's generated Secret with the `elastic` user's password (key `elastic`). */
    elasticUserSecret: string;
    /** ECK's Secret with the CA (`ca.crt`) that signed the Elasticsearch HTTP certificate. */
    caSecret: string;
    /** The Elasticsearch HTTP Service host name, one of the SANs of ECK's certificate. */
    elasticsearchHost: string;
    elasticsearchUrl: string;
    kibanaHost: string;
    /** ECK's Secret with the CA of Kibana's HTTP certificate (for an Ingress that verifies it). */
    kibanaCaSecret: string;
    /** Cluster-scoped RBAC names for Fluentd. */
    fluentdClusterRole: string;
    fluentd: string;
    retention: string;
    /** Every index this stack's Fluentd writes starts with this. */
    indexPrefix: string;
}

export function loggingNames(namePrefix: string): LoggingNames {
    const namespace = `${namePrefix}logging`;
    const elasticsearchHost = `${clusterName}-es-http.${namespace}.svc`;
    return {
        operatorNamespace: `${namePrefix}elastic-system`,
        operatorRelease: `${namePrefix}elastic-operator`,
        namespace,
        elasticsearch: clusterName,
        kibana: clusterName,
        elasticUserSecret: `${clusterName}-es-elastic-user`,
        caSecret: `${clusterName}-es-http-certs-public`,
        elasticsearchHost,
        elasticsearchUrl: `https://${elasticsearchHost}:9200`,
        kibanaHost: `${clusterName}-kb-http.${namespace}.svc`,
        kibanaCaSecret: `${clusterName}-kb-http-certs-public`,
        fluentdClusterRole: `${namePrefix}gameops-fluentd`,
        fluentd: "fluentd",
        retention: "log-retention",
        indexPrefix: "gameops-",
    };
}

/** Where the Elasticsearch CA is mounted in Fluentd and the retention job. */
export const caMountPath = "/etc/eck-ca";
export const caFile = `${caMountPath}/ca.crt`;
