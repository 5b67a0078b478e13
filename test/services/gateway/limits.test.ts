import assert from "node:assert/strict";
import WebSocket from "ws";
import { mintToken } from "../../../services/bot/token";
import { Liveness } from "../../../services/shared/edge/liveness";
import { PingFlooder } from "../drills/flood-client";
import { waitFor } from "../../../lib/services/wait";
import { startGateway, type GatewayFixture } from "./fixture";
import { testJwtKeyB64 } from "./tokens";

/** A raw ws client that answers nothing by itself (no auto-pong). */
async function silentClient(url: string, id: bigint): Promise<WebSocket> {
    const ws = new WebSocket(`${url}?token=${await mintToken(id, testJwtKeyB64)}`, { autoPong: false });
    ws.on("error", () => undefined);
    await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("close", reject);
    });
    return ws;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe("Gateway limits", () => {
    let gw: GatewayFixture;

    afterEach(async () => {
        await gw?.stop();
    });

    describe("#rate-limit", () => {
        it("must count pings against MAX_MSGS_PER_SEC and close 1008 above it", async () => {
            gw = await startGateway({ maxMsgsPerSec: 20 });
            const ws = await silentClient(gw.url, 1n);
            let pongs = 0;
            ws.on("pong", () => pongs++);
            for (let i = 0; i < 200; i++) ws.ping(Buffer.from([i]));
            assert.deepEqual(await closeOf(ws), { code: 1008, reason: "rate limit: more than 20 messages per second" });
            assert.ok(pongs <= 20, `${pongs} pongs for 200 pings`);
        });

        it("must answer pings within the limit with the same payload", async () => {
            gw = await startGateway({ maxMsgsPerSec: 20 });
            const ws = await silentClient(gw.url, 1n);
            const pong = new Promise<Buffer>((resolve) => ws.once("pong", resolve));
            ws.ping(Buffer.from("hello"));
            assert.equal((await pong).toString(), "hello");
            ws.close();
        });

        it("must count unsolicited pongs against MAX_MSGS_PER_SEC", async () => {
            gw = await startGateway({ maxMsgsPerSec: 20 });
            const ws = await silentClient(gw.url, 1n);
            for (let i = 0; i < 200; i++) ws.pong();
            assert.equal((await closeOf(ws)).code, 1008);
        });
    });

    describe("#liveness", () => {
        it("must cut a client that sends its own pongs but never answers the gateway's ping", async () => {
            gw = await startGateway({ pingIntervalMs: 300 });
            const ws = await silentClient(gw.url, 1n);
            const spray = setInterval(() => ws.readyState === ws.OPEN && ws.pong(Buffer.from("alive")), 50);
            try {
                assert.equal((await closeOf(ws)).code, 1006);
            } finally {
                clearInterval(spray);
            }
        });

        it("must keep a client that echoes the gateway's ping payload", async () => {
            gw = await startGateway({ pingIntervalMs: 200 });
            const ws = await silentClient(gw.url, 1n);
            let answered = 0;
            ws.on("ping", (data) => {
                answered++;
                ws.pong(data);
            });
            await waitFor("five pings answered", () => answered >= 5, { timeoutMs: 10_000 });
            assert.equal(ws.readyState, ws.OPEN);
            ws.close();
        });

        it("must accept only the pong that carries the outstanding ping's payload", () => {
            const l = new Liveness();
            const t = l.tick();
            assert.equal(t.kind, "ping");
            if (t.kind !== "ping") return;
            assert.equal(l.pong(Buffer.from("guess")), false);
            assert.equal(l.tick().kind, "missed");
            const again = new Liveness();
            const p = again.tick();
            assert.ok(p.kind === "ping" && again.pong(Buffer.from(p.payload)));
            assert.equal(again.tick().kind, "ping");
        });
    });

    describe("#buffered-bytes", () => {
        it("must close a client that does not read once more than MAX_BUFFERED_BYTES wait for it, with 1013 and a reason", async function () {
            this.timeout(30_000);
            gw = await startGateway({ maxMsgsPerSec: 1_000_000, maxBufferedBytes: 16_384 });
            const flooder = await PingFlooder.connect(gw.url, await mintToken(1n, testJwtKeyB64));
            const bystander = await gw.player(2n);
            flooder.start();
            try {
                await waitFor(
                    "the gateway to close the flooder",
                    async () => /code="1013"\} 1/.test(await gw.metrics.registry.getSingleMetricAsString("gameops_gateway_closes_total")),
                    { timeoutMs: 20_000 },
                );
                assert.deepEqual(await flooder.closeFrame(), {
                    code: 1013,
                    reason: "client is not reading: more than 16384 bytes waiting to be sent to it (MAX_BUFFERED_BYTES)",
                });
                assert.equal(bystander.isOpen, true);
            } finally {
                flooder.destroy();
            }
        });
    });
});
