// A dynamic provider runs where Pulumi deserializes it: a separate plain Node process that has only the
// serialized functions (no TypeScript, no program modules). Serialize each provider the way
// pulumi.dynamic.Resource does, run it in such a process against the stand-in, and check that the
// text carries no secret and loads the SDK itself.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { clbProvider } from "../../../components/tencentcloud/providers/clb";
import { subnetProvider, vpcProvider } from "../../../components/tencentcloud/providers/network";
import { tcrInstanceProvider, tcrNamespaceProvider, tcrRepositoryProvider, tcrTokenProvider } from "../../../components/tencentcloud/providers/tcr";
import { clusterProvider, nodePoolProvider } from "../../../components/tencentcloud/providers/tke";
import { repoRoot } from "../../../lib/program/run";
import { useStandIn } from "./stand-in/fixture";
import { standInCredentials } from "./stand-in/server";

const providers = {
    vpcProvider,
    subnetProvider,
    clusterProvider,
    nodePoolProvider,
    clbProvider,
    tcrInstanceProvider,
    tcrNamespaceProvider,
    tcrRepositoryProvider,
    tcrTokenProvider,
};

async function serialize(provider: object): Promise<string> {
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    return (await serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** Runs `create` of the serialized provider in a plain Node process (no tsx): its result and the lines it logged. */
function createIn(child: string, inputs: object): Promise<{ id: string; outs: Record<string, unknown>; logged: string[] }> {
    const script = `require(${JSON.stringify(child)}).handler().create(JSON.parse(process.env.INPUTS)).then((r) => process.stdout.write("RESULT " + JSON.stringify(r)), (e) => { process.stderr.write(String(e.message)); process.exit(1); })`;
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            ["-e", script],
            { env: { PATH: process.env.PATH, NODE_PATH: path.join(repoRoot, "node_modules"), INPUTS: JSON.stringify(inputs) } },
            (err, stdout, stderr) => {
                if (err) return reject(new Error(`${err.message}: ${stderr}`));
                const [logged, result] = stdout.split("RESULT ");
                resolve({ ...JSON.parse(result), logged: logged.split("\n").filter((l) => l !== "") });
            },
        );
    });
}

describe("tencentcloud providers, serialized", () => {
    let dir: string;
    const texts: Record<string, string> = {};
    // Before the stand-in's hooks redirect progress lines: what is serialized is what `pulumi up` ships.
    before(async function () {
        this.timeout(120_000);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "gameops-tc-"));
        for (const [name, provider] of Object.entries(providers)) texts[name] = await serialize(provider);
    });
    const t = useStandIn();
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("must load the SDK inside the functions and carry no credential", () => {
        for (const [name, text] of Object.entries(texts)) {
            assert.match(text, /require\("tencentcloud-sdk-nodejs\/tencentcloud\/services\/(vpc|tke|clb|tcr)"\)/, name);
            assert.doesNotMatch(text, /require\("\.{1,2}\//, `${name} requires no module of the program by path`);
            for (const secret of [standInCredentials.secretId, standInCredentials.secretKey]) assert.ok(!text.includes(secret), name);
        }
    });

    it("must create a VPC from the serialized provider in a plain Node process, signed and adopted like in-process", async function () {
        this.timeout(60_000);
        const file = path.join(dir, "vpc.js");
        fs.writeFileSync(file, texts.vpcProvider);
        const inputs = { ...t.conn, name: "gameops-serialized", cidrBlock: "10.0.0.0/16", tags: { "managed-by": "pulumi" } };
        const made = await createIn(file, inputs);
        assert.match(made.id, /^vpc-/);
        const again = await createIn(file, inputs);
        assert.equal(again.id, made.id);
        assert.deepEqual(t.api.actions(), ["vpc:DescribeVpcs", "vpc:CreateVpc", "vpc:DescribeVpcs", "vpc:DescribeVpcs", "vpc:DescribeVpcs"]);
        assert.deepEqual(t.api.refused, []);
    });

    it("must run a TKE cluster's create (polling included) from the serialized provider", async function () {
        this.timeout(60_000);
        const vpc = await vpcProvider.create!({ ...t.conn, name: "gameops-ser-vpc", cidrBlock: "10.0.0.0/16", tags: {} });
        const file = path.join(dir, "cluster.js");
        fs.writeFileSync(file, texts.clusterProvider);
        const made = await createIn(file, {
            ...t.conn,
            name: "gameops-ser",
            version: "1.30.0",
            vpcId: vpc.id,
            networkType: "GR",
            clusterCidr: "172.16.0.0/16",
            serviceCidr: "192.168.0.0/20",
            maxNodePodNum: 64,
            subnetIds: ["subnet-a"],
            deletionProtection: false,
            publicEndpoint: true,
            tags: {},
        });
        assert.equal(made.outs.status, "Running");
        assert.match(String(made.outs.kubeconfig), /^apiVersion: v1/);
        // Without an engine connection (the dynamic provider host has none) Pulumi's log writes to stdout, which the engine shows.
        assert.deepEqual(
            made.logged.map((l) => l.replace(/ \(\d+ s\)$/, "")),
            [
                `info: [runtime] TKE cluster: created ${made.id}`,
                `info: [runtime] TKE cluster: cluster ${made.id}: Creating`,
                `info: [runtime] TKE cluster: cluster ${made.id}: Running`,
                `info: [runtime] TKE cluster: cluster ${made.id} public endpoint: Creating`,
                `info: [runtime] TKE cluster: cluster ${made.id} public endpoint: Created`,
            ],
        );
    });
});
