import assert from "node:assert/strict";
import WebSocket from "ws";
import { Cmd, Err, encode, encodeFrame } from "../../../services/protocol";
import { mintToken } from "../../../services/bot/token";
import { rawUpgrade } from "../harness/raw-upgrade";
import { startGateway, type GatewayFixture } from "./fixture";
import { hsToken, noneToken, rsToken } from "./tokens";

/** Opens a raw socket and resolves with how it closed. */
function closeOf(url: string): Promise<{ code: number; reason: string }> {
    const ws = new WebSocket(url);
    ws.on("error", () => undefined);
    return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe("Gateway", () => {
    let gw: GatewayFixture;

    afterEach(async () => {
        await gw?.stop();
    });

    describe("#auth", () => {
        beforeEach(async () => {
            gw = await startGateway();
        });

        it("must close 4001 without a token", async () => {
            assert.deepEqual(await closeOf(gw.url), { code: 4001, reason: "missing token query parameter" });
        });

        it("must close 4001 on a bad signature", async () => {
            const t = await hsToken({ id: 1 }, { key: new TextEncoder().encode("wrong") });
            assert.deepEqual(await closeOf(`${gw.url}?token=${t}`), { code: 4001, reason: "invalid token signature" });
        });

        it("must close 4001 on alg none and RS256", async () => {
            const expected = { code: 4001, reason: "token algorithm not allowed (HS256/HS384/HS512 only)" };
            assert.deepEqual(await closeOf(`${gw.url}?token=${noneToken({ id: 1 })}`), expected);
            assert.deepEqual(await closeOf(`${gw.url}?token=${await rsToken({ id: 1 })}`), expected);
        });

        it("must close 4001 on an expired token", async () => {
            const t = await hsToken({ id: 1 }, { expSeconds: -60 });
            assert.deepEqual(await closeOf(`${gw.url}?token=${t}`), { code: 4001, reason: "token expired" });
        });

        it("must answer 400 to a request target that is not a URL, and go on serving", async () => {
            assert.equal(await rawUpgrade(gw.url, "//["), "HTTP/1.1 400 Bad Request");
            assert.deepEqual(await closeOf(gw.url), { code: 4001, reason: "missing token query parameter" });
        });

        it("must close 1008 on a version that cannot travel as stream metadata, naming it, and take a good one", async () => {
            const t = await hsToken({ id: 1 });
            const reason = 'version: "1.4?" is not a client version (1-64 of 0-9 A-Z a-z . + _ -); send e.g. version=1.4.2';
            assert.deepEqual(await closeOf(`${gw.url}?token=${t}&version=1.4%0A`), { code: 1008, reason });
            const ok = new WebSocket(`${gw.url}?token=${t}&version=1.4.2-rc.1`);
            await new Promise((resolve, reject) => ok.once("open", resolve).once("error", reject));
            ok.close();
        });

        it("must count auth failures by reason", async () => {
            await closeOf(gw.url);
            const metrics = await gw.metrics.registry.getSingleMetricAsString("gameops_gateway_auth_failures_total");
            assert.match(metrics, /gameops_gateway_auth_failures_total\{reason="missing"\} 1/);
        });
    });

    describe("#framing", () => {
        beforeEach(async () => {
            gw = await startGateway({ maxFrameBytes: 64, maxMsgsPerSec: 20 });
        });

        it("must close 1003 on a text frame", async () => {
            const p = await gw.player(1n);
            p.sendRaw("hello", false);
            assert.deepEqual(await p.closed, { code: 1003, reason: "text frames are not allowed; send binary frames" });
        });

        it("must close 1007 with a reason on a text frame that is not valid UTF-8", async () => {
            const p = await gw.player(1n);
            p.sendRaw(new Uint8Array([0xff, 0xfe]), false);
            assert.deepEqual(await p.closed, { code: 1007, reason: "invalid UTF-8 in a text frame" });
        });

        it("must close 1002 on a frame shorter than 4 bytes", async () => {
            const p = await gw.player(1n);
            p.sendRaw(new Uint8Array([0, 0, 1]));
            assert.deepEqual(await p.closed, { code: 1002, reason: "frame of 3 bytes is shorter than the 4-byte command" });
        });

        it("must close 1009 with a reason on a frame over MAX_FRAME_BYTES", async () => {
            const p = await gw.player(1n);
            p.sendRaw(new Uint8Array(65));
            assert.deepEqual(await p.closed, { code: 1009, reason: "frame exceeds the gateway's MAX_FRAME_BYTES" });
        });

        it("must accept a frame of exactly MAX_FRAME_BYTES", async () => {
            const p = await gw.player(1n);
            p.sendRaw(encodeFrame(Cmd.DICE_SHAKE, new Uint8Array(60)));
            const [e] = await p.next("errorResponse");
            assert.equal(e.code, Err.STATUS_MISMATCH);
            assert.equal(p.isOpen, true);
        });

        it("must close 1008 above MAX_MSGS_PER_SEC", async () => {
            const p = await gw.player(1n);
            for (let i = 0; i < 40; i++) p.send(Cmd.PRINT);
            assert.deepEqual(await p.closed, { code: 1008, reason: "rate limit: more than 20 messages per second" });
        });

        it("must not affect another connection when one is closed", async () => {
            const bystander = await gw.player(2n);
            const offender = await gw.player(1n);
            offender.sendRaw("x", false);
            await offender.closed;
            bystander.send(Cmd.STAND_UP);
            const [e] = await bystander.next("errorResponse");
            assert.deepEqual([e.code, e.desc], [Err.STATUS_MISMATCH, "not in a room; send SitDown first"]);
        });
    });

    describe("#idle", () => {
        beforeEach(async () => {
            gw = await startGateway();
        });

        it("must answer UnknownCommand to an unknown command, then close that connection 1008 with a reason", async () => {
            const p = await gw.player(1n);
            const error = p.next("errorResponse");
            p.send(4242);
            const [e] = await error;
            assert.deepEqual([e.code, e.desc], [Err.UNKNOWN_COMMAND, "unknown command 4242"]);
            assert.deepEqual(await p.closed, {
                code: 1008,
                reason: "unknown command 4242; a client sends SitDown (3), StandUp (4), Print (6) or DiceShake (103)",
            });
        });

        it("must treat a server-to-client command sent by a client as unknown", async () => {
            const p = await gw.player(1n);
            p.send(Cmd.DICE_SCENE);
            assert.equal((await p.closed).code, 1008);
        });

        it("must answer StatusMismatch to DiceShake outside a room", async () => {
            const p = await gw.player(1n);
            p.shake();
            const [e] = await p.next("errorResponse");
            assert.deepEqual([e.code, e.desc], [Err.STATUS_MISMATCH, "not in a room; send SitDown first"]);
        });

        it("must name a bad room_id", async () => {
            const p = await gw.player(1n);
            p.sitDown("bad room");
            const [e] = await p.next("errorResponse");
            assert.deepEqual(
                [e.code, e.desc],
                [Err.FAIL, 'SitDown metadata room_id: "bad room" is not 1-128 characters of A-Z a-z 0-9 _ . : - ; send e.g. room_id=r1'],
            );
        });

        it("must name a bad seat", async () => {
            const p = await gw.player(1n);
            p.send(Cmd.SIT_DOWN, encode.sitDown({ room_id: "r1", seat: "x" }));
            const [e] = await p.next("errorResponse");
            assert.deepEqual([e.code, e.desc], [Err.FAIL, 'SitDown metadata seat: "x" is not an integer; send -1 for any free seat or 0-3']);
        });

        it("must fail a sit-down when no server of the group is ready", async () => {
            const p = await gw.player(1n);
            p.sitDown("r1");
            const [e] = await p.next("errorResponse");
            assert.deepEqual([e.code, e.desc], [Err.FAIL, "cannot sit down: no ready room server in group a"]);
        });
    });

    describe("#heartbeat", () => {
        it("must terminate a connection that stops answering pings", async () => {
            gw = await startGateway({ pingIntervalMs: 250 });
            const silent = new WebSocket(`${gw.url}?token=${await mintToken(5n, "ZGVmYXVsdF9rZXk=")}`, { autoPong: false });
            silent.on("error", () => undefined);
            const live = await gw.player(6n);
            const closed = await new Promise<number>((resolve) => silent.once("close", (code) => resolve(code)));
            assert.equal(closed, 1006);
            assert.equal(live.isOpen, true);
        });
    });

    describe("#stop", () => {
        it("must close clients with 1001 gateway restarting and turn unready", async () => {
            gw = await startGateway();
            const p = await gw.player(1n);
            const stopped = gw.gateway.stop(5000);
            assert.equal(gw.gateway.ready, false);
            assert.deepEqual(await p.closed, { code: 1001, reason: "gateway restarting" });
            await stopped;
            assert.equal(gw.gateway.stop(5000), stopped);
        });
    });
});
