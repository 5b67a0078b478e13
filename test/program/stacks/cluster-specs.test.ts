// Existing-cluster and fork environments: their pure parts.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { configuredLoadBalancerIds, existingProviderArgs, existingRegistry, forkNamePrefix, parentVendor } from "../../../components/cluster/rules";
import { existingClusterSchema } from "../../../components/cluster/schema";
import { zoneSchema } from "../../../components/zone/schema";

describe("cluster specs", () => {
    describe("#existingProviderArgs", () => {
        it("must use the ambient kube config when neither kubeconfig nor context is set, with mutable ConfigMaps", () => {
            assert.deepEqual(existingProviderArgs(existingClusterSchema.parse({}), undefined), {
                kubeconfig: undefined,
                context: undefined,
                enableServerSideApply: true,
                enableConfigMapMutable: true,
            });
        });
        it("must pass the kubeconfig secret and the named context through", () => {
            const kubeconfig = pulumi.secret("apiVersion: v1");
            const args = existingProviderArgs(existingClusterSchema.parse({ context: "kind-gameops" }), kubeconfig);
            assert.equal(args.kubeconfig, kubeconfig);
            assert.equal(args.context, "kind-gameops");
        });
    });

    describe("#existingRegistry", () => {
        it("must split images.registry into host and namespace", () =>
            assert.deepEqual(existingRegistry({ images: { registry: "localhost:5000/team/gameops", tag: "1.0.0" }, registry: undefined }), {
                imagePrefix: "localhost:5000/team/gameops",
                server: "localhost:5000",
                namespace: "team/gameops",
            }));
        it("must build the prefix from gameops:registry when images.registry is unset", () =>
            assert.deepEqual(existingRegistry({ images: { tag: "1.0.0" }, registry: { server: "registry.example.com", namespace: "mygame" } }), {
                imagePrefix: "registry.example.com/mygame",
                server: "registry.example.com",
                namespace: "mygame",
            }));
    });

    describe("#configuredLoadBalancerIds", () => {
        it("must map only zones with an id", () => {
            const z = (name: string, gateway: object) => zoneSchema.parse({ id: 1, name, gateway, room: { active: "a", groups: { a: { replicas: 1 } } } });
            assert.deepEqual(configuredLoadBalancerIds([z("s1", { loadBalancer: { id: "lb-1" } }), z("s2", {})]), { s1: "lb-1" });
        });
    });

    describe("#fork", () => {
        it("must prefix names with the fork's stack", () => assert.equal(forkNamePrefix("dev-alice"), "dev-alice-"));
        it("must accept each known vendor from the parent", () => {
            for (const v of ["alicloud-slb", "tencent-clb", "none"]) assert.equal(parentVendor("acme/gameops/dev", v), v);
        });
        it("must refuse an unknown vendor with the fix", () =>
            assert.throws(() => parentVendor("acme/gameops/dev", "gcp-lb"), {
                message:
                    'gameops:forkOf: stack acme/gameops/dev exports loadBalancerVendor "gcp-lb", not one of alicloud-slb, tencent-clb, none; run `pulumi up` on acme/gameops/dev with this version of gameops first',
            }));
    });
});
