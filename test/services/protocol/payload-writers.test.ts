// The hand-walked payload writers must produce exactly the bytes of the library's generic encoder
// (create() + toBinary()), for any value: a reference client decodes either the same way.
import assert from "node:assert/strict";
import { create, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import {
    Int32Schema,
    Int64Schema,
    SceneNoticeSchema,
    SettlementNoticeSchema,
    ShakeResponseSchema,
    UserSchema,
} from "../../../services/protocol/gen/gameops/client/v1/messages_pb";
import { writeInt32, writeInt64, writeScene, writeSettlement, writeShake, writeUser } from "../../../services/protocol/payload-writers";

const runs = { numRuns: 5_000, seed: 20261201 };
// Zero and the extremes come often: they are where proto3's "omit the default" and varint sign rules bite.
const int64 = fc.oneof(fc.constantFrom(0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n)), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
const int32 = fc.oneof(fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31)), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const diceMap = fc.dictionary(int64.map(String), int32, { maxKeys: 8 });

describe("payload writers", () => {
    it("must write Int32 and Int64 as toBinary does", () => {
        fc.assert(
            fc.property(int32, int64, (a, b) => {
                assert.deepEqual(writeInt32(a), toBinary(Int32Schema, create(Int32Schema, { v: a })));
                assert.deepEqual(writeInt64(b), toBinary(Int64Schema, create(Int64Schema, { v: b })));
            }),
            runs,
        );
    });
    it("must write User and ShakeResponse as toBinary does", () => {
        fc.assert(
            fc.property(int64, int32, fc.boolean(), (id, n, online) => {
                assert.deepEqual(writeUser(id, n, online), toBinary(UserSchema, create(UserSchema, { id, seat: n, online })));
                assert.deepEqual(writeShake(id, n), toBinary(ShakeResponseSchema, create(ShakeResponseSchema, { userId: id, dicePoints: n })));
            }),
            runs,
        );
    });
    it("must write SceneNotice as toBinary does, map entries in the same order", () => {
        fc.assert(
            fc.property(fc.boolean(), int64, diceMap, (status, leftTime, dice) => {
                assert.deepEqual(writeScene(status, leftTime, dice), toBinary(SceneNoticeSchema, create(SceneNoticeSchema, { status, leftTime, dice })));
            }),
            runs,
        );
    });
    it("must write SettlementNotice as toBinary does, winners packed", () => {
        fc.assert(
            fc.property(int64, fc.array(int64, { maxLength: 6 }), diceMap, (idleDuration, winner, dice) => {
                const want = toBinary(SettlementNoticeSchema, create(SettlementNoticeSchema, { idleDuration, winner, dice }));
                assert.deepEqual(writeSettlement(idleDuration, winner, dice), want);
            }),
            runs,
        );
    });
});
