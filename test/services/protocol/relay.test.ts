import assert from "node:assert/strict";
import { encodeFrame } from "../../../services/protocol";
import { bodyFrame, decodeClose, encodeClose, RelayKind, RelayWriter, readBatch, wireBytes } from "../../../services/protocol/relay";
import { frame } from "../../../services/protocol/room-service";

type Rec = [link: number, kind: number, body: number[]];

function records(batch: Uint8Array): { recs: Rec[]; problem: string | undefined } {
    const recs: Rec[] = [];
    const problem = readBatch(batch, (link, kind, body) => recs.push([link, kind, [...body]]));
    return { recs, problem };
}

/** A writer whose batches land in `sent`; `turn()` resolves after the writer's setImmediate flush. */
function writer() {
    const sent: Buffer[] = [];
    const w = new RelayWriter((b) => sent.push(b));
    const turn = () => new Promise<void>((r) => setImmediate(r));
    return { w, sent, turn };
}

describe("relay batches", () => {
    describe("#writer", () => {
        it("must send every record of one turn as one batch, in order, after the turn", async () => {
            const { w, sent, turn } = writer();
            w.record(7, RelayKind.open, Buffer.from('{"user_id":"1"}'));
            w.record(7, RelayKind.frame, new Uint8Array([9, 8]), 0x01020304);
            w.record(3, RelayKind.cancel, new Uint8Array(0));
            assert.equal(sent.length, 0, "nothing leaves before the turn ends");
            await turn();
            assert.equal(sent.length, 1);
            const { recs, problem } = records(sent[0]!);
            assert.equal(problem, undefined);
            assert.deepEqual(recs, [
                [7, RelayKind.open, [...Buffer.from('{"user_id":"1"}')]],
                [7, RelayKind.frame, [1, 2, 3, 4, 9, 8]],
                [3, RelayKind.cancel, []],
            ]);
        });

        it("must send records of later turns in later batches", async () => {
            const { w, sent, turn } = writer();
            w.record(1, RelayKind.frame, new Uint8Array([1]), 5);
            await turn();
            w.record(2, RelayKind.frame, new Uint8Array([2]), 6);
            await turn();
            assert.deepEqual(
                sent.map((b) => records(b).recs.map(([link]) => link)),
                [[1], [2]],
            );
        });

        it("must flush at once past 256 KiB, keeping every byte", async () => {
            const { w, sent, turn } = writer();
            const big = Buffer.alloc(100 * 1024, 0xab);
            for (let i = 0; i < 3; i++) w.record(i, RelayKind.frame, big, i);
            assert.equal(sent.length, 1, "the third 100 KiB record crossed the limit");
            w.record(9, RelayKind.end, new Uint8Array(0));
            await turn();
            const all = sent.flatMap((b) => records(b).recs);
            assert.deepEqual(
                all.map(([link, kind, body]) => [link, kind, body.length]),
                [
                    [0, RelayKind.frame, 4 + big.length],
                    [1, RelayKind.frame, 4 + big.length],
                    [2, RelayKind.frame, 4 + big.length],
                    [9, RelayKind.end, 0],
                ],
            );
            assert.ok(all.slice(0, 3).every(([, , body]) => body.slice(4).every((x) => x === 0xab)));
        });

        it("must drop what is pending and everything later once closed", async () => {
            const { w, sent, turn } = writer();
            w.record(1, RelayKind.frame, new Uint8Array([1]), 1);
            w.close();
            w.record(2, RelayKind.frame, new Uint8Array([2]), 2);
            w.flush();
            await turn();
            assert.equal(sent.length, 0);
        });

        it("must give the FRAME body's command and payload as a Frame", () => {
            const f = bodyFrame(new Uint8Array([0, 0, 0x27, 0x11, 5, 6]));
            assert.equal(f?.cmd, 10001);
            assert.deepEqual([...(f?.data ?? [])], [5, 6]);
            assert.equal(bodyFrame(new Uint8Array([0, 0, 1])), undefined, "shorter than a command");
        });

        it("must send a relayed frame on as its record's bytes, uncopied, and encode any other frame", () => {
            const batch = new Uint8Array([9, 9, 0, 0, 0x27, 0x11, 5, 6, 9]);
            const body = batch.subarray(2, 8);
            const relayed = bodyFrame(body)!;
            const wire = wireBytes(relayed);
            assert.equal(wire, body, "the record's body itself");
            assert.deepEqual(wire, encodeFrame(10001, new Uint8Array([5, 6])), "which is the client wire frame");
            const fromGrpc = frame(10001, new Uint8Array([5, 6]));
            assert.deepEqual(wireBytes(fromGrpc), encodeFrame(10001, new Uint8Array([5, 6])));
            assert.equal(wireBytes(fromGrpc).buffer === fromGrpc.data.buffer, false, "encoded into its own bytes");
        });
    });

    describe("#malformed", () => {
        const good = async () => {
            const { w, sent, turn } = writer();
            w.record(1, RelayKind.frame, new Uint8Array([1, 2, 3]), 42);
            w.record(2, RelayKind.frame, new Uint8Array([4]), 43);
            await turn();
            return sent[0]!;
        };

        it("must name a batch that is not the records field", () => {
            assert.match(records(Buffer.from([0x12, 0])).problem ?? "", /batch starts with byte 18, not the records field/);
        });

        it("must name a length that does not match the bytes", async () => {
            const b = await good();
            assert.match(records(b.subarray(0, b.length - 1)).problem ?? "", /batch says \d+ bytes of records, has \d+/);
            assert.match(records(Buffer.from([0x0a, 0x80])).problem ?? "", /batch length is cut off/);
        });

        it("must deliver the records before a cut one and name the cut", async () => {
            const b = await good();
            // Re-wrap the records without the last 2 bytes: the second record's header says 5 bytes.
            const inner = b.subarray(2, b.length - 2);
            const { recs, problem } = records(Buffer.concat([Buffer.from([0x0a, inner.length]), inner]));
            assert.deepEqual(
                recs.map(([link]) => link),
                [1],
            );
            assert.match(problem ?? "", /record of 5 bytes is cut off/);
            const header = Buffer.from([0x0a, 4, 0, 0, 0, 1]);
            assert.match(records(header).problem ?? "", /record header is cut off/);
        });

        it("must read an empty message as no records", () => {
            assert.deepEqual(records(new Uint8Array(0)), { recs: [], problem: undefined });
        });
    });

    describe("#close", () => {
        it("must carry the status code, details and trailers", () => {
            const c = decodeClose(encodeClose({ code: 9, details: "room r1 is owned by s2", trailers: { "owner-addr": "10.0.0.2:7000" } }));
            assert.deepEqual(c, { code: 9, details: "room r1 is owned by s2", trailers: { "owner-addr": "10.0.0.2:7000" } });
        });

        it("must read a broken close record as INTERNAL naming the problem", () => {
            assert.deepEqual(decodeClose(new Uint8Array([0, 0])), { code: 13, details: "relay: close record shorter than 4 bytes", trailers: {} });
            assert.deepEqual(decodeClose(Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from("{oops")])), {
                code: 13,
                details: "relay: close record is not JSON",
                trailers: {},
            });
        });
    });
});
