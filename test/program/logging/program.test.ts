// Logging as the program composes it from the committed stack files, and bad `gameops:logging`
// config refused with exact texts before anything is registered.
import assert from "node:assert/strict";
import { runFailing, runProgram, stackFile, type ProgramRun, type StackInput } from "../../../lib/program/run";

const loggingType = /^kubernetes:(helm\.sh\/v3:Release|elasticsearch\.k8s\.elastic\.co|kibana\.k8s\.elastic\.co)|^gameops:logging:/;
const loggingNames = new Set(["logging-fluentd", "logging-retention", "logging-ns", "logging-operator-ns"]);
const isLogging = (r: { type: string; name: string }) => loggingType.test(r.type) || loggingNames.has(r.name);

/** The local stack (logging disabled) with `gameops:logging` replaced. */
function localWithLogging(logging: unknown): StackInput {
    const base = stackFile("local");
    return { ...base, config: { ...base.config, "gameops:logging": logging } };
}

async function assertRefused(logging: unknown, problems: string[]): Promise<void> {
    const { error, resources } = await runFailing(localWithLogging(logging));
    assert.deepEqual((error as Error & { problems?: string[] }).problems, problems, error.message);
    assert.equal(
        error.message,
        `gameops: stack config "local" has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was created:\n` +
            problems.map((p) => `  - ${p}`).join("\n"),
    );
    assert.deepEqual(resources, []);
}

