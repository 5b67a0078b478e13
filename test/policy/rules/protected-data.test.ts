import { strict as assert } from "node:assert";
import { checkProtectedData, protectedDataPolicy, protectionEvidence } from "../../../policy/rules/protected-data";
import { copyOf } from "../harness";
import { stackResources, types, withReplaced } from "../fixtures";

const setProtect = "set protect: true on it (the gameops components do this when gameops:protect is true)";

describe(protectedDataPolicy.name, () => {
    describe("#protectionEvidence", () => {
        it("must read protection from a protected resource, cloud deletion protection or the stack tag", async () => {
            const dev = await stackResources("dev");
            assert.equal(protectionEvidence(dev, new Map([["gameops:protect", "true"]])), 'stack tag gameops:protect is "true"');
            const ns = copyOf(dev, types.namespace, "s101-namespace");
            ns.opts = { protect: true };
            assert.equal(protectionEvidence(withReplaced(dev, ns), new Map()), "Namespace s101 has protect");
            const cluster = copyOf(dev, types.ackCluster, "cluster");
            cluster.props.deletionProtection = true;
            assert.equal(
                protectionEvidence(withReplaced(dev, cluster), new Map()),
                'alicloud:cs/managedKubernetes:ManagedKubernetes "cluster" has deletionProtection true',
            );
        });
    });

    describe("#checkProtectedData", () => {
        it("must refuse an unprotected Redis volume claim on prod", async () => {
            const prod = await stackResources("prod");
            const redis = copyOf(prod, types.claim, "s1-redis-data");
            redis.opts = { protect: false };
            const [violation, ...rest] = checkProtectedData(withReplaced(prod, redis));
            assert.deepEqual(rest, []);
            assert.equal(violation.urn, redis.urn);
            assert.match(
                violation.message,
                /^PersistentVolumeClaim s1\/redis-data \(holds a persistent volume\) on a protected stack \(.+ has protect\): protect is false \(resource option protect\); set protect: true on it \(the gameops components do this when gameops:protect is true\)$/,
            );
        });

        it("must refuse the ACK cluster and an SLB without their cloud deletion protection", async () => {
            const prod = await stackResources("prod");
            const cluster = copyOf(prod, types.ackCluster, "cluster");
            cluster.props.deletionProtection = false;
            const slb = copyOf(prod, types.slb, "s2-gateway-slb");
            slb.props.deleteProtection = "off";
            const evidence = protectionEvidence(prod, new Map());
            assert.deepEqual(
                checkProtectedData(withReplaced(prod, cluster, slb))
                    .map((v) => v.message)
                    .sort(),
                [
                    `alicloud:cs/managedKubernetes:ManagedKubernetes "cluster" (the cluster every zone runs on) on a protected stack (${evidence}): deletionProtection is false (deletionProtection); set it to true`,
                    `alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer "s2-gateway-slb" (the address players connect to) on a protected stack (${evidence}): deleteProtection is "off" (deleteProtection); set it to "on"`,
                ],
            );
        });

        it("must refuse unprotected Elasticsearch and ACR repositories on prod", async () => {
            const prod = await stackResources("prod");
            const es = copyOf(prod, types.elasticsearch, "logging-elasticsearch");
            es.opts = { protect: false };
            const repo = copyOf(prod, types.acrRepo, "registry-room");
            repo.opts = {};
            const evidence = protectionEvidence(prod, new Map());
            assert.deepEqual(
                checkProtectedData(withReplaced(prod, es, repo))
                    .map((v) => v.message)
                    .sort(),
                [
                    `Elasticsearch logging/logs (holds the logs) on a protected stack (${evidence}): protect is false (resource option protect); ${setProtect}`,
                    `alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo "registry-room" (holds released images) on a protected stack (${evidence}): protect is unset (resource option protect); ${setProtect}`,
                ],
            );
        });

        it("must ask everything of a stack tagged gameops:protect, and nothing of an untagged unprotected one", async () => {
            const dev = await stackResources("dev");
            assert.deepEqual(checkProtectedData(dev, new Map()), []);
            const stateful = checkProtectedData(dev, new Map([["gameops:protect", "true"]]))
                .map((v) => v.message.split(" (")[0])
                .sort();
            // Protect on each; the cluster and the SLB also lack their deletion protection.
            assert.deepEqual(stateful, [
                "Elasticsearch logging/logs",
                "PersistentVolumeClaim s101/redis-data",
                'alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance "registry-instance"',
                'alicloud:cs/managedKubernetes:ManagedKubernetes "cluster"',
                'alicloud:cs/managedKubernetes:ManagedKubernetes "cluster"',
                'alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace "registry-namespace"',
                'alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo "registry-cron"',
                'alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo "registry-gateway"',
                'alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo "registry-room"',
                'alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo "registry-rules"',
                'alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer "s101-gateway-slb"',
                'alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer "s101-gateway-slb"',
            ]);
        });

        it("must hold a hand-protected existing-cluster stack to the same rule (no cloud signal needed)", async () => {
            const local = await stackResources("local");
            const ns = copyOf(local, types.namespace, "s1-namespace");
            ns.opts = { protect: true };
            assert.deepEqual(
                checkProtectedData(withReplaced(local, ns)).map((v) => v.message),
                [
                    `PersistentVolumeClaim s1/redis-data (holds a persistent volume) on a protected stack (Namespace s1 has protect): protect is false (resource option protect); ${setProtect}`,
                ],
            );
        });
    });
});
