// The TCP relay's framing, sniffing and keepalive (services/protocol/relay-socket.ts).
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { RelayWriter } from "../../../services/protocol/relay";
import {
    maxMessageBytes,
    relayHello,
    SocketKeepalive,
    SocketMessageReader,
    SocketTag,
    sniffHello,
    socketMessage,
} from "../../../services/protocol/relay-socket";

const tags = [SocketTag.batch, SocketTag.close, SocketTag.ping, SocketTag.pong];

function readAll(chunks: Buffer[]): { got: [number, string][]; problem: string | undefined } {
    const got: [number, string][] = [];
    const reader = new SocketMessageReader((tag, message, body) => {
        assert.equal(message[0], tag);
        got.push([tag, body.toString("hex")]);
    });
    for (const c of chunks) {
        const problem = reader.push(c);
        if (problem !== undefined) return { got, problem };
    }
    return { got, problem: undefined };
}

describe("relay socket", () => {
    describe("#reader", () => {
        it("must give back every message, in order, however the stream is cut into chunks", () => {
            fc.assert(
                fc.property(
                    fc.array(fc.record({ tag: fc.constantFrom(...tags), body: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 12 }),
                    fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 40 }),
                    (messages, cuts) => {
                        const stream = Buffer.concat(messages.map((m) => socketMessage(m.tag, m.body)));
                        const chunks: Buffer[] = [];
                        let at = 0;
                        for (let i = 0; at < stream.length; i++) {
                            const n = cuts[i % cuts.length]!;
                            chunks.push(stream.subarray(at, at + n));
                            at += n;
                        }
                        const { got, problem } = readAll(chunks);
                        assert.equal(problem, undefined);
                        assert.deepEqual(
                            got,
                            messages.map((m) => [m.tag, Buffer.from(m.body).toString("hex")]),
                        );
                    },
                ),
                { numRuns: 2_000 },
            );
        });
        it("must read a RelayWriter batch as one batch message, whole", () => {
            const batches: Buffer[] = [];
            const w = new RelayWriter((b) => batches.push(b));
            w.record(7, 2, new Uint8Array(200).fill(9), 1234);
            w.flush();
            const seen: Buffer[] = [];
            const reader = new SocketMessageReader((tag, message) => tag === SocketTag.batch && seen.push(Buffer.from(message)));
            assert.equal(reader.push(batches[0]!), undefined);
            assert.deepEqual(seen, batches);
        });
        it("must name an unknown tag", () => {
            assert.equal(readAll([Buffer.from([0x2a, 0])]).problem, "relay socket: unknown message tag 0x2a");
        });
        it("must refuse a message over the limit, naming its size and the limit, before its body arrives", () => {
            const big = Buffer.from([SocketTag.batch, 0x81, 0x80, 0x80, 0x02]); // 4 MiB + 1
            assert.equal(readAll([big]).problem, `relay socket: message of ${maxMessageBytes + 1} bytes exceeds the limit of ${maxMessageBytes}`);
        });
        it("must refuse a length longer than a 4-byte varint", () => {
            assert.equal(
                readAll([Buffer.from([SocketTag.batch, 0x80, 0x80, 0x80, 0x80, 0x01])]).problem,
                "relay socket: message length is longer than a 4-byte varint",
            );
        });
    });

    describe("#sniff", () => {
        it("must tell the hello from the HTTP/2 preface at the first differing byte, and wait while they agree", () => {
            assert.deepEqual(
                [
                    sniffHello(Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")),
                    sniffHello(relayHello.subarray(0, 3)),
                    sniffHello(relayHello),
                    sniffHello(Buffer.concat([relayHello, Buffer.from([SocketTag.ping, 0])])),
                    sniffHello(Buffer.from("GOPX")),
                ],
                ["other", "more", "relay", "relay", "other"],
            );
        });
    });

    describe("#keepalive", () => {
        const everyMs = 200;
        it("must not give up on a peer that answers its pings", async () => {
            let pings = 0;
            let dead = false;
            await new Promise<void>((resolve) => {
                const k = new SocketKeepalive(
                    everyMs,
                    (flushed) => {
                        pings++;
                        flushed();
                        k.heardFrom();
                        if (pings === 3) {
                            k.stop();
                            resolve();
                        }
                    },
                    () => {
                        dead = true;
                        resolve();
                    },
                );
            });
            assert.deepEqual([pings, dead], [3, false]);
        });
        it("must find a silent peer dead 1.5-2x the interval after it went quiet", async () => {
            const started = Date.now();
            let pings = 0;
            const why = await new Promise<string>(
                (resolve) =>
                    new SocketKeepalive(
                        everyMs,
                        (flushed) => {
                            pings++;
                            flushed();
                        },
                        resolve,
                    ),
            );
            const took = Date.now() - started;
            assert.equal(pings, 1);
            assert.equal(why, `no answer to a keepalive ping within ${everyMs / 2} ms`);
            // Timers fire late, never early: the lower bound is exact, the upper one allows a busy machine.
            assert.ok(took >= everyMs * 1.5, `dead after ${took} ms`);
            assert.ok(took <= everyMs * 2 + 300, `dead after ${took} ms`);
        });
        it("must count the half interval from when the ping left for the kernel, not from when it was queued behind our own backlog", async () => {
            const started = Date.now();
            const flushDelayMs = everyMs * 2;
            let queued = 0;
            const why = await new Promise<string>(
                (resolve) =>
                    new SocketKeepalive(
                        everyMs,
                        (flushed) => {
                            queued = Date.now();
                            setTimeout(flushed, flushDelayMs);
                        },
                        resolve,
                    ),
            );
            const took = Date.now() - started;
            // Counted from the queueing, the peer would be dead at 1.5-2x the interval: before the ping even left.
            assert.ok(Date.now() - queued >= flushDelayMs + everyMs / 2, `dead ${Date.now() - queued} ms after the ping was queued`);
            assert.ok(took <= everyMs * 2 + flushDelayMs + 300, `dead after ${took} ms`);
            assert.equal(why, `no answer to a keepalive ping within ${everyMs / 2} ms`);
        });
        it("must find a peer dead whose ping never leaves (it reads nothing), after the unflushed limit, and say so", async () => {
            const limitMs = 300;
            let queued = 0;
            const why = await new Promise<string>(
                (resolve) =>
                    new SocketKeepalive(
                        everyMs,
                        () => {
                            queued = Date.now();
                        },
                        resolve,
                        limitMs,
                    ),
            );
            const waited = Date.now() - queued;
            assert.ok(waited >= limitMs && waited <= limitMs + everyMs / 4 + 300, `dead ${waited} ms after the ping was queued`);
            assert.match(why, /^a keepalive ping waited \d+ ms behind unsent bytes \(limit 300\)$/);
        });
    });
});
