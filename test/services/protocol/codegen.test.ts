import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../../..");
const committed = path.join(root, "services/protocol/gen");

async function listFiles(dir: string, base = dir): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...(await listFiles(p, base)));
        else out.push(path.relative(base, p));
    }
    return out.sort();
}

describe("protocol codegen", () => {
    describe("#buf generate", () => {
        let tmp = "";
        before(async () => {
            tmp = await mkdtemp(path.join(tmpdir(), "gameops-gen-"));
        });
        after(async () => {
            await rm(tmp, { recursive: true, force: true });
        });

        it("must regenerate exactly the committed services/protocol/gen (run `npm run gen` on drift)", async () => {
            await run(path.join(root, "node_modules/.bin/buf"), ["generate", "-o", tmp], { cwd: root });
            const fresh = path.join(tmp, "services/protocol/gen");
            const files = await listFiles(fresh);
            assert.deepEqual(files, await listFiles(committed));
            for (const f of files) {
                assert.equal(
                    await readFile(path.join(fresh, f), "utf8"),
                    await readFile(path.join(committed, f), "utf8"),
                    `${f} differs from the .proto files; run npm run gen and commit the result`,
                );
            }
        });
    });
});
