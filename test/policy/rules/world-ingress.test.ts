import { strict as assert } from "node:assert";
import { checkWorldIngress, worldIngressPolicy } from "../../../policy/rules/world-ingress";
import { resourceOf, stackResources, types } from "../fixtures";

describe(worldIngressPolicy.name, () => {
    describe("#checkWorldIngress", () => {
        it("must pass every NetworkPolicy the committed stacks register (players reach the gateway's port only)", async () => {
            for (const stack of ["dev", "prod", "local"]) {
                const policies = (await stackResources(stack)).filter((r) => r.type === types.networkPolicy);
                assert.ok(policies.length > 0, stack);
                assert.deepEqual(policies.flatMap(checkWorldIngress), [], stack);
            }
        });

        it("must refuse the public policy widened to every pod or every port, naming both fixes", async () => {
            const open = await resourceOf("dev", types.networkPolicy, "s101-namespace-allow-gateway-public");
            const spec = open.props.spec as Record<string, any>;
            spec.podSelector = {};
            delete spec.ingress[0].ports;
            assert.deepEqual(checkWorldIngress(open), [
                "NetworkPolicy s101/allow-gateway-public: spec.ingress[0] admits any source to every pod of the namespace (spec.podSelector selects all); select only the pods players reach (e.g. matchLabels app.kubernetes.io/name: gateway)",
                "NetworkPolicy s101/allow-gateway-public: spec.ingress[0] admits any source on every port (no spec.ingress[0].ports); list the one port players use (e.g. { protocol: TCP, port: 60006 })",
            ]);
        });

        it("must refuse a port entry that names no port (every port of its protocol) or a range", async () => {
            const policy = await resourceOf("dev", types.networkPolicy, "s101-namespace-allow-gateway-public");
            const spec = policy.props.spec as Record<string, any>;
            spec.ingress[0].ports = [{ protocol: "TCP" }, { protocol: "TCP", port: 60006, endPort: 65535 }];
            assert.deepEqual(checkWorldIngress(policy), [
                "NetworkPolicy s101/allow-gateway-public: spec.ingress[0] admits any source on every port of its protocol (spec.ingress[0].ports[0] has no port); name the port players use",
                "NetworkPolicy s101/allow-gateway-public: spec.ingress[0] admits any source on ports 60006-65535 (spec.ingress[0].ports[1].endPort); name the one port players use and drop endPort",
            ]);
        });

        it("must take an ipBlock of every address (with or without exceptions) for any source, and a narrower block or a pod peer for not", async () => {
            const policy = await resourceOf("dev", types.networkPolicy, "s101-namespace-allow-gateway-public");
            const spec = policy.props.spec as Record<string, any>;
            delete spec.ingress[0].ports;
            spec.ingress[0].from = [{ ipBlock: { cidr: "::/0" } }];
            assert.equal(checkWorldIngress(policy).length, 1);
            spec.ingress[0].from = [{ ipBlock: { cidr: "10.0.0.0/8" } }];
            assert.deepEqual(checkWorldIngress(policy), []);
            spec.ingress[0].from = [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }];
            assert.equal(checkWorldIngress(policy).length, 1);
            spec.ingress[0].from = [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "gateway" } } }];
            assert.deepEqual(checkWorldIngress(policy), []);
        });
    });
});