describe("Logging in the program", () => {
    let dev: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        dev = await runProgram(stackFile("dev"));
        prod = await runProgram(stackFile("prod"));
    });

    describe("#stacks", () => {
        it("must register the operator, Elasticsearch, Kibana, Fluentd and retention on dev, on the stack's provider", () => {
            const kinds = dev.resources
                .filter(isLogging)
                .map((r) => `${r.type}::${r.name}`)
                .sort();
            assert.deepEqual(kinds, [
                "gameops:logging:Logging::logging",
                "kubernetes:apps/v1:DaemonSet::logging-fluentd",
                "kubernetes:batch/v1:CronJob::logging-retention",
                "kubernetes:core/v1:ConfigMap::logging-fluentd",
                "kubernetes:core/v1:Namespace::logging-ns",
                "kubernetes:core/v1:Namespace::logging-operator-ns",
                "kubernetes:core/v1:ServiceAccount::logging-fluentd",
                "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch::logging-elasticsearch",
                "kubernetes:helm.sh/v3:Release::logging-eck-operator",
                "kubernetes:kibana.k8s.elastic.co/v1:Kibana::logging-kibana",
                "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole::logging-fluentd",
                "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::logging-fluentd",
            ]);
            const providers = new Set(dev.options.filter((o) => o.parent === "gameops:logging:Logging::logging").map((o) => o.providerType));
            assert.equal(providers.size, 1);
            assert.match([...providers][0]!, /^pulumi:providers:kubernetes::/);
        });

        it("must size Elasticsearch from the stack file and protect it in prod", () => {
            const es = (run: ProgramRun) => run.resources.find((r) => r.name === "logging-elasticsearch")!;
            const prodCount = es(prod).inputs.spec.nodeSets[0].count;
            assert.ok(prodCount >= 3, `prod runs ${prodCount} Elasticsearch nodes`);
            const o = prod.options.find((x) => x.name === "logging-elasticsearch")!;
            assert.equal(o.protect, true);
            assert.equal(o.retainOnDelete, true);
            assert.ok("podDisruptionBudget" in es(prod).inputs.spec);
            assert.notEqual(dev.options.find((x) => x.name === "logging-elasticsearch")!.protect, true);
        });

        it("must export the logging endpoints and Secret names as stack outputs", () => {
            assert.equal(dev.outputs.logging.elasticsearchUrl, "https://logs-es-http.logging.svc:9200");
            assert.equal(dev.outputs.logging.elasticUserSecret, "logs-es-elastic-user");
            assert.equal(dev.outputs.logging.caSecret, "logs-es-http-certs-public");
            assert.equal(dev.outputs.logging.kibanaService, "logs-kb-http.logging.svc:5601");
            assert.deepEqual(
                Object.keys(dev.outputs.logging.zoneIndexPatterns),
                dev.resources.filter((r) => r.type === "gameops:zone:GameZone").map((r) => r.name),
            );
        });

        it("must register no logging resource on a stack with logging disabled", async () => {
            const local = await runProgram(stackFile("local"));
            assert.deepEqual(local.resources.filter(isLogging), []);
            assert.ok(
                local.resources.some((r) => r.type.startsWith("kubernetes:")),
                "the local stack still deploys its zone",
            );
            assert.equal(local.outputs.logging, undefined);
        });
    });

    describe("#config", () => {
        it("must refuse zero Elasticsearch nodes", async () => {
            await assertRefused({ enabled: true, elasticsearch: { nodes: 0 } }, [
                "gameops:logging.elasticsearch.nodes: 0 is below the minimum 1; use 1 or more",
            ]);
        });

        it("must refuse storage without a unit", async () => {
            await assertRefused({ enabled: true, elasticsearch: { storage: "50" } }, [
                'gameops:logging.elasticsearch.storage: "50" is not a storage size; write a whole number with a unit Mi, Gi or Ti, e.g. 50Gi',
            ]);
        });

        it("must refuse an Elasticsearch version that is not major.minor.patch", async () => {
            await assertRefused({ enabled: true, elasticsearch: { version: "8.15" } }, [
                'gameops:logging.elasticsearch.version: "8.15" is not a version; write it as major.minor.patch, e.g. 8.15.0',
            ]);
        });

        it("must refuse an Elasticsearch major the Fluentd output cannot speak", async () => {
            await assertRefused({ enabled: true, elasticsearch: { version: "9.1.0" } }, [
                'gameops:logging.elasticsearch.version: "9.1.0" is not a supported Elasticsearch version; the Fluentd output speaks the 8.x API, use 8.x such as 8.15.0',
            ]);
        });

        it("must refuse an operator chart outside 2.x/3.x", async () => {
            await assertRefused({ enabled: true, operatorVersion: "1.9.1" }, [
                'gameops:logging.operatorVersion: "1.9.1" is not a supported eck-operator chart version; use a 2.x or 3.x release such as 2.16.1',
            ]);
        });

        it("must refuse too little Elasticsearch memory and a memory size without a unit", async () => {
            await assertRefused({ enabled: true, elasticsearch: { memory: "512Mi" }, fluentd: { memory: "512" } }, [
                'gameops:logging.elasticsearch.memory: "512Mi" is too little memory; use at least 1024Mi, e.g. 2Gi',
                'gameops:logging.fluentd.memory: "512" is not a memory size; write a whole number with a unit Mi or Gi, e.g. 512Mi',
            ]);
        });

        it("must refuse a retention of zero days and an unpinned Fluentd image", async () => {
            await assertRefused({ enabled: true, retentionDays: 0, fluentd: { imageTag: "latest" } }, [
                'gameops:logging.fluentd.imageTag: "latest" is not a fluentd-kubernetes-daemonset elasticsearch8 tag; pin one like v1.17.1-debian-elasticsearch8-1.0',
                "gameops:logging.retentionDays: 0 is below the minimum 1; use 1 or more",
            ]);
        });

        it("must refuse a kibana value that is neither a switch nor a map, and an ingress without TLS", async () => {
            await assertRefused({ enabled: true, kibana: "yes" }, [
                'gameops:logging.kibana: "yes" is neither true/false nor a map; write kibana: true, kibana: false or kibana: { count: 2 }',
            ]);
            await assertRefused({ enabled: true, kibana: { ingress: { host: "kibana.example.com" } } }, [
                "gameops:logging.kibana.ingress.tlsSecretName: is required (a string); set it in Pulumi.<stack>.yaml",
            ]);
        });

        it("must refuse an ingress for a disabled Kibana", async () => {
            await assertRefused({ enabled: true, kibana: { enabled: false, ingress: { host: "k.example.com", tlsSecretName: "k-tls" } } }, [
                'gameops:logging.kibana.ingress: {"host":"k.example.com","tlsSecretName":"k-tls"} is set while kibana.enabled is false; remove the ingress or enable Kibana',
            ]);
        });

        it("must refuse a misspelt key", async () => {
            await assertRefused({ enabled: true, elasticsearch: { nodes: 3, memroy: "4Gi" } }, [
                'gameops:logging.elasticsearch: unknown key "memroy"; remove it or check the spelling against Pulumi.yaml',
            ]);
        });
    });
});
