import assert from "node:assert/strict";
import { spawnService } from "../../../lib/services/process";
import { Cluster, jwtKey } from "../../../lib/services/cluster";

describe("npm run bot", () => {
    let cluster: Cluster;

    /** Runs the CLI for 8 players in 2 rooms, 3 rounds each; it must exit 0; its printed summary. */
    async function playBots(firstId: string, ...extra: string[]): Promise<Record<string, unknown>> {
        const bot = spawnService({
            entry: "services/bot/main.ts",
            args: ["--url", cluster.gateways[0]!.url, "--players", "8", "--rooms", "2", "--rounds", "3", "--jwt-key", jwtKey, "--first-id", firstId, ...extra],
            env: {},
        });
        const exit = await bot.exited;
        const out = bot.logs.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
        assert.deepEqual(exit, { code: 0, signal: null }, `${out}\n${bot.stderr()}`);
        return JSON.parse(out) as Record<string, unknown>;
    }

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        await cluster.addRoom("room-a-0", "a", {}, true);
        await cluster.addGateway();
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#summary", () => {
        it("must play the rounds and print a summary with latency percentiles", async function () {
            this.timeout(60_000);
            const summary = await playBots("5000");
            assert.equal(summary.roundsPlayed, 6);
            assert.deepEqual(summary.ends, { finished: 8, replaced: 0, lost: 0, closed: 0, unfinished: 0 });
            assert.deepEqual([summary.errorsByCode, summary.disconnectsByReason, summary.unexpectedCloses], [{}, {}, 0]);
            const lat = summary.shakeLatencyMs as { count: number; p50: number; p90: number; p99: number };
            assert.ok(lat.count >= 24 && lat.p50 > 0 && lat.p50 <= lat.p90 && lat.p90 <= lat.p99, JSON.stringify(lat));
            assert.equal(summary.direct, undefined, "relayed: no direct summary");
        });
        it("must with --direct play every round on the room server's own port", async function () {
            this.timeout(60_000);
            const summary = await playBots("6000", "--direct");
            assert.equal(summary.roundsPlayed, 6);
            assert.deepEqual(summary.ends, { finished: 8, replaced: 0, lost: 0, closed: 0, unfinished: 0 });
            assert.deepEqual(summary.direct, { tickets: 8, refused: 0 });
            const metrics = await (await fetch(`http://127.0.0.1:${cluster.gateways[0]!.adminPort}/metrics`)).text();
            // Placed as new rooms or, once a first player's link claimed the room, as its owner's: 8 either way.
            const tickets = [...metrics.matchAll(/^gameops_gateway_room_tickets_total\{route="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
            assert.equal(tickets, 8);
        });
    });
});
