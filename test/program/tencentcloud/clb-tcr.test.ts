// The CLB and TCR providers through the real SDK against the stand-in: create (waiting out the
// asynchronous states), read, diff, update, delete, deletion protection, and a retried create that
// adopts (CLB, TCR instance, namespace, repository) or revokes a token whose secret was lost.
import { strict as assert } from "node:assert";
import { clbProvider } from "../../../components/tencentcloud/providers/clb";
import { tcrInstanceProvider, tcrNamespaceProvider, tcrRepositoryProvider, tcrTokenProvider } from "../../../components/tencentcloud/providers/tcr";
import { rejection, useStandIn } from "./stand-in/fixture";

const tags = { "gameops.io/env": "prod-tke", "gameops.io/zone": "s1", "managed-by": "pulumi" };

describe("tencentcloud CLB provider", () => {
    const t = useStandIn();
    const inputs = (name: string, deleteProtect = false) => ({ ...t.conn, name, vpcId: "vpc-00000001", deleteProtect, tags });

    it("must create a public CLB in the VPC, wait for it, and return its id and address", async () => {
        const lb = await clbProvider.create!(inputs("gameops-prod-tke-s1-gateway"));
        assert.match(lb.id, /^lb-/);
        assert.deepEqual([lb.outs.loadBalancerId, lb.outs.address], [lb.id, "119.28.0.1"]);
        const p = t.api.calls.find((c) => c.action === "CreateLoadBalancer")!.params;
        assert.deepEqual([p.LoadBalancerType, p.Forward, p.VpcId, p.LoadBalancerName], ["OPEN", 1, "vpc-00000001", "gameops-prod-tke-s1-gateway"]);
        assert.match(p.ClientToken, /^[0-9a-f]{32}$/);
        assert.deepEqual(p.Tags[0], { TagKey: "gameops.io/env", TagValue: "prod-tke" });
        assert.ok(t.lines.some((l) => l.startsWith(`CLB: CLB ${lb.id}: creating`)));
    });

    it("must adopt the CLB of a lost create", async () => {
        const first = await clbProvider.create!(inputs("retry"));
        const again = await clbProvider.create!(inputs("retry"));
        assert.equal(again.id, first.id);
        assert.equal(t.api.actions().filter((a) => a === "clb:CreateLoadBalancer").length, 1);
    });

    it("must rename and protect in place, refuse a protected delete with the fix, and delete once unprotected", async () => {
        const lb = await clbProvider.create!(inputs("protect"));
        assert.deepEqual(await clbProvider.diff!(lb.id, lb.outs, inputs("protect", true)), { changes: true, replaces: [], deleteBeforeReplace: false });
        assert.deepEqual((await clbProvider.diff!(lb.id, lb.outs, { ...inputs("protect"), vpcId: "vpc-00000002" })).replaces, ["vpcId"]);
        const protectedLb = await clbProvider.update!(lb.id, lb.outs, inputs("protected", true));
        assert.deepEqual(t.api.calls.find((c) => c.action === "ModifyLoadBalancerAttributes")!.params, {
            LoadBalancerId: lb.id,
            LoadBalancerName: "protected",
            DeleteProtect: true,
        });
        assert.match(
            await rejection(() => clbProvider.delete!(lb.id, protectedLb.outs)),
            /has deletion protection on \(gameops:protect: true\); players connect to its address/,
        );
        const open = await clbProvider.update!(lb.id, protectedLb.outs, inputs("protected"));
        await clbProvider.delete!(lb.id, open.outs);
        assert.deepEqual(await clbProvider.read!(lb.id, open.outs), { id: "", props: {} });
    });
});

