import assert from "node:assert/strict";
import net from "node:net";
import { WriteBatcher, type Corkable } from "../../../../services/shared/edge/write-batch";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder(): Corkable & { calls: string[] } {
    const calls: string[] = [];
    return { calls, cork: () => calls.push("cork"), uncork: () => calls.push("uncork") };
}

describe("WriteBatcher", () => {
    describe("#hold", () => {
        it("must cork each socket once per turn and uncork it after the turn", async () => {
            const b = new WriteBatcher();
            const s1 = recorder();
            const s2 = recorder();
            b.hold(s1);
            b.hold(s1);
            b.hold(s2);
            assert.deepEqual(s1.calls, ["cork"]);
            assert.deepEqual(s2.calls, ["cork"]);
            assert.equal(b.pending, 2);
            await nextTurn();
            assert.deepEqual(s1.calls, ["cork", "uncork"]);
            assert.deepEqual(s2.calls, ["cork", "uncork"]);
            assert.equal(b.pending, 0);
        });

        it("must cork again in the next turn", async () => {
            const b = new WriteBatcher();
            const s = recorder();
            b.hold(s);
            await nextTurn();
            b.hold(s);
            await nextTurn();
            assert.deepEqual(s.calls, ["cork", "uncork", "cork", "uncork"]);
        });

        it("must hold a real socket's writes until the turn ends, then deliver them whole and in order", async () => {
            const received: Buffer[] = [];
            let gotAll!: () => void;
            const all = new Promise<void>((resolve) => (gotAll = resolve));
            const server = net.createServer((peer) =>
                peer.on("data", (d: Buffer) => {
                    received.push(d);
                    if (Buffer.concat(received).length === 9) gotAll();
                }),
            );
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            const port = (server.address() as net.AddressInfo).port;
            const sock = net.connect(port, "127.0.0.1");
            try {
                await new Promise<void>((resolve) => sock.once("connect", resolve));
                const b = new WriteBatcher();
                for (const part of ["one", "two", "six"]) {
                    b.hold(sock);
                    sock.write(part);
                }
                // Still corked in this turn: nothing has been handed to the kernel.
                assert.equal(sock.writableLength, 9);
                await all;
                assert.equal(Buffer.concat(received).toString(), "onetwosix");
                assert.equal(sock.writableCorked, 0);
            } finally {
                sock.destroy();
                await new Promise<void>((resolve) => server.close(() => resolve()));
            }
        });
    });
});
