import { strict as assert } from "node:assert";
import { gatewayPreStopSeconds } from "../../../components/zone/specs/gateway";
import { annotations, gatewayServiceArgs } from "../../../components/zone/specs/gateway-service";
import type { ZoneContext } from "../../../components/zone/specs/context";
import type { LoadBalancerVendor } from "../../../components/environment";
import { baseZone, deployZone, object, zoneConfig } from "./fixtures";

const ctx: ZoneContext = { id: { zone: "s101", envName: "dev" }, namespace: "s101", redis: { url: "redis://r:6379/0", secretName: "redis-auth" } };

describe("ZoneGateway", () => {
    describe("#deployment", () => {
        it("must roll with maxUnavailable 0, probe the admin port and read the routing file from a directory mount", async () => {
            const run = await deployZone(baseZone);
            const d = object(run.resources, "apps/v1:Deployment", "gateway");
            assert.deepEqual(d.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
            const pod = d.spec.template.spec;
            const c = pod.containers[0];
            assert.deepEqual(c.command, ["node", "--max-semi-space-size=2", "--heap-growing-percent=20", "--v8-pool-size=2", "services/gateway/main.js"]);
            assert.deepEqual(c.livenessProbe.httpGet, { path: "/healthz", port: "admin" });
            assert.deepEqual(c.readinessProbe.httpGet, { path: "/readyz", port: "admin" });
            assert.deepEqual(c.ports, [
                { name: "ws", containerPort: 60006, protocol: "TCP" },
                { name: "admin", containerPort: 9090, protocol: "TCP" },
            ]);
            assert.deepEqual(c.resources, { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "256Mi" } });
            const mount = c.volumeMounts.find((m: any) => m.name === "routing");
            assert.deepEqual(mount, { name: "routing", mountPath: "/etc/gameops/routing", readOnly: true });
            assert.deepEqual(
                pod.volumes.find((v: any) => v.name === "routing"),
                { name: "routing", configMap: { name: "routing" } },
            );
            const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
            assert.equal(env.ROUTING_FILE, "/etc/gameops/routing/routing.json");
            assert.equal(env.GATEWAY_PORT, "60006");
            assert.deepEqual(env.JWT_KEY, { secretKeyRef: { name: "gateway-jwt", key: "jwt-key" } });
            assert.equal(env.REDIS_URL, "redis://redis.s101.svc.cluster.local:6379/0");
            assert.deepEqual(env.REDIS_PASSWORD, { secretKeyRef: { name: "redis-auth", key: "password" } });
        });

        it("must keep serving until the load balancer has stopped sending new players, then stop within the grace period", async () => {
            const run = await deployZone(baseZone);
            const pod = object(run.resources, "apps/v1:Deployment", "gateway").spec.template.spec;
            const c = pod.containers[0];
            // kubelet runs preStop before SIGTERM; the gateway stops accepting at SIGTERM, so the wait must come first.
            const [node, flag, code] = c.lifecycle.preStop.exec.command;
            assert.deepEqual([node, flag], ["node", "-e"]);
            assert.equal(code, `setTimeout(() => {}, ${gatewayPreStopSeconds * 1000})`);
            assert.doesNotThrow(() => new Function(code), "preStop script parses");
            assert.ok(gatewayPreStopSeconds >= 5, "long enough for endpoints and SLB health checks to drop the pod");
            const stopSeconds = Number(c.env.find((e: any) => e.name === "STOP_SECONDS").value);
            // The grace period counts preStop too: wait, then STOP_SECONDS of closing sockets, then a margin.
            assert.ok(pod.terminationGracePeriodSeconds >= gatewayPreStopSeconds + stopSeconds + 5, `grace ${pod.terminationGracePeriodSeconds}`);
        });

        it("must leave replicas to the HPA (min = replicas, max = maxReplicas, CPU target)", async () => {
            const run = await deployZone({ ...baseZone, gateway: { replicas: 3, maxReplicas: 9, cpuTarget: 60 } });
            assert.equal(object(run.resources, "apps/v1:Deployment", "gateway").spec.replicas, undefined);
            const hpa = object(run.resources, "autoscaling/v2:HorizontalPodAutoscaler", "gateway");
            assert.deepEqual(hpa.spec, {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "gateway" },
                minReplicas: 3,
                maxReplicas: 9,
                metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }],
                // Scaling down disconnects a gateway's players: one gateway per 2 minutes, after 10 quiet minutes.
                behavior: { scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: "Min", policies: [{ type: "Pods", value: 1, periodSeconds: 120 }] } },
            });
            assert.equal(object(run.resources, "policy/v1:PodDisruptionBudget", "gateway").spec.maxUnavailable, 1);
        });

        it("must set replicas itself and register no HPA without maxReplicas", async () => {
            const run = await deployZone({ ...baseZone, gateway: { replicas: 2 } });
            assert.equal(object(run.resources, "apps/v1:Deployment", "gateway").spec.replicas, 2);
            assert.equal(run.resources.filter((r) => r.type.endsWith("HorizontalPodAutoscaler")).length, 0);
        });
    });

    describe("#routing", () => {
        it("must write routing.json with the active group and the version rules", async () => {
            const run = await deployZone({
                ...baseZone,
                room: {
                    ...baseZone.room,
                    active: "b",
                    groups: { a: { replicas: 2 }, b: { replicas: 2 } },
                    versionRules: [{ minClientVersion: "1.3.0", group: "a" }],
                },
            });
            const cm = object(run.resources, "core/v1:ConfigMap", "routing");
            assert.deepEqual(JSON.parse(cm.data["routing.json"]), { activeGroup: "b", versionRules: [{ minClientVersion: "1.3.0", group: "a" }] });
        });
    });

    describe("#service", () => {
        const g = zoneConfig(baseZone).gateway;
        const table: {
            vendor: LoadBalancerVendor;
            lbId?: string;
            service?: "NodePort" | "ClusterIP" | "LoadBalancer";
            type: string;
            annotations: Record<string, string>;
            policy?: string;
        }[] = [
            {
                vendor: "alicloud-slb",
                lbId: "lb-1",
                type: "LoadBalancer",
                annotations: { [annotations.alicloudLbId]: "lb-1", [annotations.alicloudForceOverride]: "true" },
                policy: "Local",
            },
            { vendor: "alicloud-slb", type: "LoadBalancer", annotations: { [annotations.alicloudSpec]: "slb.s2.small" }, policy: "Local" },
            { vendor: "tencent-clb", lbId: "lb-tk", type: "LoadBalancer", annotations: { [annotations.tencentExistingLb]: "lb-tk" }, policy: "Local" },
            { vendor: "none", type: "ClusterIP", annotations: {} },
            { vendor: "none", service: "NodePort", type: "NodePort", annotations: {} },
            { vendor: "alicloud-slb", lbId: "lb-1", service: "ClusterIP", type: "ClusterIP", annotations: {} },
        ];
        for (const row of table) {
            it(`must make a ${row.type} Service on ${row.vendor}${row.lbId ? ` with load balancer ${row.lbId}` : ""}${row.service ? ` (service: ${row.service})` : ""}`, () => {
                const args = gatewayServiceArgs(ctx, { ...g, ...(row.service ? { service: row.service } : {}) }, row.vendor, row.lbId) as any;
                assert.equal(args.spec.type, row.type);
                assert.deepEqual(args.metadata.annotations, row.annotations);
                assert.equal(args.spec.externalTrafficPolicy, row.policy);
                assert.deepEqual(args.spec.ports, [{ name: "ws", port: 60006, targetPort: "ws", protocol: "TCP" }]);
            });
        }
        it("must pass a configured nodePort", () => {
            const args = gatewayServiceArgs(ctx, { ...g, service: "NodePort", nodePort: 30606 }, "none", undefined) as any;
            assert.equal(args.spec.ports[0].nodePort, 30606);
        });
        it("must bind the zone's load balancer id from the environment and report its address", async () => {
            const run = await deployZone(baseZone, { loadBalancerIds: { s101: "lb-bp1zone" } });
            const svc = object(run.resources, "core/v1:Service", "gateway");
            assert.equal(svc.metadata.annotations[annotations.alicloudLbId], "lb-bp1zone");
            assert.match(run.outputs.gatewayAddress, /^47\.97\.\d+\.1:60006$/);
        });
        it("must report the cluster DNS address for a ClusterIP gateway", async () => {
            const run = await deployZone(baseZone, { loadBalancerVendor: "none", loadBalancerIds: {} });
            assert.equal(run.outputs.gatewayAddress, "gateway.s101.svc.cluster.local:60006");
        });
    });
});
