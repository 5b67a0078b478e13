// The release drill on the real node, while 200 players play through the gateway Service: the README's
// A/B cutover (two `pulumi up`s), a canary of one room pod, a gateway rolling update, a node drain the
// room servers' PodDisruptionBudget refuses, a room pod deleted and a room server crashed. Counted: players cut off in a
// running round, round results lost, seconds until every gateway applied the new routing file, seconds
// for the old group to drain and exit through preStop. The figures are printed at the end.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { kubectl, until } from "../e2e/harness/kube";
import { Crowd, type CrowdTotals } from "./harness/crowd";
import { clusterDir, localWorkspace, readme } from "./harness/local";
import { followLog, namespace, podReady, pods, resultsByRoom, routingAppliedAt, userRooms } from "./harness/zone";

const players = 200;
const gatewayUrl = "ws://127.0.0.1:30606";
const figures: [string, string | number][] = [];
const run = (command: string, ...args: string[]) => promisify(execFile)(command, args);

function seconds(ms: number): number {
    return Math.round(ms / 100) / 10;
}

async function readyPods(selector: string, count: number, seconds: number) {
    return until(`${count} Ready pods ${selector}`, seconds, async () => {
        const ps = await pods(selector);
        return ps.length === count && ps.every(podReady) ? ps : undefined;
    });
}

/** When the routing ConfigMap first names `group` active (polled while `pulumi up` runs). */
function watchRouting(group: string): { seen: Promise<number>; stop: () => void } {
    let stopped = false;
    const seen = (async () => {
        for (;;) {
            const data = JSON.parse(await kubectl("get", "configmap", "routing", "-n", namespace, "-o", "jsonpath={.data.routing\\.json}"));
            if (data.activeGroup === group) return Date.now();
            if (stopped) throw new Error(`the routing ConfigMap never named ${group} active`);
            await new Promise((r) => setTimeout(r, 250));
        }
    })();
    return { seen, stop: () => (stopped = true) };
}

