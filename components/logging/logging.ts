// Centralised logs for one environment: the ECK operator (Helm), Elasticsearch and Kibana (ECK
// custom resources), a Fluentd DaemonSet that ships every container log of every node with the CA
// verified and the password from ECK's Secret, and a daily retention job.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { Environment } from "../environment";
import { elasticsearchSpec, kibanaIngressSpec, kibanaSpec, loggingLabels, operatorReleaseSpec } from "./specs/elastic";
import {
    fluentdClusterRoleBindingSpec,
    fluentdClusterRoleSpec,
    fluentdConfigMapSpec,
    fluentdDaemonSetSpec,
    fluentdServiceAccountSpec,
    type FluentConfArgs,
} from "./specs/fluentd";
import { loggingNames } from "./names";
import { retentionCronJobSpec } from "./specs/retention";
import type { LoggingConfig } from "./schema";

export interface LoggingArgs {
    environment: Environment;
    config: LoggingConfig;
    /** Zone names deployed in this environment (their logs land in `gameops-<env>-<zone>-*`). */
    zones: string[];
}

/** What the stack exports about logging (`logging` output). */
export interface LoggingOutputs {
    namespace: pulumi.Output<string>;
    elasticsearchUrl: pulumi.Output<string>;
    elasticsearchHost: pulumi.Output<string>;
    kibanaService?: pulumi.Output<string>;
    kibanaUrl?: pulumi.Output<string>;
    elasticUserSecret: pulumi.Output<string>;
    caSecret: pulumi.Output<string>;
    zoneIndexPatterns: pulumi.Output<Record<string, string>>;
}

export class Logging extends pulumi.ComponentResource {
    /** Namespace of Elasticsearch, Kibana, Fluentd and the retention job. */
    readonly namespace: pulumi.Output<string>;
    /** In-cluster Elasticsearch URL (HTTPS, ECK's certificate). */
    readonly elasticsearchUrl: pulumi.Output<string>;
    readonly elasticsearchHost: pulumi.Output<string>;
    /** `host:port` of the Kibana Service, when Kibana is enabled. */
    readonly kibanaService?: pulumi.Output<string>;
    /** `https://<ingress host>`, when Kibana has an Ingress. */
    readonly kibanaUrl?: pulumi.Output<string>;
    /** Name of ECK's Secret holding the `elastic` user's password (key `elastic`); never its value. */
    readonly elasticUserSecret: pulumi.Output<string>;
    /** Name of ECK's Secret holding the Elasticsearch HTTP CA (`ca.crt`). */
    readonly caSecret: pulumi.Output<string>;
    /** Kibana index pattern per zone: `gameops-<env>-<zone>-*`. */
    readonly zoneIndexPatterns: pulumi.Output<Record<string, string>>;
    /** Everything above as one typed value, for the stack outputs. */
    readonly outputs: LoggingOutputs;

    constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("gameops:logging:Logging", name, {}, opts);
        const { environment: env, config } = args;
        const names = loggingNames(env.namePrefix);
        const child = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({
            parent: this,
            provider: env.k8sProvider,
            ...extra,
        });
        // What holds log data, and the operator (its release owns the CRDs whose removal deletes every
        // Elasticsearch resource), is protected in prod and kept if the stack is destroyed anyway.
        const data = { protect: env.protect, retainOnDelete: env.protect };

