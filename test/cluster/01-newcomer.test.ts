// A newcomer's first minutes (README, top): one command brings the cluster with a real node up, builds
// the images and deploys the local stack; its output says how to play, and playing works.
import assert from "node:assert/strict";
import { kubectl, until } from "../e2e/harness/kube";
import { hostState } from "./harness/host";
import { clusterDir, localWorkspace, readme } from "./harness/local";
import { hostBefore } from "./harness/state";
import { namespace, podReady, pods } from "./harness/zone";

const playCommand = 'BOT_JWT_KEY="$(npm run -s local:jwt-key)" npm run bot -- --url ws://127.0.0.1:30606 --players 8 --rooms 2 --rounds 3';

describe("npm run local:up", () => {
    let output: string;

    before(async function () {
        this.timeout(1_800_000);
        hostBefore.set(hostState(clusterDir));
        const t0 = Date.now();
        const up = await readme("npm run local:up");
        output = up.stdout;
        process.stdout.write(`      local:up took ${Math.round((Date.now() - t0) / 1000)}s\n`);
    });

    describe("#output", () => {
        it("must print the gateway URL and the command to play", () => {
            assert.match(output, /gateway: {2}ws:\/\/127\.0\.0\.1:30606\n/);
            assert.ok(output.includes(`play:     ${playCommand}\n`), output);
        });
    });

    describe("#pods", () => {
        it("must run every pod of the zone for real: on the node, Running and Ready through its probes, never restarted", async function () {
            this.timeout(180_000);
            const all = await until("every pod of the zone Ready", 150, async () => {
                const ps = await pods("gameops.io/zone=s1");
                return ps.length >= 3 && ps.filter((p) => p.metadata.labels["app.kubernetes.io/component"] !== "cron").every(podReady) ? ps : undefined;
            });
            const long = all.filter((p) => p.metadata.labels["app.kubernetes.io/component"] !== "cron");
            assert.deepEqual(long.map((p) => p.metadata.labels["app.kubernetes.io/component"]).sort(), ["gateway", "redis", "room"]);
            for (const p of long) {
                assert.equal(p.spec.nodeName, "gameops-node", p.metadata.name);
                assert.match(p.status.podIP, /^10\.244\.77\./, p.metadata.name);
                for (const s of p.status.containerStatuses) assert.equal(s.restartCount, 0, `${p.metadata.name}/${s.name}`);
            }
        });

        it("must run the services as uid 10001 on a read-only root, with neither npm nor the build's CA in the image", async () => {
            const [gateway] = await pods("gameops.io/zone=s1,app.kubernetes.io/component=gateway");
            const exec = (...cmd: string[]) => kubectl("exec", "-n", namespace, gateway.metadata.name, "--", ...cmd);
            assert.equal((await exec("id", "-u")).trim(), "10001");
            await assert.rejects(exec("touch", "/app/written"), /Read-only file system/);
            const probe = await exec("sh", "-c", "ls /usr/local/bin/npm /etc/ssl/certs/ca-certificates.crt 2>&1; true");
            assert.match(probe, /npm': No such file or directory/);
            assert.match(probe, /ca-certificates.crt': No such file or directory/);
        });
    });

    describe("#play", () => {
        it("must let the printed command play three rounds in two rooms through the NodePort on 127.0.0.1", async function () {
            this.timeout(120_000);
            const ws = await localWorkspace();
            const result = await readme(playCommand);
            // npm prints its own header first; the bot's summary is the JSON after it.
            const summary = JSON.parse(result.stdout.slice(result.stdout.indexOf("\n{") + 1));
            assert.deepEqual(summary.ends, { finished: 8, replaced: 0, lost: 0, closed: 0, unfinished: 0 });
            assert.equal(summary.roundsPlayed, 6);
            assert.ok(!result.stdout.includes(await ws.must("npm run -s local:jwt-key").then((r) => r.stdout.trim())), "the key stays out of the output");
        });
    });
});
