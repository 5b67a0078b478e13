// The direct port's listener alone, on 127.0.0.1 with a real WebSocket client: what reaches the room
// before it takes the link, and which ticket ids it asks the directory to mark.
import assert from "node:assert/strict";
import WebSocket from "ws";
import { freePort } from "../../../lib/services/ports";
import { waitFor } from "../../../lib/services/wait";
import { Cmd, encodeFrame } from "../../../services/protocol";
import type { Frame } from "../../../services/protocol";
import { DirectListener } from "../../../services/room/direct-listener";
import type { PlayerCall } from "../../../services/room/player-stream";
import { createLogger } from "../../../services/shared/logger";
import { issueTicket } from "../../../services/shared/ticket";

const key = new Uint8Array(Buffer.from("direct-listener-test-key-0123456"));
const counter = { inc: () => undefined };

describe("DirectListener", () => {
    let listener: DirectListener | undefined;
    let client: WebSocket | undefined;
    afterEach(async () => {
        client?.terminate();
        await listener?.close(100);
        listener = undefined;
    });

    it("must keep the frames a client sends before the room takes its link, and hand them over in order", async () => {
        let framesIn = 0;
        const served: PlayerCall[] = [];
        const marked: [string, number][] = [];
        listener = await DirectListener.listen({
            port: await freePort(),
            serverId: "room-1",
            ticketKey: key,
            limits: { maxFrameBytes: 1024, maxMsgsPerSec: 100, maxBufferedBytes: 1 << 20 },
            pingIntervalMs: 60_000,
            metrics: { messagesIn: { inc: () => void framesIn++ }, messagesOut: counter, closes: counter },
            log: createLogger({ name: "test", level: "silent" }),
            // The room takes the link only later (a claim in flight): it listens once the test says so.
            serve: (call) => void served.push(call),
            useTicket: async (id, ttlMs) => {
                marked.push([id, ttlMs]);
                return true;
            },
        });
        const ticket = await issueTicket(key, { userId: 7n, roomId: "9001", seat: -1, serverId: "room-1", gameName: "dice" });
        client = new WebSocket(`ws://127.0.0.1:${listener.port}/?ticket=${ticket}`);
        client.on("open", () => {
            client!.send(encodeFrame(Cmd.DICE_SHAKE, new Uint8Array([1])));
            client!.send(encodeFrame(Cmd.PRINT, new Uint8Array([2])));
        });
        await waitFor("both frames at the edge", () => framesIn === 2);
        assert.equal(served.length, 1);
        const got: Frame[] = [];
        served[0]!.on("data", (f: Frame) => got.push(f));
        await waitFor("the kept frames", () => got.length === 2);
        assert.deepEqual(
            got.map((f) => [f.cmd, [...f.data]]),
            [
                [Cmd.DICE_SHAKE, [1]],
                [Cmd.PRINT, [2]],
            ],
        );
        // Marked for the ticket's life (30 s) and the margin (5 s), as the room's clock sees it.
        assert.equal(marked.length, 1);
        assert.ok(marked[0]![1] > 30_000 && marked[0]![1] <= 35_000, `ttl ${marked[0]![1]}`);
    });
});