describe("tencentcloud TCR providers", () => {
    const t = useStandIn();
    const instanceInputs = (name: string) => ({ ...t.conn, name, registryType: "standard", deletionProtection: false, tags });

    it("must create an instance, a namespace, a repository per service and a pull token", async () => {
        const instance = await tcrInstanceProvider.create!(instanceInputs("gameops-prod-tke"));
        assert.equal(instance.outs.status, "Running");
        assert.ok(t.lines.some((l) => l.startsWith(`TCR instance: TCR instance ${instance.id}: Pending`)));
        const ns = await tcrNamespaceProvider.create!({ ...t.conn, registryId: instance.id, name: "gameops" });
        assert.equal(ns.outs.domain, "gameops-prod-tke.tencentcloudcr.com");
        for (const service of ["gateway", "room", "cron"]) {
            const repo = await tcrRepositoryProvider.create!({
                ...t.conn,
                registryId: instance.id,
                namespace: "gameops",
                name: service,
                description: `gameops ${service} image`,
            });
            assert.equal(repo.outs.repository, `gameops/${service}`);
        }
        const token = await tcrTokenProvider.create!({ ...t.conn, registryId: instance.id, description: "gameops prod-tke cluster pulls" });
        assert.deepEqual([token.outs.username, token.outs.password], ["100012345678", `secret-${token.id}`]);
        const read = await tcrTokenProvider.read!(token.id, token.outs);
        assert.equal(read.props.password, token.outs.password, "a refresh keeps the token, which the API never shows again");
        assert.deepEqual(
            t.api.actions().filter((a) => a.includes("Create")),
            ["tcr:CreateInstance", "tcr:CreateNamespace", "tcr:CreateRepository", "tcr:CreateRepository", "tcr:CreateRepository", "tcr:CreateInstanceToken"],
        );
    });

    it("must adopt an instance, namespace and repository on a retried create, and revoke a token whose secret was lost", async () => {
        const instance = await tcrInstanceProvider.create!(instanceInputs("retry"));
        assert.equal((await tcrInstanceProvider.create!(instanceInputs("retry"))).id, instance.id);
        const nsInputs = { ...t.conn, registryId: instance.id, name: "ns" };
        const ns = await tcrNamespaceProvider.create!(nsInputs);
        assert.equal((await tcrNamespaceProvider.create!(nsInputs)).id, ns.id);
        const repoInputs = { ...t.conn, registryId: instance.id, namespace: "ns", name: "room", description: "d" };
        const repo = await tcrRepositoryProvider.create!(repoInputs);
        assert.equal((await tcrRepositoryProvider.create!(repoInputs)).id, repo.id);
        const tokenInputs = { ...t.conn, registryId: instance.id, description: "pulls" };
        const lost = await tcrTokenProvider.create!(tokenInputs);
        const fresh = await tcrTokenProvider.create!(tokenInputs);
        assert.notEqual(fresh.id, lost.id);
        assert.deepEqual(
            [...t.api.state.tokens.values()].filter((tk) => tk.RegistryId === instance.id).map((tk) => tk.id),
            [fresh.id],
            "the lost token is revoked, so only one stays valid",
        );
        assert.ok(t.lines.some((l) => l.includes(`revoking ${lost.id}`)));
        for (const kind of ["CreateInstance", "CreateNamespace", "CreateRepository"])
            assert.equal(t.api.actions().filter((a) => a === `tcr:${kind}`).length, 1, kind);
    });

    it("must update in place, replace on a new name, refuse a protected delete, and delete in order", async () => {
        const instance = await tcrInstanceProvider.create!(instanceInputs("upd"));
        assert.deepEqual((await tcrInstanceProvider.diff!(instance.id, instance.outs, { ...instanceInputs("upd2") })).replaces, ["name"]);
        const prot = await tcrInstanceProvider.update!(instance.id, instance.outs, {
            ...instanceInputs("upd"),
            registryType: "premium",
            deletionProtection: true,
        });
        assert.deepEqual(
            [t.api.state.registries.get(instance.id)!.RegistryType, t.api.state.registries.get(instance.id)!.DeletionProtection],
            ["premium", true],
        );
        assert.match(
            await rejection(() => tcrInstanceProvider.delete!(instance.id, prot.outs)),
            /has deletion protection on \(gameops:protect: true\); it holds the released images/,
        );
        const repoInputs = { ...t.conn, registryId: instance.id, namespace: "ns", name: "cron", description: "old" };
        const ns = await tcrNamespaceProvider.create!({ ...t.conn, registryId: instance.id, name: "ns" });
        const repo = await tcrRepositoryProvider.create!(repoInputs);
        assert.deepEqual(await tcrRepositoryProvider.diff!(repo.id, repo.outs, { ...repoInputs, description: "new" }), {
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        await tcrRepositoryProvider.update!(repo.id, repo.outs, { ...repoInputs, description: "new" });
        assert.equal(t.api.state.repositories.get(repo.id)!.BriefDescription, "new");
        await tcrRepositoryProvider.delete!(repo.id, repo.outs);
        await tcrNamespaceProvider.delete!(ns.id, ns.outs);
        const open = await tcrInstanceProvider.update!(instance.id, prot.outs, { ...instanceInputs("upd"), registryType: "premium" });
        await tcrInstanceProvider.delete!(instance.id, open.outs);
        assert.deepEqual(await tcrInstanceProvider.read!(instance.id, open.outs), { id: "", props: {} });
    });

    it("must name the instance id when an existing instance is not there", async () => {
        const message = await rejection(() => tcrNamespaceProvider.create!({ ...t.conn, registryId: "tcr-missing1", name: "gameops" }));
        assert.match(
            message,
            /tcr:CreateNamespace failed in ap-guangzhou: ResourceNotFound: The instance tcr-missing1 does not exist\. \(request id stand-in-\d+\)/,
        );
    });
});
