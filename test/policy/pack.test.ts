// The pack as the CLI loads it: policy/index.ts constructs one PolicyPack with every rule. The real
// constructor serves the policy gRPC API at once, so this test swaps in a recording PolicyPack.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import type { PolicyPackArgs } from "@pulumi/policy";
import { parse } from "yaml";
import { packArgs, packName } from "../../policy/pack";
import { repoRoot } from "../../lib/program/run";

const policyDir = path.join(repoRoot, "policy");

const expectedPolicies = [
    "gameops-image-pinned",
    "gameops-pods-non-root",
    "gameops-read-only-root-filesystem",
    "gameops-room-drain",
    "gameops-secret-env-from-secret",
    "gameops-cronjob-limits",
    "gameops-zone-default-deny",
    "gameops-world-ingress-scoped",
    "gameops-protected-data",
];

/** Loads policy/index.ts with @pulumi/policy's PolicyPack replaced by a recorder; returns what was constructed. */
function loadIndexRecording(): { name: string; args: PolicyPackArgs }[] {
    const constructed: { name: string; args: PolicyPackArgs }[] = [];
    class RecordingPolicyPack {
        constructor(name: string, args: PolicyPackArgs) {
            constructed.push({ name, args });
        }
    }
    const policyModule = require.resolve("@pulumi/policy", { paths: [policyDir] });
    const indexModule = require.resolve(path.join(policyDir, "index.ts"));
    const real = require.cache[policyModule];
    const fake = new Module(policyModule);
    fake.filename = policyModule;
    fake.loaded = true;
    fake.exports = { ...require(policyModule), PolicyPack: RecordingPolicyPack };
    require.cache[policyModule] = fake;
    delete require.cache[indexModule];
    try {
        require(indexModule);
    } finally {
        if (real) require.cache[policyModule] = real;
        else delete require.cache[policyModule];
        delete require.cache[indexModule];
    }
    return constructed;
}

describe("gameops policy pack", () => {
    describe("#pack", () => {
        it("must construct exactly one PolicyPack named gameops with every rule from policy/index.ts", () => {
            const constructed = loadIndexRecording();
            assert.equal(constructed.length, 1);
            assert.equal(constructed[0].name, "gameops");
            assert.equal(constructed[0].args, packArgs);
            assert.deepEqual(
                constructed[0].args.policies.map((p) => p.name),
                expectedPolicies,
            );
        });

        it("must make every rule mandatory, described, with remediation steps", () => {
            assert.equal(packName, "gameops");
            assert.equal(packArgs.enforcementLevel, "mandatory");
            for (const policy of packArgs.policies) {
                assert.equal(policy.enforcementLevel, "mandatory", policy.name);
                assert.ok(policy.description.length > 40, `${policy.name} has a description`);
                assert.ok((policy.remediationSteps ?? "").length > 20, `${policy.name} has remediation steps`);
            }
            const stackPolicies = packArgs.policies.filter((p) => "validateStack" in p).map((p) => p.name);
            assert.deepEqual(stackPolicies, ["gameops-zone-default-deny", "gameops-protected-data"]);
        });

        it("must install standalone with the versions the repository pins", () => {
            const root = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
            const pack = JSON.parse(fs.readFileSync(path.join(policyDir, "package.json"), "utf8"));
            const pinned = { ...root.dependencies, ...root.devDependencies };
            // PolicyPack reads the version from the pack's package.json and refuses an empty one.
            assert.match(pack.version, /^\d+\.\d+\.\d+$/);
            for (const [name, version] of Object.entries({ ...pack.dependencies, ...pack.devDependencies })) {
                assert.equal(version, pinned[name], `${name} in policy/package.json`);
            }
            assert.equal(pack.dependencies["@pulumi/policy"], "1.21.0");
            assert.equal(parse(fs.readFileSync(path.join(policyDir, "PulumiPolicy.yaml"), "utf8")).runtime, "nodejs");
        });

        it("must be run by the pull-request preview of every shared stack", () => {
            const wf = parse(fs.readFileSync(path.join(repoRoot, ".github/workflows/pull-request.yml"), "utf8"));
            const preview = wf.jobs.preview.steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@"));
            assert.equal(preview.with.command, "preview");
            assert.equal(preview.with.policyPacks, "policy");
            assert.ok(fs.existsSync(path.join(repoRoot, preview.with.policyPacks, "PulumiPolicy.yaml")));
        });
    });
});
