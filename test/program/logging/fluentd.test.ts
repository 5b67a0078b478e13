import assert from "node:assert/strict";
import {
    fluentConf,
    fluentdClusterRoleBindingSpec,
    fluentdClusterRoleSpec,
    fluentdConfigMapSpec,
    fluentdDaemonSetSpec,
    indexTemplate,
    stateDir,
} from "../../../components/logging/specs/fluentd";
import { loggingNames } from "../../../components/logging/names";
import { loggingSchema } from "../../../components/logging/schema";

const names = loggingNames("");
const fluentd = loggingSchema.parse({ enabled: true }).fluentd;
const daemonSet = () => fluentdDaemonSetSpec({ names, config: fluentd, envName: "dev", configHash: "abc123" });
const container = () => daemonSet().spec.template.spec.containers[0];

/** The value of one `key value` line of a fluentd section, e.g. `ssl_verify true`. */
function directive(conf: string, key: string): string[] {
    return [...conf.matchAll(new RegExp(`^\\s*${key} (.*)$`, "gm"))].map((m) => m[1]);
}

describe("Logging Fluentd specs", () => {
    describe("#fluentdDaemonSetSpec", () => {
        it("must run the pinned fluentd-kubernetes-daemonset elasticsearch8 image", () => {
            assert.equal(container().image, "fluent/fluentd-kubernetes-daemonset:v1.17.1-debian-elasticsearch8-1.0");
            const other = fluentdDaemonSetSpec({
                names,
                config: { ...fluentd, imageTag: "v1.18.0-debian-elasticsearch8-1.1" },
                envName: "dev",
                configHash: "x",
            });
            assert.equal(other.spec.template.spec.containers[0].image, "fluent/fluentd-kubernetes-daemonset:v1.18.0-debian-elasticsearch8-1.1");
        });

        it("must take the Elasticsearch password from ECK's <es>-es-elastic-user Secret and hold no literal one", () => {
            const env = container().env as Array<{ name: string; value?: string; valueFrom?: any }>;
            const password = env.find((e) => e.name === "FLUENT_ELASTICSEARCH_PASSWORD");
            assert.deepEqual(password, {
                name: "FLUENT_ELASTICSEARCH_PASSWORD",
                valueFrom: { secretKeyRef: { name: "logs-es-elastic-user", key: "elastic" } },
            });
            for (const e of env) {
                if (/PASSWORD|SECRET|TOKEN/i.test(e.name)) assert.equal(e.value, undefined, `${e.name} has a literal value`);
            }
            const text = JSON.stringify(daemonSet());
            assert.doesNotMatch(text, /SSL_VERIFY/i);
            assert.doesNotMatch(text, /"value":"false"/);
        });

        it("must mount ECK's CA Secret read-only where the configuration's ca_file points", () => {
            const spec = daemonSet().spec.template.spec;
            const volume = spec.volumes.find((v) => v.name === "eck-ca") as { secret: { secretName: string; items: unknown[] } };
            assert.deepEqual(volume.secret, { secretName: "logs-es-http-certs-public", items: [{ key: "ca.crt", path: "ca.crt" }] });
            const mount = container().volumeMounts.find((m) => m.name === "eck-ca");
            assert.deepEqual(mount, { name: "eck-ca", mountPath: "/etc/eck-ca", readOnly: true });
            const conf = fluentConf({ names, envName: "dev", replicas: 0 });
            assert.deepEqual(directive(conf, "ca_file"), ["/etc/eck-ca/ca.crt"]);
        });

        it("must mount its own configuration over the image's and roll the pods when it changes", () => {
            const ds = daemonSet();
            const config = ds.spec.template.spec.volumes.find((v) => v.name === "config") as { configMap: { name: string } };
            assert.equal(config.configMap.name, "fluentd");
            assert.deepEqual(
                container().volumeMounts.find((m) => m.name === "config"),
                { name: "config", mountPath: "/fluentd/etc", readOnly: true },
            );
            assert.equal(ds.spec.template.metadata.annotations["gameops.io/config-hash"], "abc123");
        });

        it("must read host logs read-only and write only its own state directory on the host", () => {
            const spec = daemonSet().spec.template.spec;
            const hostPaths = spec.volumes.filter((v) => "hostPath" in v) as Array<{ name: string; hostPath: { path: string } }>;
            assert.deepEqual(hostPaths.map((v) => v.hostPath.path).sort(), ["/var/lib/gameops-fluentd", "/var/log"]);
            for (const volume of hostPaths) {
                const mount = container().volumeMounts.find((m) => m.name === volume.name)!;
                if (volume.hostPath.path === stateDir) assert.equal("readOnly" in mount, false);
                else assert.equal((mount as { readOnly?: boolean }).readOnly, true, `${volume.hostPath.path} must be read-only`);
            }
        });

        it("must tolerate every taint so every node's logs are shipped", () => {
            assert.deepEqual(daemonSet().spec.template.spec.tolerations, [{ operator: "Exists" }]);
        });

        it("must set resources and a locked-down security context", () => {
            const c = container();
            assert.deepEqual(c.resources, { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "512Mi" } });
            assert.equal(c.securityContext.allowPrivilegeEscalation, false);
            assert.equal(c.securityContext.readOnlyRootFilesystem, true);
            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
            assert.equal(daemonSet().spec.template.spec.serviceAccountName, "fluentd");
        });

        it("must select exactly the pods its template labels", () => {
            const ds = daemonSet();
            for (const [k, v] of Object.entries(ds.spec.selector.matchLabels)) {
                assert.equal((ds.spec.template.metadata.labels as Record<string, string>)[k], v);
            }
        });
    });

    describe("#fluentConf", () => {
        const conf = fluentConf({ names, envName: "dev", replicas: 0 });

        it("must verify TLS against the CA and never switch verification off", () => {
            assert.deepEqual(directive(conf, "scheme"), ["https"]);
            assert.deepEqual(directive(conf, "ssl_verify"), ["true"]);
            assert.doesNotMatch(conf, /ssl_verify\s+false/);
        });

        it("must log in as elastic with the password from the environment, never a literal", () => {
            assert.deepEqual(directive(conf, "user"), ["elastic"]);
            assert.deepEqual(directive(conf, "password"), [`"#{ENV['FLUENT_ELASTICSEARCH_PASSWORD']}"`]);
            assert.deepEqual(directive(conf, "host"), [`"#{ENV['FLUENT_ELASTICSEARCH_HOST']}"`]);
        });

        it("must write to gameops-<env>-<zone>-YYYY.MM.DD with zone and env from the namespace labels", () => {
            assert.deepEqual(directive(conf, "target_index_key"), ["gameops_index"]);
            assert.deepEqual(directive(conf, "gameops_index"), [
                'gameops-${record["gameops_env"]}-${record["gameops_zone"]}-${Time.at(time.to_i).utc.strftime("%Y.%m.%d")}',
            ]);
            const [zone] = directive(conf, "gameops_zone");
            assert.match(zone, /record\.dig\("kubernetes", "namespace_labels", "gameops_io\/zone"\)/);
            assert.match(zone, /: "system"\}$/);
            const [env] = directive(conf, "gameops_env");
            assert.match(env, /record\.dig\("kubernetes", "namespace_labels", "gameops_io\/env"\)/);
            assert.match(env, /: "dev"\}$/);
            assert.deepEqual(directive(conf, "index_name"), ["gameops-dev-system"]);
        });

        it("must tail container logs in the CRI format and skip its own", () => {
            assert.deepEqual(directive(conf, "path"), ["/var/log/containers/*.log", "/var/lib/gameops-fluentd/buffer"]);
            assert.deepEqual(directive(conf, "exclude_path"), ['["/var/log/containers/*_logging_fluentd-*.log"]']);
            assert.deepEqual(directive(conf, "pos_file"), ["/var/lib/gameops-fluentd/containers.log.pos"]);
            assert.match(conf, /<parse>\n\s+@type cri\n\s+<\/parse>/);
        });

        it("must balance every section it opens", () => {
            const stack: string[] = [];
            for (const m of conf.matchAll(/^\s*<(\/?)([a-z]+)[^>]*>\s*$/gm)) {
                if (m[1] === "") stack.push(m[2]);
                else assert.equal(stack.pop(), m[2], `</${m[2]}> closes the wrong section`);
            }
            assert.deepEqual(stack, []);
        });
    });

    describe("#indexTemplate", () => {
        for (const replicas of [0, 1]) {
            it(`must give every gameops index ${replicas} replica(s) and keyword zone/env fields`, () => {
                const template = JSON.parse(indexTemplate({ names, envName: "dev", replicas }));
                assert.deepEqual(template.index_patterns, ["gameops-*"]);
                assert.equal(template.template.settings.number_of_replicas, replicas);
                assert.equal(template.template.mappings.properties.gameops_zone.type, "keyword");
                assert.equal(template.template.mappings.properties.gameops_env.type, "keyword");
            });
        }

        it("must ship the template beside the configuration that names it", () => {
            const cm = fluentdConfigMapSpec({ names, envName: "dev", replicas: 1 });
            assert.deepEqual(Object.keys(cm.data).sort(), ["fluent.conf", "index-template.json"]);
            assert.deepEqual(directive(cm.data["fluent.conf"], "template_file"), ["/fluentd/etc/index-template.json"]);
        });
    });

    describe("#fluentdClusterRoleSpec", () => {
        it("must grant only get/list/watch on pods and namespaces", () => {
            assert.deepEqual(fluentdClusterRoleSpec(names, "dev").rules, [
                { apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] },
            ]);
        });

        it("must bind the role to the fluentd ServiceAccount and prefix cluster-scoped names", () => {
            const binding = fluentdClusterRoleBindingSpec(loggingNames("alice-"), "dev-alice");
            assert.equal(binding.metadata.name, "alice-gameops-fluentd");
            assert.equal(binding.roleRef.name, "alice-gameops-fluentd");
            assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "fluentd", namespace: "alice-logging" }]);
        });
    });
});
