import { strict as assert } from "node:assert";
import { decode, encode } from "../../../services/protocol/codec";
import { Err } from "../../../services/protocol";

describe("codec", () => {
    describe("#encode/#decode", () => {
        it("must round-trip an ErrorResponse", () => {
            const r = decode.error(encode.error(Err.DICE_ALREADY_SHAKEN, "already shaken", "x"));
            assert.ok(r.ok);
            assert.deepEqual([r.value.code, r.value.desc, r.value.detail], [10001, "already shaken", "x"]);
        });
        it("must round-trip a negative Int32 and Int64 (Online -id)", () => {
            assert.deepEqual(decode.int32(encode.int32(-1)), { ok: true, value: -1 });
            assert.deepEqual(decode.int64(encode.int64(-9007199254740993n)), { ok: true, value: -9007199254740993n });
        });
        it("must round-trip the SitDown metadata map", () => {
            const md = { room_id: "r1", seat: "-1", game_name: "dice" };
            assert.deepEqual(decode.sitDown(encode.sitDown(md)), { ok: true, value: md });
        });
        it("must round-trip a SettlementNotice with ties and a dice map keyed by int64", () => {
            const r = decode.settlement(encode.settlement(5000n, [1n, 2n], { "1": 6, "2": 6, "3": 1 }));
            assert.ok(r.ok);
            assert.deepEqual([r.value.idleDuration, r.value.winner, r.value.dice], [5000n, [1n, 2n], { "1": 6, "2": 6, "3": 1 }]);
        });
        it("must decode an empty payload as the default message", () => {
            assert.deepEqual(decode.int32(new Uint8Array(0)), { ok: true, value: 0 });
        });
        it("must return bad_payload naming the message type for garbage bytes instead of throwing", () => {
            const r = decode.user(new Uint8Array([0xff, 0xff, 0xff]));
            assert.equal(r.ok, false);
            assert.equal(!r.ok && r.code, "bad_payload");
            assert.match(!r.ok ? r.reason : "", /^payload is not a valid gameops\.client\.v1\.User: /);
        });
    });
    describe("#wire compatibility", () => {
        it("must encode User{id:1,seat:2,online:true} as the reference bytes", () => {
            assert.deepEqual([...encode.user(1n, 2, true)], [0x08, 1, 0x10, 2, 0x18, 1]);
        });
        it("must encode ShakeResponse{user_id:7,dice_points:3} as fields 1 and 2", () => {
            assert.deepEqual([...encode.shake(7n, 3)], [0x08, 7, 0x10, 3]);
        });
    });
});