describe("release drill on the real node", () => {
    let crowd: Crowd;
    let totals: CrowdTotals | undefined;

    before(async function () {
        this.timeout(900_000);
        // The new version, as a release has it: images pushed before the config names them.
        await readme("bash scripts/images.sh services 1.3.0 1.3.1");
        await readme("pulumi config set --path 'gameops:zones[0].gateway.replicas' 2");
        await readme("pulumi up");
        await readyPods("gameops.io/zone=s1,app.kubernetes.io/component=gateway", 2, 180);
        const jwtKey = (await (await localWorkspace()).must("npm run -s local:jwt-key")).stdout.trim();
        crowd = await Crowd.seat(gatewayUrl, jwtKey, players, BigInt(Date.now()) * 1000n);
        await until("the crowd playing", 120, async () => (crowd.settled() >= players ? true : undefined));
    });

    after(async function () {
        this.timeout(180_000);
        process.stdout.write(`\n      release drill, ${players} players on the real node:\n`);
        for (const [what, value] of figures) process.stdout.write(`        ${what.padEnd(64)} ${value}\n`);
        // After a failure the players may be mid-way: stop them, but not past the hook's own deadline.
        if (totals === undefined && crowd !== undefined) await Promise.race([crowd.stop(), new Promise((r) => setTimeout(r, 120_000).unref())]);
    });

    describe("#ab-cutover", () => {
        it("must move new rooms to group b with no player cut off, every gateway on the new routing, and group a drained through preStop", async function () {
            this.timeout(900_000);
            await readme("pulumi config set --path 'gameops:zones[0].room.groups.b.tag' 1.3.0");
            await readme("pulumi config set --path 'gameops:zones[0].room.groups.b.replicas' 2");
            await readme("pulumi up");
            await readyPods("gameops.io/zone=s1,gameops.io/room-group=b", 2, 180);

            const oldPods = (await pods("gameops.io/zone=s1,gameops.io/room-group=a")).map((p) => p.metadata.name as string);
            const oldLogs = oldPods.map(followLog);
            const routing = watchRouting("b");
            await readme("pulumi config set --path 'gameops:zones[0].room.active' b");
            await readme("pulumi config set --path 'gameops:zones[0].room.groups.a.replicas' 0");
            const up0 = Date.now();
            await readme("pulumi up");
            figures.push(["A/B step 2: `pulumi up` (s)", seconds(Date.now() - up0)]);
            routing.stop();
            const changed = await routing.seen;

            const gateways = (await pods("gameops.io/zone=s1,app.kubernetes.io/component=gateway")).map((p) => p.metadata.name as string);
            const applied = await Promise.all(
                gateways.map((gw) => until(`gateway ${gw} on the new routing`, 240, () => routingAppliedAt(gw, "b", changed - 2000))),
            );
            figures.push(["routing ConfigMap changed → applied by every gateway (s)", seconds(Math.max(...applied) - changed)]);
            figures.push(["  per gateway (s)", applied.map((t) => seconds(t - changed)).join(", ")]);

            const gone = await until("group a's pods gone", 300, async () =>
                (await pods("gameops.io/zone=s1,gameops.io/room-group=a")).length === 0 ? Date.now() : undefined,
            );
            figures.push(["routing changed → group a drained, its pods exited (s)", seconds(gone - changed)]);
            for (const [i, lines] of (await Promise.all(oldLogs)).entries()) {
                const text = lines.join("\n");
                assert.match(text, /"msg":"draining: no new rooms, rooms end after their round"/, `${oldPods[i]} drained`);
                assert.match(text, /"msg":"room server stopped"/, `${oldPods[i]} stopped cleanly`);
            }
            const cut = crowd.cutMidRound();
            figures.push(["players cut off in a running round by the cutover (goal 0)", cut]);
            assert.equal(cut, 0);
        });
    });

    describe("#canary", () => {
        it("must roll one room pod of group b to 1.3.1 while its players finish their round", async function () {
            this.timeout(600_000);
            await readme("pulumi config set --path 'gameops:zones[0].room.groups.b.tag' 1.3.1");
            await readme("pulumi config set --path 'gameops:zones[0].room.groups.b.canary' 1");
            const t0 = Date.now();
            await readme("pulumi up");
            const rolled = await until("room-b-1 on 1.3.1 and Ready", 300, async () => {
                const [pod] = await pods("gameops.io/zone=s1,statefulset.kubernetes.io/pod-name=room-b-1");
                return pod && podReady(pod) && pod.spec.containers[0].image.endsWith(":1.3.1") ? pod : undefined;
            });
            figures.push(["canary: room-b-1 drained and back on 1.3.1 (s)", seconds(Date.now() - t0)]);
            const [other] = await pods("gameops.io/zone=s1,statefulset.kubernetes.io/pod-name=room-b-0");
            assert.match(other.spec.containers[0].image, /:1\.3\.0$/, "room-b-0 stays on 1.3.0");
            assert.ok(rolled);
            assert.equal(crowd.cutMidRound(), 0, "players cut off in a running round by the canary");
        });
    });

    describe("#gateway-rollout", () => {
        it("must bring players back to their own room through another gateway when theirs is replaced", async function () {
            this.timeout(600_000);
            const before = (await pods("gameops.io/zone=s1,app.kubernetes.io/component=gateway")).map((p) => p.metadata.uid as string);
            const ids = crowd.players.map((p) => p.userId);
            const roomsBefore = await userRooms(ids);
            await readme("pulumi config set --path 'gameops:zones[0].gateway.tag' 1.3.0");
            const t0 = Date.now();
            await readme("pulumi up");
            const after = await until("two new gateways Ready", 300, async () => {
                const ps = await pods("gameops.io/zone=s1,app.kubernetes.io/component=gateway");
                return ps.length === 2 && ps.every(podReady) && ps.every((p) => !before.includes(p.metadata.uid)) ? ps : undefined;
            });
            figures.push(["gateway rolling update, 2 pods (s)", seconds(Date.now() - t0)]);
            assert.ok(after.every((p) => p.spec.containers[0].image.endsWith("/gateway:1.3.0")));
            const reconnects = crowd.players.reduce((n, p) => n + p.totals.reconnects, 0);
            assert.ok(reconnects > 0, "the rollout closed players' sockets");
            // Every reconnected player plays on (a round settles for it) ...
            const playing = await until("reconnected players playing again", 120, async () => {
                const n = crowd.players.reduce((m, p) => m + p.totals.playingAgain, 0);
                return n >= reconnects ? n : undefined;
            }).catch(() => crowd.players.reduce((m, p) => m + p.totals.playingAgain, 0));
            // ... in the room it was in before (the directory's user -> room entry).
            const roomsAfter = await userRooms(ids);
            const same = ids.filter((_, i) => roomsBefore[i] !== undefined && roomsAfter[i] === roomsBefore[i]).length;
            figures.push(["players reconnected through another gateway / playing again / same room", `${reconnects} / ${playing} / ${same}`]);
            assert.equal(playing, reconnects);
            assert.equal(same, roomsBefore.filter((r) => r !== undefined).length);
        });
    });

    describe("#node-drain", () => {
        it("must refuse `kubectl drain` for the room pods (PodDisruptionBudget maxUnavailable 0) and leave them running", async function () {
            this.timeout(120_000);
            const before = (await pods("gameops.io/zone=s1,app.kubernetes.io/component=room")).map((p) => p.metadata.uid as string).sort();
            const ws = await localWorkspace();
            const drain = await ws.sh("kubectl drain gameops-node --pod-selector app.kubernetes.io/component=room --delete-emptydir-data --timeout 20s");
            await ws.must("kubectl uncordon gameops-node");
            assert.notEqual(drain.code, 0);
            assert.match(drain.stderr + drain.stdout, /Cannot evict pod as it would violate the pod's disruption budget/);
            const after = (await pods("gameops.io/zone=s1,app.kubernetes.io/component=room")).map((p) => p.metadata.uid as string).sort();
            assert.deepEqual(after, before);
            figures.push(["kubectl drain: room pods evicted (goal 0)", before.length - after.filter((u) => before.includes(u)).length]);
        });
    });

    describe("#room-pod-deleted", () => {
        it("must let the deleted pod's players finish their round, then sit down on the other server", async function () {
            this.timeout(300_000);
            const dissolvedBefore = crowd.players.reduce((n, p) => n + p.disconnectsWith(1), 0);
            const [pod] = await pods("gameops.io/zone=s1,statefulset.kubernetes.io/pod-name=room-b-0");
            const t0 = Date.now();
            await readme("kubectl delete pod -n s1 room-b-0");
            await until("room-b-0 replaced and Ready", 240, async () => {
                const [now] = await pods("gameops.io/zone=s1,statefulset.kubernetes.io/pod-name=room-b-0");
                return now && now.metadata.uid !== pod.metadata.uid && podReady(now) ? now : undefined;
            });
            figures.push(["room pod deleted: drained, replaced and Ready (s)", seconds(Date.now() - t0)]);
            const dissolved = crowd.players.reduce((n, p) => n + p.disconnectsWith(1), 0) - dissolvedBefore;
            figures.push(["  its players: room dissolved after the round (Disconnect(1))", dissolved]);
            assert.equal(crowd.cutMidRound(), 0, "players cut off in a running round by the deletion");
        });
    });

    describe("#room-server-crash", () => {
        it("must send the crashed server's players Disconnect(0) and let them sit down again and play", async function () {
            this.timeout(300_000);
            const retryBefore = crowd.players.reduce((n, p) => n + p.disconnectsWith(0), 0);
            const settledBefore = crowd.settled();
            const [pod] = await pods("gameops.io/zone=s1,statefulset.kubernetes.io/pod-name=room-b-1");
            // A crash, not a stop: the container's process gets SIGKILL from the node (as the OOM killer
            // would send it), so the server cannot say goodbye; the kubelet restarts the container.
            const container = String(pod.status.containerStatuses[0].containerID).replace("containerd://", "");
            await run(
                "ctr",
                "--address",
                path.join(clusterDir, "node", "containerd", "containerd.sock"),
                "-n",
                "k8s.io",
                "tasks",
                "kill",
                "-s",
                "SIGKILL",
                container,
            );
            const retried = await until("Disconnect(0) to the crashed server's players", 60, async () => {
                const n = crowd.players.reduce((m, p) => m + p.disconnectsWith(0), 0) - retryBefore;
                return n > 0 ? n : undefined;
            });
            await until("room-b-1 restarted and Ready", 180, async () => {
                const [now] = await pods("gameops.io/zone=s1,statefulset.kubernetes.io/pod-name=room-b-1");
                return now && now.metadata.uid === pod.metadata.uid && podReady(now) && now.status.containerStatuses[0].restartCount === 1 ? now : undefined;
            });
            await until("the crowd playing on", 180, async () => (crowd.settled() >= settledBefore + players ? true : undefined));
            figures.push(["room server crashed: its players sent Disconnect(0), then playing again", retried]);
        });
    });

    describe("#results", () => {
        it("must have every settled round's result in Redis", async function () {
            this.timeout(300_000);
            totals = await crowd.stop();
            const seen = crowd.roundsByRoom();
            const stored = await until("the results stream to catch up", 60, async () => {
                const r = await resultsByRoom();
                return [...seen].every(([room, n]) => (r.get(room) ?? 0) >= n) ? r : undefined;
            }).catch(() => resultsByRoom());
            const lost = [...seen].reduce((n, [room, rounds]) => n + Math.max(0, rounds - (stored.get(room) ?? 0)), 0);
            figures.push([
                "rounds settled (as players saw them) / results in Redis",
                `${[...seen.values()].reduce((a, b) => a + b, 0)} / ${[...stored.values()].reduce((a, b) => a + b, 0)}`,
            ]);
            figures.push(["round results lost (goal 0)", lost]);
            figures.push(["players cut off in a running round, whole drill", totals.cutMidRound]);
            figures.push(["disconnect notices by reason", JSON.stringify(totals.disconnects)]);
            figures.push(["socket closes by code", JSON.stringify(totals.closes)]);
            figures.push(["error responses by text", JSON.stringify(totals.errorTexts)]);
            assert.equal(lost, 0);
            // The only errors: sit-downs refused while the crashed server restarted (tried again).
            assert.deepEqual(
                Object.keys(totals.errorTexts).filter((t) => !t.startsWith("cannot sit down")),
                [],
            );
        });
    });
});
