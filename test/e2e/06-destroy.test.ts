// The end of the local stack: with gameops:protect a destroy is refused; without it, `pulumi destroy`
// removes every object it created. The README's steps changed or deleted no committed file.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { get, list, until } from "./harness/kube";
import { localStackUp } from "./harness/local-stack";
import { readmeCommand } from "./harness/readme";
import { repoRoot, Workspace } from "./harness/workspace";
import { stateObjects } from "./02-up.test";

describe("destroy (real engine, real API server)", () => {
    let ws: Workspace;
    before(async () => {
        ws = await localStackUp();
    });

    it("must refuse to destroy a stack with gameops:protect true", async () => {
        await ws.must("pulumi config set gameops:protect true");
        await ws.must("pulumi up");
        const destroy = await ws.sh("pulumi destroy");
        assert.notEqual(destroy.code, 0);
        assert.match(destroy.stdout + destroy.stderr, /resource "urn:pulumi:local::gameops::[^"]+" cannot be deleted\s+because it is protected/);
        assert.ok(await get("namespace", "s1"), "the zone is still there");
        await ws.must("pulumi config set gameops:protect false");
        await ws.must("pulumi up");
    });

    it("must remove every object it created", async () => {
        const objects = await stateObjects(ws);
        await ws.must(readmeCommand("pulumi destroy"));
        await until("the zone namespace gone", 180, async () => ((await get("namespace", "s1")) === undefined ? true : undefined));
        for (const r of objects) {
            const { name, namespace } = r.inputs!.metadata;
            assert.equal(await get(r.type.split(":").pop()!, name, namespace), undefined, `${r.urn} is gone`);
        }
        assert.deepEqual(
            (await list("namespaces", undefined, "gameops.io/env")).map((n) => n.metadata.name),
            [],
        );
    });

    it("must leave every committed file unchanged and in place after the README's steps", async () => {
        await ws.must("pulumi stack rm local");
        const { stdout } = await ws.sh("git -C " + JSON.stringify(repoRoot) + " ls-files");
        const changed = stdout
            .split("\n")
            .filter((f) => f !== "")
            .filter((f) => !fs.existsSync(ws.file(f)) || !fs.readFileSync(ws.file(f)).equals(fs.readFileSync(path.join(repoRoot, f))));
        assert.deepEqual(changed, []);
    });
});
