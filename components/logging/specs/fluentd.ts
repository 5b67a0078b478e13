// Pure specs of the Fluentd side: the configuration that replaces the image's default one, RBAC,
// and the DaemonSet that ships every container log of every node to Elasticsearch.
import { loggingLabels } from "./elastic";
import { caFile, caMountPath, type LoggingNames } from "../names";
import type { FluentdConfig } from "../schema";

const fluentdImage = "fluent/fluentd-kubernetes-daemonset";

/** Per-node state (tail positions, the file buffer) on the host, so a restart neither loses nor resends logs. */
export const stateDir = "/var/lib/gameops-fluentd";

export interface FluentConfArgs {
    names: LoggingNames;
    /** This environment's name: the index's env part for pods whose namespace has no `gameops.io/env`. */
    envName: string;
    /** Replicas of each index: 0 on a one-node cluster (a replica could never be assigned there). */
    replicas: number;
}

// kubernetes_metadata de-dots label keys by default (`gameops.io/zone` → `gameops_io/zone`); both
// spellings are read so a change of that default cannot silently send a zone to the system index.
function labelExpr(label: "zone" | "env", fallback: string): string {
    const keys = [`gameops_io/${label}`, `gameops.io/${label}`];
    const lookups = keys.flatMap((k) => [`record.dig("kubernetes", "namespace_labels", "${k}")`, `record.dig("kubernetes", "labels", "${k}")`]);
    // Only DNS labels reach an index name (Elasticsearch index names must be lowercase, no '*', ...).
    return `\${v = ${lookups.join(" || ")}; v.is_a?(String) && v.match?(/\\A[a-z][-a-z0-9]*\\z/) ? v : "${fallback}"}`;
}

/** The whole Fluentd configuration (`fluent.conf`); the image's own files are not used. */
export function fluentConf({ names, envName }: FluentConfArgs): string {
    return `# Written by gameops (components/logging/fluentd.ts); replaces the image's default configuration.
<source>
  @type tail
  @id containers
  path /var/log/containers/*.log
  # Fluentd's own output must not feed back into itself.
  exclude_path ["/var/log/containers/*_${names.namespace}_${names.fluentd}-*.log"]
  pos_file ${stateDir}/containers.log.pos
  tag kubernetes.*
  read_from_head true
  follow_inodes true
  # containerd and CRI-O (every supported Kubernetes since dockershim left) write the CRI log format.
  <parse>
    @type cri
  </parse>
</source>

# Our services log JSON (pino); its fields land under "app". Other lines are kept as they are.
<filter kubernetes.**>
  @type parser
  @id app_json
  key_name message
  reserve_data true
  hash_value_field app
  emit_invalid_record_to_error false
  <parse>
    @type json
  </parse>
</filter>

<filter kubernetes.**>
  @type kubernetes_metadata
  @id kubernetes_metadata
</filter>

# Zone and environment come from the namespace (or pod) labels the zones set; pods of no zone are "system".
<filter kubernetes.**>
  @type record_transformer
  @id gameops_labels
  enable_ruby true
  <record>
    gameops_zone ${labelExpr("zone", "system")}
    gameops_env ${labelExpr("env", envName)}
  </record>
</filter>

<filter kubernetes.**>
  @type record_transformer
  @id gameops_index
  enable_ruby true
  <record>
    gameops_index ${names.indexPrefix}\${record["gameops_env"]}-\${record["gameops_zone"]}-\${Time.at(time.to_i).utc.strftime("%Y.%m.%d")}
  </record>
</filter>

<match kubernetes.**>
  @type elasticsearch
  @id elasticsearch
  host "#{ENV['FLUENT_ELASTICSEARCH_HOST']}"
  port "#{ENV['FLUENT_ELASTICSEARCH_PORT']}"
  scheme https
  ssl_verify true
  ca_file ${caFile}
  user elastic
  password "#{ENV['FLUENT_ELASTICSEARCH_PASSWORD']}"
  # The index is gameops-<env>-<zone>-YYYY.MM.DD, computed above; the key is removed from the document.
  target_index_key gameops_index
  index_name ${names.indexPrefix}${envName}-system
  include_timestamp true
  suppress_type_name true
  # Elasticsearch sits behind its Service; node discovery would bypass the verified host name.
  reload_connections false
  reconnect_on_error true
  reload_on_failure true
  log_es_400_reason true
  template_name ${names.indexPrefix}logs
  template_file /fluentd/etc/index-template.json
  use_legacy_template false
  template_overwrite true
  <buffer>
    @type file
    path ${stateDir}/buffer
    flush_mode interval
    flush_interval 5s
    flush_thread_count 2
    chunk_limit_size 8MB
    total_limit_size 1GB
    overflow_action drop_oldest_chunk
    retry_type exponential_backoff
    retry_max_interval 60s
    retry_forever true
  </buffer>
</match>
`;
}

