// The whole pack against every committed stack: what the program registers passes every rule.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { protectionEvidence } from "../../policy/rules/protectedData";
import { repoRoot } from "../program/harness/run";
import { committedStacks, evaluatePack } from "./harness";
import { stackResources } from "./fixtures";

describe("gameops policy pack", () => {
    describe("#committed stacks", () => {
        it("must cover every Pulumi.<stack>.yaml in the repository", () => {
            const files = fs.readdirSync(repoRoot).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).sort();
            assert.deepEqual(files, committedStacks.map((s) => `Pulumi.${s}.yaml`).sort());
        });

        for (const stack of committedStacks) {
            it(`must report no violation on Pulumi.${stack}.yaml`, async () => {
                const resources = await stackResources(stack);
                assert.ok(resources.some((r) => r.type === "kubernetes:apps/v1:StatefulSet"), "the stack registers workloads");
                assert.deepEqual(await evaluatePack(resources), []);
            });
        }

        it("must treat prod (gameops:protect true) as a protected stack, so its zero violations mean everything is protected", async () => {
            assert.match(protectionEvidence(await stackResources("prod"), new Map()) ?? "unprotected", / has protect$/);
        });

        for (const stack of ["dev", "local", "dev-alice"]) {
            it(`must treat ${stack} (no gameops:protect) as unprotected`, async () => {
                assert.equal(protectionEvidence(await stackResources(stack), new Map()), undefined);
            });
        }
    });
});
