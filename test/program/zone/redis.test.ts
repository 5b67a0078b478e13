import { strict as assert } from "node:assert";
import { redisReadinessCommand, redisStartScript } from "../../../components/zone/specs/redis";
import { testSecretValue } from "../../../lib/program/run";
import { baseZone, deployZone, object } from "./fixtures";
import { containers } from "../../../lib/program/objects";

describe("ZoneRedis", () => {
    describe("#in-cluster", () => {
        it("must run a pinned Redis with a PVC, a Service and a generated password that never appears in the pod spec", async () => {
            const run = await deployZone({ ...baseZone, redis: { mode: "in-cluster", storage: "20Gi", storageClass: "alicloud-disk-essd" } });
            const sts = object(run.resources, "apps/v1:StatefulSet", "redis");
            const c = sts.spec.template.spec.containers[0];
            assert.equal(c.image, "redis:7.2.5-alpine");
            assert.deepEqual(c.command, ["sh", "-c", redisStartScript()]);
            assert.deepEqual(c.readinessProbe.exec.command, redisReadinessCommand());
            assert.deepEqual(c.env.find((e: any) => e.name === "REDIS_PASSWORD").valueFrom, { secretKeyRef: { name: "redis-auth", key: "password" } });
            // The volume is a claim of its own (a claim template could never grow): see redisClaimArgs.
            assert.equal(sts.spec.volumeClaimTemplates, undefined);
            assert.deepEqual(
                sts.spec.template.spec.volumes.find((v: any) => v.name === "data"),
                { name: "data", persistentVolumeClaim: { claimName: "redis-data" } },
            );
            // Pulumi's claim await would wait forever on an update of a bound claim of a WaitForFirstConsumer class.
            assert.equal(object(run.resources, "core/v1:PersistentVolumeClaim", "redis-data").metadata.annotations["pulumi.com/skipAwait"], "true");
            assert.deepEqual(object(run.resources, "core/v1:PersistentVolumeClaim", "redis-data").spec, {
                accessModes: ["ReadWriteOnce"],
                storageClassName: "alicloud-disk-essd",
                resources: { requests: { storage: "20Gi" } },
            });
            assert.equal(object(run.resources, "core/v1:Service", "redis").spec.ports[0].port, 6379);
            const password = run.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword")!;
            assert.equal(password.inputs.length, 32);
            const secret = object(run.resources, "core/v1:Secret", "redis-auth");
            assert.match(secret.stringData.password, /^pw-/);
            assert.ok(!JSON.stringify(sts).includes(secret.stringData.password));
        });

        it("must protect and retain the Redis StatefulSet, its claim, Secret and password in prod, and nothing of it elsewhere", async () => {
            for (const protect of [true, false]) {
                const run = await deployZone(baseZone, { protect });
                const opts = (name: string, type: string) => run.options.find((o) => o.name === name && o.type === type)!;
                for (const [name, type] of [
                    ["s101-redis", "kubernetes:apps/v1:StatefulSet"],
                    ["s101-redis-data", "kubernetes:core/v1:PersistentVolumeClaim"],
                    ["s101-redis-auth", "kubernetes:core/v1:Secret"],
                    ["s101-redis-password", "random:index/randomPassword:RandomPassword"],
                ]) {
                    assert.equal(opts(name, type).protect, protect, `${name} protect`);
                    assert.equal(opts(name, type).retainOnDelete, protect, `${name} retainOnDelete`);
                }
                assert.equal(opts("s101-namespace", "kubernetes:core/v1:Namespace").protect, protect);
            }
        });
    });

    describe("#external", () => {
        it("must use the configured host and the password from the secret config key", async () => {
            const run = await deployZone(
                { ...baseZone, redis: { mode: "external", host: "r-bp1.redis.rds.aliyuncs.com", port: 6380, passwordKey: "redisPassword" } },
                {},
                { "gameops:redisPassword": testSecretValue("gameops:redisPassword") },
                ["gameops:redisPassword"],
            );
            assert.equal(run.resources.filter((r) => r.inputs.metadata?.name === "redis").length, 0, "no in-cluster Redis");
            assert.equal(object(run.resources, "core/v1:Secret", "redis-auth").stringData.password, testSecretValue("gameops:redisPassword"));
            const env = containers(object(run.resources, "apps/v1:Deployment", "gateway"))[0].env;
            assert.deepEqual(
                env.find((e: any) => e.name === "REDIS_URL"),
                { name: "REDIS_URL", value: "redis://r-bp1.redis.rds.aliyuncs.com:6380/0" },
            );
        });

        it("must give no REDIS_PASSWORD and no Secret to an external Redis without a password key", async () => {
            const run = await deployZone({ ...baseZone, redis: { mode: "external", host: "10.0.3.7" } });
            assert.equal(run.resources.filter((r) => r.inputs.metadata?.name === "redis-auth").length, 0);
            const env = containers(object(run.resources, "apps/v1:StatefulSet", "room-a"))[0].env.map((e: any) => e.name);
            assert.ok(env.includes("REDIS_URL") && !env.includes("REDIS_PASSWORD"));
        });
    });
});
