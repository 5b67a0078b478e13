// The client edge's send on a real WebSocket pair over 127.0.0.1: a frame that is a view on a larger
// buffer (a relayed frame, a view on its relay batch) goes out uncopied when the socket takes it at
// once, and as a copy when it has to queue, so a slow client never holds whole batches.
import assert from "node:assert/strict";
import http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import { waitFor } from "../../../../lib/services/wait";
import { ClientConnection, type ConnectionShared } from "../../../../services/shared/edge/client-connection";
import { WriteBatcher } from "../../../../services/shared/edge/write-batch";
import { createLogger } from "../../../../services/shared/logger";

const counter = { inc: () => undefined };

describe("ClientConnection", () => {
    let server: http.Server;
    let client: WebSocket;
    let conn: ClientConnection;
    /** What the connection handed to ws.send, in order. */
    const handed: Uint8Array[] = [];
    const got: Buffer[] = [];

    beforeEach(async () => {
        handed.length = 0;
        got.length = 0;
        const wss = new WebSocketServer({ noServer: true });
        const shared: ConnectionShared = {
            limits: { maxFrameBytes: 1024, maxMsgsPerSec: 100, maxBufferedBytes: 1 << 20 },
            metrics: { messagesIn: counter, messagesOut: counter, closes: counter },
            batcher: new WriteBatcher(),
            onClosed: () => undefined,
        };
        const accepted = new Promise<void>((resolve) => {
            server = http.createServer();
            server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
                wss.handleUpgrade(req, socket, head, (ws) => {
                    const send = ws.send.bind(ws);
                    ws.send = ((data: Uint8Array, opts: object) => {
                        handed.push(data);
                        send(data, opts);
                    }) as typeof ws.send;
                    const sink = { onClientFrame: () => undefined, close: () => undefined };
                    conn = new ClientConnection(ws, socket as unknown as net.Socket, sink, shared, { log: createLogger({ name: "test", level: "silent" }) });
                    resolve();
                }),
            );
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        client.on("message", (data: Buffer) => got.push(data));
        await Promise.all([accepted, new Promise((resolve) => client.once("open", resolve))]);
    });
    afterEach(async () => {
        client.terminate();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("must send a view uncopied when nothing waits before it, and copy one that queues behind earlier bytes", async () => {
        const batch = Buffer.from([7, 0, 0, 0, 1, 0xa, 0, 0, 0, 2, 0xb, 7]);
        const first = batch.subarray(1, 6);
        const second = batch.subarray(6, 11);
        // One turn: the batcher corks the socket at the first send, so the second queues behind it.
        conn.send(first);
        conn.send(second);
        assert.equal(handed[0], first, "the first goes out as the view it is");
        assert.notEqual(handed[1]!.buffer, batch.buffer, "the queued one no longer holds the batch");
        assert.equal(handed[1]!.buffer.byteLength, 5, "it holds its own 5 bytes only");
        await waitFor("both frames at the client", () => got.length === 2);
        assert.deepEqual(
            got.map((b) => [...b]),
            [
                [0, 0, 0, 1, 0xa],
                [0, 0, 0, 2, 0xb],
            ],
        );
    });

    it("must not copy a frame that owns its whole buffer, queued or not", () => {
        const a = new Uint8Array([0, 0, 0, 1, 1]);
        const b = new Uint8Array([0, 0, 0, 1, 2]);
        conn.send(a);
        conn.send(b);
        assert.deepEqual([handed[0] === a, handed[1] === b], [true, true]);
    });
});
