import { strict as assert } from "node:assert";
import { create, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { FrameSchema } from "../../../services/protocol/gen/gameops/internal/v1/room_pb";
import { deserializeFrame, frame, serializeFrame } from "../../../services/protocol/room-service";

const generated = (cmd: number, data: Uint8Array) => Buffer.from(toBinary(FrameSchema, create(FrameSchema, { cmd, data })));
const cmds = fc.oneof(fc.constantFrom(0, 1, 3, 103, 127, 128, 16_383, 16_384, 0xffffffff), fc.nat({ max: 0xffffffff }));
const payloads = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 120, maxLength: 300 }));

describe("room-service Frame codec (hand-written)", () => {
    describe("#serializeFrame", () => {
        it("must write the same bytes as the generated protobuf writer", () => {
            fc.assert(fc.property(cmds, payloads, (cmd, data) => assert.deepEqual(serializeFrame(frame(cmd, data)), generated(cmd, data))));
        });
    });
    describe("#deserializeFrame", () => {
        it("must read back what the generated writer wrote", () => {
            fc.assert(
                fc.property(cmds, payloads, (cmd, data) => {
                    const f = deserializeFrame(generated(cmd, data));
                    assert.equal(f.cmd, cmd);
                    assert.deepEqual(Buffer.from(f.data), Buffer.from(data));
                    assert.equal(f.$typeName, "gameops.internal.v1.Frame");
                }),
            );
        });
        it("must read a valid Frame in another layout too (data before cmd, an unknown field)", () => {
            // field 2 (bytes "hi"), field 1 (cmd 103), field 9 (varint 1): valid protobuf, not the canonical order
            const f = deserializeFrame(Buffer.from([0x12, 0x02, 0x68, 0x69, 0x08, 0x67, 0x48, 0x01]));
            assert.equal(f.cmd, 103);
            assert.deepEqual(Buffer.from(f.data), Buffer.from("hi"));
        });
        it("must reject a truncated Frame as the generated reader does", () => {
            assert.throws(() => deserializeFrame(Buffer.from([0x08, 0x67, 0x12, 0x05, 0x68])));
        });
    });
});
