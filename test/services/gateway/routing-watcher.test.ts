import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { RoutingWatcher } from "../../../services/gateway/routing-watcher";
import { within } from "../../../lib/services/wait";
import { KubeletDir } from "../../../lib/services/kubelet-dir";

describe("RoutingWatcher", () => {
    let dir: string;
    let watcher: RoutingWatcher | undefined;

    beforeEach(async () => {
        dir = await mkdtemp(path.join(tmpdir(), "gameops-routing-"));
    });

    afterEach(async () => {
        watcher?.close();
        watcher = undefined;
        await rm(dir, { recursive: true, force: true });
    });

    async function start(file: string, pollMs = 3_600_000, watchDir = true): Promise<RoutingWatcher> {
        const r = await RoutingWatcher.start({ file, pollMs, watchDir });
        if (!r.ok) throw new Error(r.error);
        watcher = r.watcher;
        return r.watcher;
    }

    describe("#start", () => {
        it("must refuse to start on a missing file with the variable and the path", async () => {
            const file = path.join(dir, "nope.json");
            const r = await RoutingWatcher.start({ file });
            assert.deepEqual(r, { ok: false, error: `ROUTING_FILE: cannot read "${file}" (ENOENT); point it at the routing.json file` });
        });

        it("must refuse to start on an invalid file", async () => {
            const file = path.join(dir, "routing.json");
            await writeFile(file, '{"activeGroup":""}');
            const r = await RoutingWatcher.start({ file });
            assert.deepEqual(r, { ok: false, error: `${file}: activeGroup: found "": a group name like a or b` });
        });
    });

    describe("#watch", () => {
        it("must apply a rewritten plain file without polling (directory watch)", async () => {
            const file = path.join(dir, "routing.json");
            await writeFile(file, '{"activeGroup":"a"}');
            const w = await start(file);
            const changed = once(w, "policy");
            await writeFile(file, '{"activeGroup":"b"}');
            const [policy] = await within("policy event", changed, 10_000);
            assert.deepEqual(policy, { activeGroup: "b" });
            assert.equal(w.current().activeGroup, "b");
        });

        it("must apply a kubelet-style ..data symlink swap", async () => {
            const k = new KubeletDir(dir);
            await k.init('{"activeGroup":"a"}');
            const w = await start(k.file);
            assert.equal(w.current().activeGroup, "a");
            const changed = once(w, "policy");
            await k.swap('{"activeGroup":"b","versionRules":[{"minClientVersion":"2.0.0","group":"a"}]}');
            const [policy] = await within("policy event", changed, 10_000);
            assert.deepEqual(policy, { activeGroup: "b", versionRules: [{ minClientVersion: "2.0.0", group: "a" }] });
        });

        it("must keep the last good policy when the new content is garbage", async () => {
            const k = new KubeletDir(dir);
            await k.init('{"activeGroup":"a"}');
            const w = await start(k.file);
            const invalid = once(w, "invalid");
            await k.swap("{ garbage");
            const [error] = await within("invalid event", invalid, 10_000);
            assert.match(error as string, /not JSON or YAML/);
            assert.equal(w.current().activeGroup, "a");
        });

        it("must pick a change up by polling alone", async () => {
            const file = path.join(dir, "routing.json");
            await writeFile(file, '{"activeGroup":"a"}');
            const w = await start(file, 50, false);
            const changed = once(w, "policy");
            await writeFile(file, "activeGroup: b\n");
            const [policy] = await within("policy event", changed, 10_000);
            assert.deepEqual(policy, { activeGroup: "b" });
        });
    });
});
