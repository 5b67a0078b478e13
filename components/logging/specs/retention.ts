// Pure spec of log retention: a daily CronJob that deletes the `gameops-*` indices whose day is more
// than `retentionDays` before today, through the Elasticsearch API with the CA verified.
import { loggingLabels } from "./elastic";
import { caFile, caMountPath, type LoggingNames } from "../names";

export const retentionImage = "curlimages/curl:8.11.1";
/** Daily, after midnight UTC, when yesterday's indices have stopped growing. */
export const retentionSchedule = "30 0 * * *";
/** The image's non-root `curl_user`. */
const curlUid = 100;
const curlGid = 101;

/**
 * The job's shell script (busybox sh). Index names end in `YYYY.MM.DD` (UTC, as Fluentd writes them);
 * an index is deleted when that day is before `today - RETENTION_DAYS`, so no log younger than
 * RETENTION_DAYS days is ever deleted. Deletes name each index: Elasticsearch 8 refuses wildcard
 * deletes (`action.destructive_requires_name`). `RETENTION_NOW` (epoch seconds) stands in for the
 * clock in tests; the CronJob never sets it.
 */
export const retentionScript = `set -eu
: "\${ES_URL:?}" "\${ES_PASSWORD:?}" "\${INDEX_PREFIX:?}" "\${RETENTION_DAYS:?}"
now="\${RETENTION_NOW:-$(date -u +%s)}"
cutoff=$(date -u -d "@$((now - RETENTION_DAYS * 86400))" +%Y%m%d)
# The password reaches curl on stdin, never on its command line.
es() { printf 'user = "elastic:%s"\\n' "$ES_PASSWORD" | curl --silent --show-error --fail --cacert ${caFile} --config - "$@"; }
indices=$(es "$ES_URL/_cat/indices/\${INDEX_PREFIX}*?h=index&expand_wildcards=open,closed")
deleted=0
for index in $indices; do
  day=\${index##*-}
  case "$day" in
    [0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]) ;;
    *) continue ;;
  esac
  if [ "$(echo "$day" | tr -d .)" -lt "$cutoff" ]; then
    es -X DELETE "$ES_URL/$index" > /dev/null
    echo "deleted $index"
    deleted=$((deleted + 1))
  fi
done
echo "retention: kept indices from $cutoff on, deleted $deleted"
`;

export interface RetentionArgs {
    names: LoggingNames;
    retentionDays: number;
    envName: string;
}

export function retentionCronJobSpec({ names, retentionDays, envName }: RetentionArgs) {
    const labels = loggingLabels(envName, "log-retention");
    return {
        apiVersion: "batch/v1" as const,
        kind: "CronJob" as const,
        metadata: { name: names.retention, namespace: names.namespace, labels },
        spec: {
            schedule: retentionSchedule,
            timeZone: "Etc/UTC",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
                spec: {
                    backoffLimit: 3,
                    activeDeadlineSeconds: 900,
                    template: {
                        metadata: { labels },
                        spec: {
                            restartPolicy: "Never",
                            automountServiceAccountToken: false,
                            securityContext: {
                                runAsNonRoot: true,
                                runAsUser: curlUid,
                                runAsGroup: curlGid,
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            containers: [
                                {
                                    name: "retention",
                                    image: retentionImage,
                                    command: ["/bin/sh", "-c", retentionScript],
                                    env: [
                                        { name: "ES_URL", value: names.elasticsearchUrl },
                                        {
                                            name: "ES_PASSWORD",
                                            valueFrom: { secretKeyRef: { name: names.elasticUserSecret, key: "elastic" } },
                                        },
                                        { name: "INDEX_PREFIX", value: names.indexPrefix },
                                        { name: "RETENTION_DAYS", value: String(retentionDays) },
                                    ],
                                    resources: {
                                        requests: { cpu: "10m", memory: "16Mi" },
                                        limits: { memory: "64Mi" },
                                    },
                                    securityContext: {
                                        allowPrivilegeEscalation: false,
                                        readOnlyRootFilesystem: true,
                                        capabilities: { drop: ["ALL"] },
                                    },
                                    volumeMounts: [{ name: "eck-ca", mountPath: caMountPath, readOnly: true }],
                                },
                            ],
                            volumes: [
                                {
                                    name: "eck-ca",
                                    secret: { secretName: names.caSecret, items: [{ key: "ca.crt", path: "ca.crt" }] },
                                },
                            ],
                        },
                    },
                },
            },
        },
    };
}
