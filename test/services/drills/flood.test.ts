import assert from "node:assert/strict";
import WebSocket from "ws";
import type { AutoPlayer } from "../../../services/bot/auto";
import { mintToken } from "../../../services/bot/token";
import { mb, RssWatch } from "../harness/rss";
import { waitFor, within } from "../../../lib/services/wait";
import { Cluster, jwtKey, type GatewayProc } from "../../../lib/services/cluster";
import { PingFlooder, type CloseFrame } from "./flood-client";
import { seatAutos } from "./seat";

const attackerCount = 20;
const botCount = 8;
/** What one gateway may grow by while 20 clients flood it (a pod has a 256 MiB limit). */
const rssBound = 64 * 1024 * 1024;
/**
 * From the first ping to the gateway's close of each attacker. Past the rate limit, a non-reading
 * client is closed once the kernel's socket buffers toward it are full and 64 KiB more wait in
 * the gateway: 4-8 s on the busy 2-core dev VM.
 */
const closeWithinMs = 15_000;

interface FloodOutcome {
    frames: CloseFrame[];
    closeMs: number[];
    watch: RssWatch;
    pings: number;
}

describe("Gateway under a ping flood", () => {
    let cluster: Cluster;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        // Rounds settle as soon as all four shook; the long deadline only keeps a shake the flood
        // delayed inside its round (the drill is about memory and closes, not latency).
        await cluster.addRoom("room-a-0", "a", { ROUND_MS: "10000" });
    });

    after(async () => {
        await cluster.stop();
    });

    /** Bots that play through `gw` until told otherwise, each past its first settled round. */
    async function playingBots(gw: GatewayProc, prefix: string): Promise<AutoPlayer[]> {
        const autos = await seatAutos(cluster, prefix, botCount, 2, { rounds: 1_000_000, thinkMs: () => 20 + Math.random() * 80 }, gw);
        await Promise.all(autos.map((a) => a.player.next("settlement", () => true, 20_000)));
        return autos;
    }

    /** 20 clients that never read flood `gw` with pings until the gateway closes each of them. */
    async function flood(gw: GatewayProc, firstId: bigint, autos: AutoPlayer[]): Promise<FloodOutcome> {
        const ids = Array.from({ length: attackerCount }, (_, i) => firstId + BigInt(i));
        const flooders = await Promise.all(ids.map(async (id) => PingFlooder.connect(gw.url, await mintToken(id, jwtKey))));
        const watch = await RssWatch.start(gw.proc.pid, rssBound);
        try {
            const t0 = Date.now();
            for (const f of flooders) f.start();
            // Each attacker starts reading as soon as the gateway closed it: the close frame waits behind
            // everything queued for it, and the gateway cuts a client that does not take it in time.
            const closed = Promise.all(
                ids.map(async (id, i) => {
                    const line = await gw.proc.waitForLog(
                        `the gateway to close attacker ${id}`,
                        (l) => l.msg === "client closed by the gateway" && l.user === String(id),
                        closeWithinMs,
                    );
                    return { line, frame: await flooders[i]!.closeFrame() };
                }),
            );
            const got = await Promise.race([closed, watch.overLimit]);
            const pings = flooders.reduce((n, f) => n + f.pingsSent, 0);
            // The bots keep playing: two more settled rounds each after the attack, with no one cut off.
            const before = autos.map((a) => a.stats.settled);
            await Promise.race([
                waitFor("every bot to settle two more rounds", () => autos.every((a, i) => a.stats.settled >= before[i]! + 2), { timeoutMs: 20_000 }),
                watch.overLimit,
            ]);
            return { frames: got.map((g) => g.frame), closeMs: got.map((g) => (g.line.time as number) - t0), watch, pings };
        } finally {
            watch.stop();
            for (const f of flooders) f.destroy();
        }
    }

    function assertBotsUnharmed(autos: AutoPlayer[]): void {
        for (const a of autos) {
            assert.equal(a.player.isOpen, true, `bot ${a.player.userId} lost its socket`);
            assert.deepEqual([...a.stats.disconnects], [], `bot ${a.player.userId} disconnects`);
            assert.deepEqual([...a.stats.errors], [], `bot ${a.player.userId} errors`);
            assert.equal(a.stats.cutMidRound, 0);
        }
    }

    function report(what: string, o: FloodOutcome, autos: AutoPlayer[]): void {
        const sorted = [...o.closeMs].sort((a, b) => a - b);
        const slowest = Math.max(...autos.flatMap((a) => a.stats.latenciesMs));
        process.stdout.write(
            `      ${what}: gateway RSS ${mb(o.watch.base)} -> max ${mb(o.watch.max)} (+${mb(o.watch.growth)}); ` +
                `attackers closed after ${sorted[0]}-${sorted[sorted.length - 1]} ms; ${o.pings} pings written; slowest bot shake ${Math.round(slowest)} ms\n`,
        );
    }

    describe("#rate-limit", () => {
        it("must close every flooder 1008 within seconds under the default MAX_MSGS_PER_SEC, stay under +64 MB and let the bots play", async function () {
            this.timeout(90_000);
            const gw = await cluster.addGateway({ MAX_MSGS_PER_SEC: "50" });
            const autos = await playingBots(gw, "flood-rate-");
            const o = await flood(gw, 7_000n, autos);
            report("rate limit", o, autos);
            for (const f of o.frames) assert.deepEqual(f, { code: 1008, reason: "rate limit: more than 50 messages per second" });
            assert.ok(o.watch.growth < rssBound);
            assertBotsUnharmed(autos);
            await Promise.all(autos.map((a) => a.player.close()));
        });
    });

    describe("#liveness", () => {
        it("must cut a client that sends pongs of its own but never echoes the gateway's ping", async function () {
            this.timeout(30_000);
            const gw = await cluster.addGateway({ PING_INTERVAL_MS: "500", MAX_MSGS_PER_SEC: "50" });
            const token = await mintToken(9_000n, jwtKey);
            const ws = new WebSocket(`${gw.url}?token=${token}`, { autoPong: false });
            ws.on("error", () => undefined);
            const closed = new Promise<number>((resolve) => ws.once("close", resolve));
            await new Promise((resolve) => ws.once("open", resolve));
            // Five unsolicited pongs a second: within the rate limit, and before the fix enough to pass
            // for alive forever.
            const spray = setInterval(() => ws.readyState === ws.OPEN && ws.pong(Buffer.from("still here")), 200);
            const t0 = Date.now();
            try {
                assert.equal(await within("the gateway to cut the pong sprayer", closed, 10_000), 1006);
                assert.ok(Date.now() - t0 < 5_000, `cut after ${Date.now() - t0} ms`);
            } finally {
                clearInterval(spray);
            }
        });
    });

    describe("#buffered-bytes", () => {
        it("must close every non-reading flooder 1013 once its unsent bytes pass MAX_BUFFERED_BYTES, stay under +64 MB and let the bots play", async function () {
            this.timeout(90_000);
            // A rate limit high enough to let the pings through: the cap on unsent bytes is what stops them.
            const gw = await cluster.addGateway({ MAX_MSGS_PER_SEC: "1000000" });
            const autos = await playingBots(gw, "flood-buffer-");
            const o = await flood(gw, 8_000n, autos);
            report("buffered bytes", o, autos);
            for (const f of o.frames) {
                assert.deepEqual(f, { code: 1013, reason: "client is not reading: more than 65536 bytes waiting to be sent to it (MAX_BUFFERED_BYTES)" });
            }
            assert.ok(o.watch.growth < rssBound);
            assertBotsUnharmed(autos);
            await Promise.all(autos.map((a) => a.player.close()));
        });
    });
});
