import { strict as assert } from "node:assert";
import { checkSecretEnv, looksSecret, secretEnvPolicy } from "../../../policy/rules/secret-env";
import { podSpec, resourceOf, types } from "../fixtures";

const fix = "put the value in a Secret and set valueFrom.secretKeyRef { name, key } instead";

describe(secretEnvPolicy.name, () => {
    describe("#looksSecret", () => {
        for (const name of ["JWT_KEY", "REDIS_PASSWORD", "ES_PASSWORD", "API_TOKEN", "CLIENT_SECRET", "APIKEY", "db.passwd", "PRIVATEKEY"]) {
            it(`must take ${name} for a secret`, () => assert.equal(looksSecret(name), true));
        }
        for (const name of ["REDIS_URL", "KEYSPACE", "MONKEY_COUNT", "DRAIN_SECONDS", "ROUTING_FILE", "K8S_NODE_NAME", "ROOM_VERSION"]) {
            it(`must not take ${name} for a secret`, () => assert.equal(looksSecret(name), false));
        }
    });

    describe("#checkSecretEnv", () => {
        it("must refuse a literal JWT_KEY without echoing it", async () => {
            const gateway = await resourceOf("dev", types.deployment, "s101-gateway");
            const env = podSpec(gateway).containers[0].env as { name: string; value?: string; valueFrom?: unknown }[];
            const index = env.findIndex((e) => e.name === "JWT_KEY");
            const literal = "c2VjcmV0LWp3dC1rZXktb2YtYXQtbGVhc3QtMzItYnl0ZXM=";
            env[index] = { name: "JWT_KEY", value: literal };
            const messages = checkSecretEnv(gateway);
            assert.deepEqual(messages, [
                `Deployment s101/gateway container "gateway": env JWT_KEY (spec.template.spec.containers[0].env[${index}]) has a literal value (48 characters, not shown); a secret-looking variable must come from a Secret: ${fix}`,
            ]);
            assert.equal(messages.join("\n").includes(literal), false);
        });

        it("must refuse a secret-looking variable taken from a ConfigMap", async () => {
            const retention = await resourceOf("prod", types.cronJob, "logging-retention");
            const env = podSpec(retention).containers[0].env as { name: string; valueFrom?: unknown }[];
            const index = env.findIndex((e) => e.name === "ES_PASSWORD");
            env[index].valueFrom = { configMapKeyRef: { name: "es", key: "password" } };
            assert.deepEqual(checkSecretEnv(retention), [
                `CronJob logging/log-retention container "retention": env ES_PASSWORD (spec.jobTemplate.spec.template.spec.containers[0].env[${index}]) comes from valueFrom.configMapKeyRef, not a Secret; ${fix}`,
            ]);
        });

        it("must pass secrets the program passes by reference (REDIS_PASSWORD, JWT_KEY, FLUENT_ELASTICSEARCH_PASSWORD)", async () => {
            const fluentd = await resourceOf("dev", types.daemonSet, "logging-fluentd");
            const env = podSpec(fluentd).containers[0].env as { name: string }[];
            assert.ok(env.some((e) => e.name === "FLUENT_ELASTICSEARCH_PASSWORD"));
            assert.deepEqual(checkSecretEnv(fluentd), []);
        });
    });
});
