// The client edge's send on a real WebSocket pair over 127.0.0.1: the frames of one turn leave in one
// socket write and a real ws client reads each whole and in order (every length class of the frame
// header), a close the server decides follows the frames sent before it, and frames still waiting
// when the client closed first are dropped, never written after ws's close frame.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import { waitFor } from "../../../../lib/services/wait";
import { CloseCode } from "../../../../services/protocol";
import { ClientConnection, type ConnectionShared } from "../../../../services/shared/edge/client-connection";
import { WriteBatcher } from "../../../../services/shared/edge/write-batch";
import { createLogger } from "../../../../services/shared/logger";

const counter = { inc: () => undefined };
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("ClientConnection", () => {
    let server: http.Server;
    let client: WebSocket;
    let conn: ClientConnection;
    let serverWs: WebSocket;
    let serverSocket: Duplex;
    /** The socket writes the connection made, in order. */
    const writes: Buffer[] = [];
    const got: Buffer[] = [];

    beforeEach(async () => {
        writes.length = 0;
        got.length = 0;
        const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
        const shared: ConnectionShared = {
            limits: { maxFrameBytes: 1024, maxMsgsPerSec: 100, maxBufferedBytes: 1 << 20, closeGraceMs: 100 },
            metrics: { messagesIn: counter, messagesOut: counter, closes: counter },
            batcher: new WriteBatcher(),
            onClosed: () => undefined,
        };
        const accepted = new Promise<void>((resolve) => {
            server = http.createServer();
            server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
                wss.handleUpgrade(req, socket, head, (ws) => {
                    serverWs = ws;
                    serverSocket = socket;
                    const sink = {
                        write: (chunk: Uint8Array) => {
                            writes.push(Buffer.from(chunk));
                            return socket.write(chunk);
                        },
                    };
                    const session = { onClientFrame: () => undefined, close: () => undefined };
                    conn = new ClientConnection(ws, sink, session, shared, { log: createLogger({ name: "test", level: "silent" }) });
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

    it("must write one turn's frames in one socket write, and the client must read each whole, in order", async () => {
        const batch = Buffer.from([7, 0, 0, 0, 1, 0xa, 0, 0, 0, 2, 0xb, 7]);
        conn.send(batch.subarray(1, 6));
        conn.send(batch.subarray(6, 11));
        assert.equal(writes.length, 0, "nothing is written before the turn ends");
        await nextTurn();
        assert.equal(writes.length, 1);
        await waitFor("both frames at the client", () => got.length === 2);
        assert.deepEqual(
            got.map((b) => [...b]),
            [
                [0, 0, 0, 1, 0xa],
                [0, 0, 0, 2, 0xb],
            ],
        );
    });

    it("must deliver payloads of every header length class (7-, 16- and 64-bit) to a real client", async () => {
        const sizes = [4, 125, 126, 65_535, 65_536, 70_000];
        const payloads = sizes.map((n, i) => Buffer.alloc(n, i + 1));
        for (const p of payloads) conn.send(p);
        await waitFor("every frame at the client", () => got.length === sizes.length);
        assert.deepEqual(
            got.map((b) => b.length),
            sizes,
        );
        for (const [i, p] of payloads.entries()) assert.ok(got[i]!.equals(p), `payload ${i} arrives as it was sent`);
    });

    it("must send the frames of the turn before the close the server decides", async () => {
        const closed = new Promise<number>((resolve) => client.once("close", (code: number) => resolve(code)));
        conn.send(Buffer.from([0, 0, 0, 1, 1]));
        conn.send(Buffer.from([0, 0, 0, 1, 2]));
        conn.close(4000, "test");
        assert.equal(await closed, 4000);
        assert.deepEqual(
            got.map((b) => [...b]),
            [
                [0, 0, 0, 1, 1],
                [0, 0, 0, 1, 2],
            ],
        );
    });

    it("must cut a client whose frames of one turn pass MAX_BUFFERED_BYTES at the send that passes it, before a close decided later in the turn", async () => {
        const closed = new Promise<number>((resolve) => client.once("close", (code: number) => resolve(code)));
        // 1 MiB is the limit here: the fifth 256 KiB frame of the turn passes it.
        for (let i = 0; i < 5; i++) conn.send(Buffer.alloc(256 * 1024, i));
        conn.close(4000, "the room ended");
        assert.equal(await closed, CloseCode.NotReading);
    });

    it("must drop the turn's frames when the client's close came in the same turn, and write nothing after ws's close frame", async () => {
        const clientClosed = new Promise<number>((resolve) => client.once("close", (code: number) => resolve(code)));
        conn.send(Buffer.from([0, 0, 0, 1, 1]));
        // The client's close frame (masked, code 1000) read in the same turn, as the socket delivers
        // it: ws answers with its own close frame at once, before the turn's frames are flushed.
        serverSocket.emit("data", Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]));
        assert.notEqual(serverWs.readyState, serverWs.OPEN);
        await nextTurn();
        assert.equal(writes.length, 0, "the frame is not written after the close frame");
        assert.equal(await clientClosed, 1000);
        assert.equal(got.length, 0);
    });
});
