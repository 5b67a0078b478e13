// The policy pack on the real engine: the CLI runs policy/ as a policy pack against the local stack.
import { strict as assert } from "node:assert";
import { localStackUp } from "./harness/local-stack";
import { Workspace } from "./harness/workspace";

describe("the policy pack (real engine)", () => {
    let ws: Workspace;
    before(async () => {
        ws = await localStackUp();
    });

    it("must report zero violations on the local stack", async () => {
        const preview = await ws.sh("pulumi preview --policy-pack policy");
        const output = preview.stdout + preview.stderr;
        assert.equal(preview.code, 0, output);
        assert.match(output, /Policies:\s+✅ gameops@v?0\.1\.0 \(local: policy\)/);
        assert.doesNotMatch(output, /mandatory|advisory|violation/i);
    });
});
