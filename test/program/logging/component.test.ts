import assert from "node:assert/strict";
import { only, optionsOf, runLogging, type LoggingRun } from "./fixture";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    es: "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch",
    kibana: "kubernetes:kibana.k8s.elastic.co/v1:Kibana",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    namespace: "kubernetes:core/v1:Namespace",
    configMap: "kubernetes:core/v1:ConfigMap",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    binding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    cronJob: "kubernetes:batch/v1:CronJob",
} as const;

const ingress = { host: "kibana.dev.example.com", tlsSecretName: "kibana-tls" };

describe("Logging", () => {
    let dev: LoggingRun;
    let prod: LoggingRun;
    before(async () => {
        dev = await runLogging({ retentionDays: 3 });
        prod = await runLogging({ elasticsearch: { nodes: 3, storage: "100Gi" }, kibana: { count: 2, ingress } }, { envName: "prod", protect: true });
    });

    describe("#wiring", () => {
        it("must register the operator release, Elasticsearch, Kibana and the Fluentd objects", () => {
            const types = dev.resources
                .map((r) => r.type)
                .filter((t) => t.startsWith("kubernetes:"))
                .sort();
            assert.deepEqual(
                types,
                [T.release, T.namespace, T.namespace, T.configMap, T.serviceAccount, T.daemonSet, T.cronJob, T.es, T.kibana, T.clusterRole, T.binding].sort(),
            );
        });

        it("must register every Kubernetes object with the environment's provider, as a child of the component", () => {
            for (const run of [dev, prod]) {
                for (const o of run.options.filter((o) => o.type.startsWith("kubernetes:"))) {
                    assert.equal(o.providerType, "pulumi:providers:kubernetes::k8s", `${o.type}::${o.name} provider`);
                    assert.equal(o.parent, "gameops:logging:Logging::logging", `${o.type}::${o.name} parent`);
                }
            }
        });

        it("must install the operator into its own namespace before the custom resources", () => {
            const release = only(dev, T.release);
            assert.equal(release.inputs.chart, "eck-operator");
            assert.equal(release.inputs.version, "2.16.1");
            assert.equal(release.inputs.namespace, "elastic-system");
            assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://helm.elastic.co" });
            assert.deepEqual(optionsOf(dev, T.release, "logging-eck-operator").dependsOn, [`${T.namespace}::logging-operator-ns`]);
            for (const [type, name] of [
                [T.es, "logging-elasticsearch"],
                [T.kibana, "logging-kibana"],
            ] as const) {
                assert.ok(optionsOf(dev, type, name).dependsOn.includes(`${T.release}::logging-eck-operator`), `${name} waits for the operator`);
            }
            const names = dev.resources
                .filter((r) => r.type === T.namespace)
                .map((r) => r.inputs.metadata.name)
                .sort();
            assert.deepEqual(names, ["elastic-system", "logging"]);
        });

        it("must start Fluentd and the retention job only after Elasticsearch (they need its Secrets)", () => {
            for (const [type, name] of [
                [T.daemonSet, "logging-fluentd"],
                [T.cronJob, "logging-retention"],
            ] as const) {
                assert.ok(optionsOf(dev, type, name).dependsOn.includes(`${T.es}::logging-elasticsearch`), name);
            }
        });

        it("must carry the configured size into Elasticsearch and the retention job", () => {
            const es = only(prod, T.es).inputs;
            assert.equal(es.spec.nodeSets[0].count, 3);
            assert.equal(es.spec.nodeSets[0].volumeClaimTemplates[0].spec.resources.requests.storage, "100Gi");
            const env = only(dev, T.cronJob).inputs.spec.jobTemplate.spec.template.spec.containers[0].env;
            assert.equal(env.find((e: { name: string }) => e.name === "RETENTION_DAYS").value, "3");
        });

        it("must give one-node clusters index replicas 0 and bigger ones 1", () => {
            const replicas = (run: LoggingRun) => JSON.parse(only(run, T.configMap).inputs.data["index-template.json"]).template.settings.number_of_replicas;
            assert.equal(replicas(dev), 0);
            assert.equal(replicas(prod), 1);
        });

        it("must roll Fluentd when its configuration changes", async () => {
            const hash = (run: LoggingRun) => only(run, T.daemonSet).inputs.spec.template.metadata.annotations["gameops.io/config-hash"];
            assert.match(hash(dev), /^[0-9a-f]{16}$/);
            assert.notEqual(hash(dev), hash(prod));
            assert.equal(hash(await runLogging({ retentionDays: 3 })), hash(dev));
        });
    });

    describe("#protection", () => {
        it("must protect and retain Elasticsearch, the operator (CRDs) and their namespaces in a protected environment", () => {
            const kept = [
                [T.es, "logging-elasticsearch"],
                [T.namespace, "logging-ns"],
                [T.release, "logging-eck-operator"],
                [T.namespace, "logging-operator-ns"],
            ] as const;
            for (const [type, name] of kept) {
                const o = optionsOf(prod, type, name);
                assert.equal(o.protect, true, `${name} protect`);
                assert.equal(o.retainOnDelete, true, `${name} retainOnDelete`);
                assert.equal(optionsOf(dev, type, name).protect, false, `${name} unprotected in dev`);
            }
            assert.equal(only(prod, T.es).inputs.spec.volumeClaimDeletePolicy, "DeleteOnScaledownOnly");
        });
    });

    describe("#kibana", () => {
        it("must stay inside the cluster unless an ingress is configured", () => {
            assert.equal(
                dev.resources.some((r) => r.type === T.ingress),
                false,
            );
            assert.equal("kibanaUrl" in dev.outputs, false);
            const ing = only(prod, T.ingress).inputs;
            assert.deepEqual(ing.spec.tls, [{ hosts: ["kibana.dev.example.com"], secretName: "kibana-tls" }]);
            assert.equal(prod.outputs.kibanaUrl, "https://kibana.dev.example.com");
            assert.equal(only(prod, T.kibana).inputs.spec.count, 2);
        });

        it("must register no Kibana (and no ingress) when it is disabled", async () => {
            for (const kibana of [false, { enabled: false, count: 2 }]) {
                const run = await runLogging({ kibana });
                assert.equal(
                    run.resources.some((r) => r.type === T.kibana || r.type === T.ingress),
                    false,
                );
                assert.equal("kibanaService" in run.outputs, false);
                assert.ok(run.resources.some((r) => r.type === T.es));
            }
        });
    });

    describe("#outputs", () => {
        it("must expose hosts, services and Secret names, never a Secret's value", () => {
            assert.deepEqual(dev.outputs, {
                namespace: "logging",
                elasticsearchUrl: "https://logs-es-http.logging.svc:9200",
                elasticsearchHost: "logs-es-http.logging.svc",
                kibanaService: "logs-kb-http.logging.svc:5601",
                elasticUserSecret: "logs-es-elastic-user",
                caSecret: "logs-es-http-certs-public",
                zoneIndexPatterns: { s101: "gameops-dev-s101-*", s102: "gameops-dev-s102-*" },
            });
        });
    });

    describe("#names", () => {
        it("must prefix namespaces and cluster-scoped names with the environment's namePrefix", async () => {
            const run = await runLogging({}, { envName: "dev-alice", namePrefix: "dev-alice-" });
            const nsNames = run.resources
                .filter((r) => r.type === T.namespace)
                .map((r) => r.inputs.metadata.name)
                .sort();
            assert.deepEqual(nsNames, ["dev-alice-elastic-system", "dev-alice-logging"]);
            assert.equal(only(run, T.clusterRole).inputs.metadata.name, "dev-alice-gameops-fluentd");
            assert.equal(only(run, T.binding).inputs.metadata.name, "dev-alice-gameops-fluentd");
            assert.equal(only(run, T.release).inputs.name, "dev-alice-elastic-operator");
            for (const r of run.resources.filter((r) => r.inputs.metadata?.namespace !== undefined)) {
                assert.equal(r.inputs.metadata.namespace, "dev-alice-logging", `${r.type}::${r.name}`);
            }
        });
    });

    describe("#secrets", () => {
        it("must hold no literal password or disabled TLS verification anywhere in its inputs", () => {
            for (const run of [dev, prod]) {
                const text = JSON.stringify(run.resources.map((r) => r.inputs));
                assert.doesNotMatch(text, /SSL_VERIFY/);
                assert.doesNotMatch(text, /ssl_verify\s+false/i);
                assert.match(text, /ssl_verify true/);
                assert.doesNotMatch(text, /"name":"[A-Z_]*PASSWORD","value"/);
                assert.doesNotMatch(text, /(^| )(-k|--insecure)( |$)/m);
            }
        });
    });
});
