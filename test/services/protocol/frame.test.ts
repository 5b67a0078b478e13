import { strict as assert } from "node:assert";
import { CloseCode, decodeFrame, encodeFrame } from "../../../services/protocol/frame";

describe("frame", () => {
    describe("#encodeFrame", () => {
        it("must prefix the payload with the command as 4 big-endian bytes", () => {
            const out = encodeFrame(0x01020304, new Uint8Array([9, 8]));
            assert.deepEqual([...out], [1, 2, 3, 4, 9, 8]);
        });
        it("must encode an empty payload as the header alone", () => {
            assert.deepEqual([...encodeFrame(104)], [0, 0, 0, 104]);
        });
        it("must encode the largest uint32 command unsigned", () => {
            assert.deepEqual([...encodeFrame(0xffffffff)], [255, 255, 255, 255]);
        });
        it("must reject a command that is not a uint32 naming the value and the allowed range", () => {
            assert.throws(() => encodeFrame(-1), {
                message: "cmd: -1 is not a uint32; use an integer from 0 to 4294967295",
            });
            assert.throws(() => encodeFrame(1.5), { message: "cmd: 1.5 is not a uint32; use an integer from 0 to 4294967295" });
        });
    });

    describe("#decodeFrame", () => {
        it("must round-trip what encodeFrame produced", () => {
            const r = decodeFrame(encodeFrame(103, new Uint8Array([8, 6])));
            assert.deepEqual(r.ok && { cmd: r.cmd, payload: [...r.payload] }, { cmd: 103, payload: [8, 6] });
        });
        it("must read a command above 2^31 as unsigned", () => {
            const r = decodeFrame(new Uint8Array([0x80, 0, 0, 1]));
            assert.equal(r.ok && r.cmd, 0x80000001);
        });
        it("must decode a frame that is a view into a larger buffer", () => {
            const big = new Uint8Array([7, 7, 0, 0, 0, 5, 1]);
            const r = decodeFrame(big.subarray(2));
            assert.deepEqual(r.ok && { cmd: r.cmd, payload: [...r.payload] }, { cmd: 5, payload: [1] });
        });
        for (const len of [0, 1, 3]) {
            it(`must return a malformed-frame error (1002) for ${len} bytes instead of throwing`, () => {
                assert.deepEqual(decodeFrame(new Uint8Array(len)), {
                    ok: false,
                    code: CloseCode.MalformedFrame,
                    reason: `frame of ${len} bytes is shorter than the 4-byte command`,
                });
            });
        }
        it("must return a too-big error (1009) when the frame exceeds maxBytes", () => {
            assert.deepEqual(decodeFrame(new Uint8Array(11), { maxBytes: 10 }), {
                ok: false,
                code: 1009,
                reason: "frame of 11 bytes exceeds the limit of 10",
            });
        });
        it("must accept a frame of exactly maxBytes", () => {
            assert.equal(decodeFrame(new Uint8Array(10), { maxBytes: 10 }).ok, true);
        });
    });
});