        const operatorNamespace = new k8s.core.v1.Namespace(
            `${name}-operator-ns`,
            { metadata: { name: names.operatorNamespace, labels: loggingLabels(env.envName, "eck-operator") } },
            child(data),
        );
        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: names.namespace, labels: loggingLabels(env.envName, "logging") } },
            child(data),
        );
        const operator = new k8s.helm.v3.Release(
            `${name}-eck-operator`,
            operatorReleaseSpec(names, config),
            child({ ...data, dependsOn: [operatorNamespace] }),
        );
        const elasticsearch = new k8s.apiextensions.CustomResource(
            `${name}-elasticsearch`,
            elasticsearchSpec({ names, config: config.elasticsearch, envName: env.envName, protect: env.protect }),
            child({ ...data, dependsOn: [operator, namespace], customTimeouts: { create: "20m", update: "30m" } }),
        );

        let kibanaService: string | undefined;
        let kibanaUrl: string | undefined;
        if (config.kibana.enabled) {
            const kibana = new k8s.apiextensions.CustomResource(
                `${name}-kibana`,
                kibanaSpec({ names, config: config.kibana, version: config.elasticsearch.version, envName: env.envName }),
                child({ dependsOn: [operator, namespace, elasticsearch] }),
            );
            kibanaService = `${names.kibanaHost}:5601`;
            if (config.kibana.ingress !== undefined) {
                new k8s.networking.v1.Ingress(`${name}-kibana`, kibanaIngressSpec(names, config.kibana.ingress, env.envName), child({ dependsOn: [kibana] }));
                kibanaUrl = `https://${config.kibana.ingress.host}`;
            }
        }

        const confArgs: FluentConfArgs = {
            names,
            envName: env.envName,
            replicas: Math.min(config.elasticsearch.nodes - 1, 1),
        };
        const configMap = fluentdConfigMapSpec(confArgs);
        const configHash = createHash("sha256").update(JSON.stringify(configMap.data)).digest("hex").slice(0, 16);
        const fluentdConfig = new k8s.core.v1.ConfigMap(`${name}-fluentd`, configMap, child({ dependsOn: [namespace] }));
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-fluentd`,
            fluentdServiceAccountSpec(names, env.envName),
            child({ dependsOn: [namespace] }),
        );
        const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-fluentd`, fluentdClusterRoleSpec(names, env.envName), child());
        const binding = new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-fluentd`,
            fluentdClusterRoleBindingSpec(names, env.envName),
            child({ dependsOn: [clusterRole, serviceAccount] }),
        );
        // After Elasticsearch: the pods need ECK's password and CA Secrets to start.
        new k8s.apps.v1.DaemonSet(
            `${name}-fluentd`,
            fluentdDaemonSetSpec({ names, config: config.fluentd, envName: env.envName, configHash }),
            child({ dependsOn: [fluentdConfig, binding, elasticsearch] }),
        );
        new k8s.batch.v1.CronJob(
            `${name}-retention`,
            retentionCronJobSpec({ names, retentionDays: config.retentionDays, envName: env.envName }),
            child({ dependsOn: [elasticsearch] }),
        );

        const known = <T>(value: T) => elasticsearch.urn.apply(() => value);
        this.namespace = namespace.metadata.name;
        this.elasticsearchUrl = known(names.elasticsearchUrl);
        this.elasticsearchHost = known(names.elasticsearchHost);
        if (kibanaService !== undefined) this.kibanaService = known(kibanaService);
        if (kibanaUrl !== undefined) this.kibanaUrl = known(kibanaUrl);
        this.elasticUserSecret = known(names.elasticUserSecret);
        this.caSecret = known(names.caSecret);
        this.zoneIndexPatterns = known(Object.fromEntries(args.zones.map((zone) => [zone, `${names.indexPrefix}${env.envName}-${zone}-*`])));
        this.outputs = {
            namespace: this.namespace,
            elasticsearchUrl: this.elasticsearchUrl,
            elasticsearchHost: this.elasticsearchHost,
            ...(this.kibanaService !== undefined ? { kibanaService: this.kibanaService } : {}),
            ...(this.kibanaUrl !== undefined ? { kibanaUrl: this.kibanaUrl } : {}),
            elasticUserSecret: this.elasticUserSecret,
            caSecret: this.caSecret,
            zoneIndexPatterns: this.zoneIndexPatterns,
        };
        this.registerOutputs({ ...this.outputs });
    }
}
