import { strict as assert } from "node:assert";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { FrameSchema } from "../../../services/protocol/gen/gameops/internal/v1/room_pb";
import { decodeRoomFrame, encodeRoomFrame, roomFrame } from "../../../services/protocol/room-frame-wire";

const cmds = fc.oneof(fc.constantFrom(0, 1, 103, 127, 128, 16383, 16384, 0x7fffffff, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));
const datas = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 127, maxLength: 300 }));

describe("room-frame-wire", () => {
  describe("#encodeRoomFrame", () => {
    it("must write exactly the bytes protobuf-es's toBinary writes", () => {
      fc.assert(
        fc.property(cmds, datas, (cmd, data) => {
          assert.deepEqual([...encodeRoomFrame(roomFrame(cmd, data))], [...toBinary(FrameSchema, create(FrameSchema, { cmd, data }))]);
        }),
        { numRuns: 500 },
      );
    });
    it("must leave out the proto3 defaults", () => {
      assert.equal(encodeRoomFrame(roomFrame(0, new Uint8Array(0))).length, 0);
    });
    it("must reject a cmd that is not a uint32 naming the field, the value and the allowed range", () => {
      assert.throws(() => encodeRoomFrame(roomFrame(-1, new Uint8Array(0))), {
        message: "Frame.cmd: -1 is not a uint32; use an integer from 0 to 4294967295",
      });
      assert.throws(() => encodeRoomFrame(roomFrame(2 ** 32, new Uint8Array(0))), {
        message: "Frame.cmd: 4294967296 is not a uint32; use an integer from 0 to 4294967295",
      });
    });
  });

  describe("#decodeRoomFrame", () => {
    it("must read what toBinary wrote as fromBinary does", () => {
      fc.assert(
        fc.property(cmds, datas, (cmd, data) => {
          const bytes = toBinary(FrameSchema, create(FrameSchema, { cmd, data }));
          const mine = decodeRoomFrame(bytes);
          const theirs = fromBinary(FrameSchema, bytes);
          assert.deepEqual({ t: mine.$typeName, cmd: mine.cmd, data: [...mine.data] }, { t: theirs.$typeName, cmd: theirs.cmd, data: [...theirs.data] });
        }),
        { numRuns: 500 },
      );
    });
    it("must skip unknown fields and keep the last value of a repeated field", () => {
      // field 3 varint 7, field 1 = 5, field 4 bytes "ab", field 1 = 103, field 2 = [9]
      const bytes = new Uint8Array([0x18, 7, 0x08, 5, 0x22, 2, 0x61, 0x62, 0x08, 103, 0x12, 1, 9]);
      const f = decodeRoomFrame(bytes);
      assert.deepEqual({ cmd: f.cmd, data: [...f.data] }, { cmd: 103, data: [9] });
    });
    it("must throw on truncated input", () => {
      assert.throws(() => decodeRoomFrame(new Uint8Array([0x12, 5, 1, 2])));
    });
  });
});
