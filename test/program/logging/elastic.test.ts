import assert from "node:assert/strict";
import { elasticsearchSpec, heapMi, kibanaIngressSpec, kibanaSpec, operatorReleaseSpec } from "../../../components/logging/specs/elastic";
import { loggingNames } from "../../../components/logging/names";
import { loggingSchema } from "../../../components/logging/schema";

const names = loggingNames("");
const cfg = (raw: Record<string, unknown> = {}) => loggingSchema.parse({ enabled: true, ...raw });

/** The fields ECK's CRDs mark required (elasticsearch.k8s.elastic.co/v1, kibana.k8s.elastic.co/v1). */
function assertElasticsearchRequired(es: ReturnType<typeof elasticsearchSpec>) {
    assert.equal(es.apiVersion, "elasticsearch.k8s.elastic.co/v1");
    assert.equal(es.kind, "Elasticsearch");
    assert.match(es.spec.version, /^\d+\.\d+\.\d+$/);
    assert.ok(es.spec.nodeSets.length >= 1);
    for (const set of es.spec.nodeSets) {
        assert.match(set.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        assert.ok(Number.isInteger(set.count) && set.count >= 1);
    }
}

describe("Logging Elastic specs", () => {
    describe("#operatorReleaseSpec", () => {
        it("must install the pinned eck-operator chart from helm.elastic.co with its CRDs, managing only the logging namespace", () => {
            const spec = operatorReleaseSpec(loggingNames("alice-"), cfg({ operatorVersion: "3.1.0" }));
            assert.equal(spec.chart, "eck-operator");
            assert.equal(spec.version, "3.1.0");
            assert.deepEqual(spec.repositoryOpts, { repo: "https://helm.elastic.co" });
            assert.equal(spec.namespace, "alice-elastic-system");
            assert.equal(spec.name, "alice-elastic-operator");
            assert.equal(spec.values.installCRDs, true);
            assert.deepEqual(spec.values.managedNamespaces, ["alice-logging"]);
        });
    });

    describe("#elasticsearchSpec", () => {
        it("must carry the documented required fields and the configured version, count, storage and class", () => {
            const es = elasticsearchSpec({
                names,
                config: cfg({ elasticsearch: { version: "8.17.2", nodes: 3, storage: "50Gi", storageClass: "alicloud-disk-essd" } }).elasticsearch,
                envName: "dev",
                protect: false,
            });
            assertElasticsearchRequired(es);
            assert.equal(es.metadata.name, "logs");
            assert.equal(es.metadata.namespace, "logging");
            assert.equal(es.spec.version, "8.17.2");
            assert.equal(es.spec.nodeSets[0].count, 3);
            const claim = es.spec.nodeSets[0].volumeClaimTemplates[0];
            assert.equal(claim.metadata.name, "elasticsearch-data");
            assert.deepEqual(claim.spec.resources.requests, { storage: "50Gi" });
            assert.equal(claim.spec.storageClassName, "alicloud-disk-essd");
        });

        it("must leave the storage class to the cluster default when none is configured", () => {
            const es = elasticsearchSpec({ names, config: cfg().elasticsearch, envName: "dev", protect: false });
            assert.equal("storageClassName" in es.spec.nodeSets[0].volumeClaimTemplates[0].spec, false);
        });

        for (const [memory, heap] of [
            ["2Gi", 1024],
            ["3Gi", 1536],
            ["1536Mi", 768],
            ["1025Mi", 512],
            ["64Gi", 31 * 1024 - 1],
        ] as const) {
            it(`must size the JVM heap from memory ${memory} to ${heap}m with equal requests and limits`, () => {
                assert.equal(heapMi(memory), heap);
                const es = elasticsearchSpec({ names, config: cfg({ elasticsearch: { memory } }).elasticsearch, envName: "dev", protect: false });
                const container = es.spec.nodeSets[0].podTemplate.spec.containers[0];
                assert.equal(container.name, "elasticsearch");
                assert.deepEqual(container.env, [{ name: "ES_JAVA_OPTS", value: `-Xms${heap}m -Xmx${heap}m` }]);
                assert.equal(container.resources.requests.memory, memory);
                assert.equal(container.resources.limits.memory, memory);
            });
        }

        it("must set node.store.allow_mmap false only when allowMmap is false", () => {
            const on = elasticsearchSpec({ names, config: cfg().elasticsearch, envName: "dev", protect: false });
            assert.equal("config" in on.spec.nodeSets[0], false);
            const off = elasticsearchSpec({ names, config: cfg({ elasticsearch: { allowMmap: false } }).elasticsearch, envName: "dev", protect: false });
            assert.deepEqual((off.spec.nodeSets[0] as { config?: unknown }).config, { "node.store.allow_mmap": false });
        });

        it("must spread nodes over hosts and zones with a PodDisruptionBudget in a protected environment", () => {
            const es = elasticsearchSpec({ names, config: cfg({ elasticsearch: { nodes: 3 } }).elasticsearch, envName: "prod", protect: true });
            const selector = { matchLabels: { "elasticsearch.k8s.elastic.co/cluster-name": "logs" } };
            assert.deepEqual(es.spec.podDisruptionBudget, { spec: { maxUnavailable: 1, selector } });
            const pod = es.spec.nodeSets[0].podTemplate.spec as Record<string, any>;
            assert.deepEqual(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, [
                { labelSelector: selector, topologyKey: "kubernetes.io/hostname" },
            ]);
            assert.deepEqual(pod.topologySpreadConstraints, [
                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
            ]);
        });

        it("must leave placement to ECK's defaults in an unprotected environment unless zoneSpread says otherwise", () => {
            const dev = elasticsearchSpec({ names, config: cfg().elasticsearch, envName: "dev", protect: false });
            assert.equal("podDisruptionBudget" in dev.spec, false);
            assert.equal("affinity" in dev.spec.nodeSets[0].podTemplate.spec, false);
            const forced = elasticsearchSpec({ names, config: cfg({ elasticsearch: { zoneSpread: true } }).elasticsearch, envName: "dev", protect: false });
            assert.ok("podDisruptionBudget" in forced.spec);
            const relaxed = elasticsearchSpec({ names, config: cfg({ elasticsearch: { zoneSpread: false } }).elasticsearch, envName: "prod", protect: true });
            assert.equal("podDisruptionBudget" in relaxed.spec, false);
        });

        it("must keep the data volumes when the Elasticsearch resource is deleted in a protected environment", () => {
            const prod = elasticsearchSpec({ names, config: cfg().elasticsearch, envName: "prod", protect: true });
            assert.equal(prod.spec.volumeClaimDeletePolicy, "DeleteOnScaledownOnly");
            const dev = elasticsearchSpec({ names, config: cfg().elasticsearch, envName: "dev", protect: false });
            assert.equal(dev.spec.volumeClaimDeletePolicy, "DeleteOnScaledownAndClusterDeletion");
        });
    });

    describe("#kibanaSpec", () => {
        it("must carry version, count and elasticsearchRef to the cluster, at the cluster's version", () => {
            const config = cfg({ elasticsearch: { version: "8.16.1" }, kibana: { count: 2 } });
            const kb = kibanaSpec({ names, config: config.kibana, version: config.elasticsearch.version, envName: "dev" });
            assert.equal(kb.apiVersion, "kibana.k8s.elastic.co/v1");
            assert.equal(kb.kind, "Kibana");
            assert.equal(kb.spec.version, "8.16.1");
            assert.equal(kb.spec.count, 2);
            assert.deepEqual(kb.spec.elasticsearchRef, { name: "logs" });
            assert.equal(kb.metadata.namespace, "logging");
            // No http.service override: ECK's default ClusterIP Service, reachable only inside the cluster.
            assert.equal("http" in kb.spec, false);
        });
    });

    describe("#kibanaIngressSpec", () => {
        const ingress = { host: "kibana.dev.example.com", tlsSecretName: "kibana-tls", className: "nginx", clusterIssuer: "letsencrypt" };

        it("must terminate TLS with the configured Secret and route to the Kibana Service", () => {
            const spec = kibanaIngressSpec(names, ingress, "dev");
            assert.deepEqual(spec.spec.tls, [{ hosts: ["kibana.dev.example.com"], secretName: "kibana-tls" }]);
            assert.equal(spec.spec.ingressClassName, "nginx");
            assert.deepEqual(spec.spec.rules[0].http.paths[0].backend, { service: { name: "logs-kb-http", port: { number: 5601 } } });
            assert.equal(spec.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt");
        });

        it("must verify Kibana's certificate against ECK's Kibana CA instead of trusting it blindly", () => {
            const a = kibanaIngressSpec(names, { host: "k.example.com", tlsSecretName: "k-tls" }, "dev").metadata.annotations;
            assert.equal(a["nginx.ingress.kubernetes.io/backend-protocol"], "HTTPS");
            assert.equal(a["nginx.ingress.kubernetes.io/proxy-ssl-verify"], "on");
            assert.equal(a["nginx.ingress.kubernetes.io/proxy-ssl-secret"], "logging/logs-kb-http-certs-public");
            assert.equal(a["nginx.ingress.kubernetes.io/proxy-ssl-name"], "logs-kb-http.logging.svc");
            assert.equal("cert-manager.io/cluster-issuer" in a, false);
        });
    });
});
