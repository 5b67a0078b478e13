// The okg engine's room-server side with real processes: rules hot-reloaded from the file the rules
// sidecar writes while bots play (the next round takes the new duration, nobody is disconnected; a bad
// file is refused with one log line and the old rules stay), the state probe as rooms open and close and
// the desired version moves, and the rules sidecar itself.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Cluster, type RoomServer } from "../../../lib/services/cluster";
import { KubeletDir } from "../../../lib/services/kubelet-dir";
import { freePort } from "../../../lib/services/ports";
import { startService } from "../../../lib/services/process";
import { waitFor } from "../../../lib/services/wait";
import { seatAutos } from "./seat";

const repoRoot = path.resolve(__dirname, "../../..");

/** Runs the state probe as kruise-daemon does (a command in the room container); its exit code and output. */
function probe(port: number): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["--import", "tsx", path.join(repoRoot, "services/room/probe.ts")],
            { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", LOCAL_ADMIN_PORT: String(port) } },
            (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

describe("okg room server", () => {
    let cluster: Cluster;
    let dir: string;
    let rulesFile: string;
    let versions: KubeletDir;
    let room: RoomServer;
    let localPort: number;

    /** As the sidecar does: written beside the target and renamed over it. */
    async function writeRules(content: unknown): Promise<void> {
        await writeFile(`${rulesFile}.partial`, typeof content === "string" ? content : JSON.stringify(content));
        await rename(`${rulesFile}.partial`, rulesFile);
    }

    beforeEach(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        dir = await mkdtemp(path.join(tmpdir(), "gameops-okg-"));
        rulesFile = path.join(dir, "rules", "rules.json");
        await mkdir(path.dirname(rulesFile));
        await writeRules({ version: "r1", roundMs: 1500, settleMs: 150, seats: 4, payout: 1 });
        await mkdir(path.join(dir, "versions"));
        versions = new KubeletDir(path.join(dir, "versions"), "versions.json");
        await versions.init(JSON.stringify({ a: { version: "drill", release: "lossless" } }));
        localPort = await freePort();
        room = await cluster.addRoom("room-a-0", "a", { RULES_FILE: rulesFile, DESIRED_VERSION_FILE: versions.file, LOCAL_ADMIN_PORT: String(localPort) });
        await cluster.addGateway();
    });

    afterEach(async () => {
        await cluster.stop();
        await rm(dir, { recursive: true, force: true });
    });

    describe("#rules", () => {
        it("must play the next round by a new rules file while bots play, refuse a bad one and keep the rules, and disconnect nobody", async function () {
            this.timeout(120_000);
            const autos = await seatAutos(cluster, "rules-", 8, 2, { rounds: 8 });
            const byRoom = ["rules-0", "rules-1"].map((r) => autos.filter((a) => a.room === r));
            await Promise.all(byRoom.map((players) => Promise.race(players.map((a) => a.player.next("start", (ms) => ms === 1500n, 20_000)))));

            await writeRules({ version: "r2", roundMs: 700, settleMs: 150, seats: 4, payout: 3 });
            await room.proc.waitForLog("the new rules applied", (l) => l.msg === "rules applied; rooms take them from their next round" && l.to === "r2");
            // Every room's next round announces (and runs) the new duration.
            await Promise.all(byRoom.map((players) => Promise.race(players.map((a) => a.player.next("start", (ms) => ms === 700n, 20_000)))));

            await writeRules("{ roundMs: 10");
            const rejected = await room.proc.waitForLog("the bad file refused", (l) => l.msg === "rules file rejected; the rules in force stay");
            assert.equal(rejected.keeping, "r2");
            assert.match(String(rejected.reason), /^not JSON/);
            const reload = await fetch(`http://127.0.0.1:${localPort}/rules/reload`, { method: "POST" });
            assert.equal(reload.status, 422);
            assert.equal(((await reload.json()) as { version: string }).version, "r2");
            const ready = await room.proc.waitForLog("the ready line", (l) => l.msg === "room server ready");
            const metrics = await (await fetch(`http://127.0.0.1:${ready.adminPort}/metrics`)).text();
            assert.match(metrics, /^gameops_room_rules_info\{version="r2"\} 1$/m);
            assert.doesNotMatch(metrics, /gameops_room_rules_info\{version="r1"\}/);
            assert.match(metrics, /^gameops_room_rules_reloads_total\{outcome="rejected"\} 2$/m);
            // The rounds after the refusal still run by r2.
            await Promise.all(byRoom.map((players) => Promise.race(players.map((a) => a.player.next("start", (ms) => ms === 700n, 20_000)))));

            const ends = await Promise.all(autos.map((a) => a.done));
            assert.deepEqual(new Set(ends), new Set(["finished"]));
            // Rounds played by r1 carry its payout, rounds played by r2 carry 3.
            await waitFor("the results of every round in the stream", async () => (await cluster.results()).some((r) => r.payout === "3"));
            assert.deepEqual(new Set((await cluster.results()).map((r) => r.payout)), new Set(["1", "3"]));
            for (const a of autos) {
                assert.deepEqual([...a.stats.disconnects.keys()], [], `player ${a.player.userId} disconnects`);
                assert.equal(a.stats.cutMidRound, 0);
                assert.deepEqual([...a.stats.errors], [], `player ${a.player.userId} errors`);
            }
            assert.equal(room.proc.logs.filter((l) => typeof l === "object" && l.msg === "rules file rejected; the rules in force stay").length, 2);
        });

        it("must apply a file re-read through the loopback admin endpoint", async () => {
            // Written in place (no rename the watch would see at once); the endpoint reads it now.
            await writeFile(rulesFile, JSON.stringify({ version: "r3", roundMs: 900, settleMs: 100, seats: 3, payout: 2 }));
            const res = await fetch(`http://127.0.0.1:${localPort}/rules/reload`, { method: "POST" });
            assert.equal(res.status, 200);
            const body = (await res.json()) as { ok: boolean; version: string };
            assert.deepEqual([body.ok, body.version], [true, "r3"]);
            const state = (await (await fetch(`http://127.0.0.1:${localPort}/state`)).json()) as { rulesVersion: string };
            assert.equal(state.rulesVersion, "r3");
        });
    });

    describe("#probe", () => {
        it("must report idle, busy and idle-outdated as rooms open and close and the desired version moves", async function () {
            this.timeout(60_000);
            assert.deepEqual(await probe(localPort), { code: 0, stdout: "idle\n", stderr: "" });
            const first = await cluster.player();
            first.sitDown("probe-1");
            await first.next("user", (u) => u.id === first.userId);
            await waitFor("the probe to say busy", async () => (await probe(localPort)).stdout === "busy\n", { timeoutMs: 15_000 });

            // A lossless release: the group's desired version is no longer this server's.
            await versions.swap(JSON.stringify({ a: { version: "2.0.0", release: "lossless" } }));
            await room.proc.waitForLog("the server to retire", (l) => l.msg === "outdated under a lossless release: no new rooms");
            assert.equal((await probe(localPort)).stdout, "busy\n", "a busy outdated server stays busy (Allocated) until its games end");
            // It takes no new room: with no other server in the group the gateway finds none.
            const late = await cluster.player();
            late.sitDown("probe-2");
            await late.next("errorResponse", () => true, 15_000);
            assert.equal(await cluster.roomOwner("probe-2"), null);

            first.standUp();
            await room.proc.waitForLog("the room to close", (l) => l.msg === "room closed" && l.room === "probe-1", 15_000);
            await waitFor("the probe to say idle-outdated", async () => (await probe(localPort)).stdout === "idle-outdated\n", { timeoutMs: 15_000 });

            // Rolled back: current again, idle, taking rooms.
            await versions.swap(JSON.stringify({ a: { version: "drill", release: "lossless" } }));
            await room.proc.waitForLog("the server to take rooms again", (l) => l.msg === "current again: taking new rooms");
            assert.equal((await probe(localPort)).stdout, "idle\n");
        });

        it("must fail (exit 1, the reason on stderr) when the room server does not answer", async () => {
            const r = await probe(await freePort());
            assert.equal(r.code, 1);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^room server on 127\.0\.0\.1:\d+ did not answer: /);
        });
    });

    describe("#sidecar", () => {
        it("must put its rules file into the shared directory and idle until SIGTERM", async () => {
            const shared = path.join(dir, "shared");
            await mkdir(shared);
            const sidecar = await startService({ entry: "services/rules/main.ts", env: { RULES_DIR: shared, RULES_SOURCE: "services/room/rules/rules.json" } });
            await sidecar.waitForLog("the file in place", (l) => l.msg === "rules file in place; idling until the pod stops");
            assert.equal(
                await readFile(path.join(shared, "rules.json"), "utf8"),
                await readFile(path.join(repoRoot, "services/room/rules/rules.json"), "utf8"),
            );
            sidecar.signal("SIGTERM");
            assert.deepEqual(await sidecar.exited, { code: 0, signal: null });
        });
    });
});
