// Property tests of the wire codec with fast-check: whatever bytes arrive, decoding returns a value
// (never throws), and everything the codec writes reads back unchanged. 10,000+ cases per property.
import assert from "node:assert/strict";
import fc from "fast-check";
import { CloseCode, decode, decodeFrame, encode, encodeFrame, headerBytes } from "../../../services/protocol";

const runs = { numRuns: 10_000, seed: 20261122 };
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const diceMap = fc.dictionary(int64.map(String), int32, { maxKeys: 6 });

describe("protocol codec fuzz", () => {
    describe("#decodeFrame", () => {
        it("must return a value for any bytes: the frame when >= 4 bytes and within the limit, else a close code", () => {
            fc.assert(
                fc.property(fc.uint8Array({ maxLength: 96 }), fc.integer({ min: headerBytes, max: 64 }), (bytes, maxBytes) => {
                    const frame = decodeFrame(bytes, { maxBytes });
                    if (bytes.length < headerBytes) assert.deepEqual([frame.ok, !frame.ok && frame.code], [false, CloseCode.MalformedFrame]);
                    else if (bytes.length > maxBytes) assert.deepEqual([frame.ok, !frame.ok && frame.code], [false, CloseCode.TooBig]);
                    else {
                        assert.ok(frame.ok);
                        assert.equal(frame.cmd, new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, false));
                        assert.deepEqual(frame.payload, bytes.subarray(headerBytes));
                    }
                }),
                runs,
            );
        });

        it("must round-trip every uint32 command and payload", () => {
            fc.assert(
                fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 64 }), (cmd, payload) => {
                    const frame = decodeFrame(encodeFrame(cmd, payload));
                    assert.ok(frame.ok);
                    assert.equal(frame.cmd, cmd);
                    assert.deepEqual(frame.payload, payload);
                }),
                runs,
            );
        });
    });

    describe("#payloads", () => {
        it("must decode arbitrary bytes as every message type without throwing", () => {
            fc.assert(
                fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
                    for (const read of Object.values(decode)) {
                        const result = read(bytes);
                        if (!result.ok) assert.match(result.reason, /^payload is not a valid gameops\.client\.v1\.\w+: /);
                    }
                }),
                runs,
            );
        });

        it("must read back what it writes for every message with ids across the whole int64 range", () => {
            fc.assert(
                fc.property(int64, int32, fc.boolean(), diceMap, fc.array(int64, { maxLength: 4 }), fc.string(), (id, n, flag, dice, winners, text) => {
                    assert.deepEqual(decode.int64(encode.int64(id)), { ok: true, value: id });
                    assert.deepEqual(decode.int32(encode.int32(n)), { ok: true, value: n });
                    assert.deepEqual(decode.string(encode.string(text)), { ok: true, value: text });
                    const user = decode.user(encode.user(id, n, flag));
                    assert.ok(user.ok);
                    assert.deepEqual([user.value.id, user.value.seat, user.value.online], [id, n, flag]);
                    const shake = decode.shake(encode.shake(id, n));
                    assert.ok(shake.ok);
                    assert.deepEqual([shake.value.userId, shake.value.dicePoints], [id, n]);
                    const scene = decode.scene(encode.scene(flag, id, dice));
                    assert.ok(scene.ok);
                    assert.deepEqual([scene.value.status, scene.value.leftTime, { ...scene.value.dice }], [flag, id, { ...dice }]);
                    const settlement = decode.settlement(encode.settlement(id, winners, dice));
                    assert.ok(settlement.ok);
                    assert.deepEqual([settlement.value.idleDuration, settlement.value.winner, { ...settlement.value.dice }], [id, winners, { ...dice }]);
                }),
                runs,
            );
        });
    });
});
