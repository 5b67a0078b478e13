// The VPC and subnet providers through the real SDK against the stand-in: create, read, diff, update,
// delete, and a create retried after the first one's response was lost (adopted, not duplicated).
import { strict as assert } from "node:assert";
import { subnetProvider, vpcProvider } from "../../../components/tencentcloud/providers/network";
import { useStandIn } from "./stand-in/fixture";

const tags = { "gameops.io/env": "prod-tke", "managed-by": "pulumi" };

describe("tencentcloud VPC and subnet providers", () => {
    const t = useStandIn();
    const vpcInputs = () => ({ ...t.conn, name: "gameops-prod-tke", cidrBlock: "10.0.0.0/16", tags });

    it("must create a VPC and a subnet, read them back, and sign every request", async () => {
        const vpc = await vpcProvider.create!(vpcInputs());
        assert.match(vpc.id, /^vpc-/);
        assert.equal(vpc.outs.vpcId, vpc.id);
        const subnet = await subnetProvider.create!({
            ...t.conn,
            name: "gameops-prod-tke-ap-guangzhou-3",
            vpcId: vpc.id,
            zone: "ap-guangzhou-3",
            cidrBlock: "10.0.1.0/24",
            tags,
        });
        assert.equal(subnet.outs.subnetId, subnet.id);
        const read = await subnetProvider.read!(subnet.id, subnet.outs);
        assert.equal(read.id, subnet.id);
        assert.deepEqual(t.api.actions(), [
            "vpc:DescribeVpcs",
            "vpc:CreateVpc",
            "vpc:DescribeVpcs",
            "vpc:DescribeSubnets",
            "vpc:CreateSubnet",
            "vpc:DescribeSubnets",
            "vpc:DescribeSubnets",
        ]);
        const create = t.api.calls.find((c) => c.action === "CreateSubnet")!;
        assert.equal(create.region, "ap-guangzhou");
        assert.deepEqual(create.params, {
            VpcId: vpc.id,
            SubnetName: "gameops-prod-tke-ap-guangzhou-3",
            CidrBlock: "10.0.1.0/24",
            Zone: "ap-guangzhou-3",
            Tags: [
                { Key: "gameops.io/env", Value: "prod-tke" },
                { Key: "managed-by", Value: "pulumi" },
            ],
        });
        assert.deepEqual(t.api.refused, []);
    });

    it("must adopt the VPC a lost create left instead of making a second one", async () => {
        const first = await vpcProvider.create!({ ...vpcInputs(), name: "gameops-retry" });
        t.api.reset();
        const again = await vpcProvider.create!({ ...vpcInputs(), name: "gameops-retry" });
        assert.equal(again.id, first.id);
        assert.deepEqual(t.api.actions(), ["vpc:DescribeVpcs", "vpc:DescribeVpcs"]);
        assert.ok(t.lines.some((l) => l.includes(`${first.id} already exists with this name and tags`)));
    });

    it("must rename in place and replace on a new CIDR block", async () => {
        const vpc = await vpcProvider.create!({ ...vpcInputs(), name: "gameops-rename" });
        assert.deepEqual(await vpcProvider.diff!(vpc.id, vpc.outs, { ...vpcInputs(), name: "gameops-renamed" }), {
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        assert.deepEqual((await vpcProvider.diff!(vpc.id, vpc.outs, { ...vpcInputs(), name: "gameops-rename", cidrBlock: "10.1.0.0/16" })).replaces, [
            "cidrBlock",
        ]);
        assert.equal((await vpcProvider.diff!(vpc.id, vpc.outs, { ...vpcInputs(), name: "gameops-rename", timing: { pollMs: 1 } })).changes, false);
        await vpcProvider.update!(vpc.id, vpc.outs, { ...vpcInputs(), name: "gameops-renamed" });
        assert.equal(t.api.state.vpcs.get(vpc.id)!.VpcName, "gameops-renamed");
        const subnet = await subnetProvider.create!({ ...t.conn, name: "s", vpcId: vpc.id, zone: "ap-guangzhou-4", cidrBlock: "10.0.2.0/24", tags });
        assert.deepEqual((await subnetProvider.diff!(subnet.id, subnet.outs, { ...subnet.outs, zone: "ap-guangzhou-3" })).replaces, ["zone"]);
        await subnetProvider.update!(subnet.id, subnet.outs, { ...subnet.outs, name: "s2" });
        assert.equal(t.api.state.subnets.get(subnet.id)!.SubnetName, "s2");
    });

    it("must delete subnet then VPC, and read a deleted one as gone", async () => {
        const vpc = await vpcProvider.create!({ ...vpcInputs(), name: "gameops-delete" });
        const subnet = await subnetProvider.create!({ ...t.conn, name: "d", vpcId: vpc.id, zone: "ap-guangzhou-3", cidrBlock: "10.0.3.0/24", tags });
        await subnetProvider.delete!(subnet.id, subnet.outs);
        await vpcProvider.delete!(vpc.id, vpc.outs);
        assert.equal(t.api.state.vpcs.has(vpc.id), false);
        assert.deepEqual(await vpcProvider.read!(vpc.id, vpc.outs), { id: "", props: {} });
        t.api.reset();
        await vpcProvider.delete!(vpc.id, vpc.outs);
        assert.deepEqual(t.api.actions(), ["vpc:DescribeVpcs"], "deleting what is gone calls no Delete");
    });

    it("must name the API code, request id and what to do when the VPC cannot be deleted", async () => {
        const vpc = await vpcProvider.create!({ ...vpcInputs(), name: "gameops-busy" });
        await subnetProvider.create!({ ...t.conn, name: "busy", vpcId: vpc.id, zone: "ap-guangzhou-3", cidrBlock: "10.0.4.0/24", tags });
        await assert.rejects(vpcProvider.delete!(vpc.id, vpc.outs), {
            message: new RegExp(
                "^tencentcloud vpc:DeleteVpc failed in ap-guangzhou: ResourceInUse: The VPC vpc-\\w+ still has subnets. \\(request id stand-in-\\d+\\); something still uses it \\(delete in order: zones, node pools, cluster, CLBs, subnets, VPC\\); retry after it is gone$",
            ),
        });
    });
});