/** The composable index template Fluentd installs for every `gameops-*` index. */
export function indexTemplate({ names, replicas }: FluentConfArgs): string {
    return JSON.stringify(
        {
            index_patterns: [`${names.indexPrefix}*`],
            priority: 200,
            template: {
                settings: { number_of_shards: 1, number_of_replicas: replicas },
                mappings: {
                    properties: {
                        gameops_zone: { type: "keyword" },
                        gameops_env: { type: "keyword" },
                    },
                },
            },
        },
        null,
        2,
    );
}

export function fluentdConfigMapSpec(args: FluentConfArgs) {
    return {
        apiVersion: "v1" as const,
        kind: "ConfigMap" as const,
        metadata: { name: args.names.fluentd, namespace: args.names.namespace, labels: loggingLabels(args.envName, "fluentd") },
        data: { "fluent.conf": fluentConf(args), "index-template.json": indexTemplate(args) },
    };
}

export function fluentdServiceAccountSpec(names: LoggingNames, envName: string) {
    return {
        apiVersion: "v1" as const,
        kind: "ServiceAccount" as const,
        metadata: { name: names.fluentd, namespace: names.namespace, labels: loggingLabels(envName, "fluentd") },
    };
}

/** Read-only access to what the kubernetes_metadata filter looks up; nothing else cluster-wide. */
export function fluentdClusterRoleSpec(names: LoggingNames, envName: string) {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "ClusterRole" as const,
        metadata: { name: names.fluentdClusterRole, labels: loggingLabels(envName, "fluentd") },
        rules: [{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }],
    };
}

export function fluentdClusterRoleBindingSpec(names: LoggingNames, envName: string) {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "ClusterRoleBinding" as const,
        metadata: { name: names.fluentdClusterRole, labels: loggingLabels(envName, "fluentd") },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: names.fluentdClusterRole },
        subjects: [{ kind: "ServiceAccount", name: names.fluentd, namespace: names.namespace }],
    };
}

export interface DaemonSetArgs {
    names: LoggingNames;
    config: FluentdConfig;
    envName: string;
    /** Hash of the configuration, so a config change rolls the pods. */
    configHash: string;
}

export function fluentdDaemonSetSpec({ names, config, envName, configHash }: DaemonSetArgs) {
    const labels = { ...loggingLabels(envName, "fluentd"), "app.kubernetes.io/name": "fluentd" };
    const selector = { "app.kubernetes.io/name": "fluentd", "app.kubernetes.io/component": "fluentd" };
    return {
        apiVersion: "apps/v1" as const,
        kind: "DaemonSet" as const,
        metadata: { name: names.fluentd, namespace: names.namespace, labels },
        spec: {
            selector: { matchLabels: selector },
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
            template: {
                metadata: { labels, annotations: { "gameops.io/config-hash": configHash } },
                spec: {
                    serviceAccountName: names.fluentd,
                    // Every node, whatever its taints: a node whose logs are not shipped is a blind spot.
                    tolerations: [{ operator: "Exists" }],
                    terminationGracePeriodSeconds: 30,
                    containers: [
                        {
                            name: "fluentd",
                            image: `${fluentdImage}:${config.imageTag}`,
                            env: [
                                { name: "FLUENTD_CONF", value: "fluent.conf" },
                                { name: "FLUENT_ELASTICSEARCH_HOST", value: names.elasticsearchHost },
                                { name: "FLUENT_ELASTICSEARCH_PORT", value: "9200" },
                                {
                                    name: "FLUENT_ELASTICSEARCH_PASSWORD",
                                    valueFrom: { secretKeyRef: { name: names.elasticUserSecret, key: "elastic" } },
                                },
                                // The metadata filter then watches only this node's pods.
                                { name: "K8S_NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
                            ],
                            resources: {
                                requests: { cpu: config.cpu, memory: config.memory },
                                limits: { memory: config.memory },
                            },
                            securityContext: {
                                // Container log files on the host are root-owned 0640.
                                runAsUser: 0,
                                runAsNonRoot: false,
                                allowPrivilegeEscalation: false,
                                readOnlyRootFilesystem: true,
                                capabilities: { drop: ["ALL"] },
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            volumeMounts: [
                                { name: "config", mountPath: "/fluentd/etc", readOnly: true },
                                { name: "eck-ca", mountPath: caMountPath, readOnly: true },
                                { name: "varlog", mountPath: "/var/log", readOnly: true },
                                { name: "state", mountPath: stateDir },
                                { name: "tmp", mountPath: "/tmp" },
                            ],
                        },
                    ],
                    volumes: [
                        { name: "config", configMap: { name: names.fluentd } },
                        { name: "eck-ca", secret: { secretName: names.caSecret, items: [{ key: "ca.crt", path: "ca.crt" }] } },
                        { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
                        // The only writable host path: Fluentd's own positions and buffer, never the logs.
                        { name: "state", hostPath: { path: stateDir, type: "DirectoryOrCreate" } },
                        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                    ],
                },
            },
        },
    };
}
