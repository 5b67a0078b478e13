import { strict as assert } from "node:assert";
import { ScalarType } from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import * as m from "../../../services/protocol/gen/gameops/client/v1/messages_pb";
import { Cmd, Err } from "../../../services/protocol";
import { FrameSchema } from "../../../services/protocol/gen/gameops/internal/v1/room_pb";

// number:type of every field, straight from the contract table in /work/shared/PROTOCOL.md.
function shape(d: DescMessage): string[] {
    return d.fields.map((f) => {
        const t =
            f.fieldKind === "scalar"
                ? ScalarType[f.scalar]
                : f.fieldKind === "enum"
                  ? f.enum.typeName
                  : f.fieldKind === "map"
                    ? `map<${ScalarType[f.mapKey]},${f.mapKind === "scalar" ? ScalarType[f.scalar] : "?"}>`
                    : f.fieldKind === "list"
                      ? `repeated ${f.listKind === "scalar" ? ScalarType[f.scalar] : "?"}`
                      : "?";
        return `${f.number}:${t}`;
    });
}

describe("protocol schema", () => {
    describe("#messages", () => {
        const cases: [string, DescMessage, string[]][] = [
            ["ErrorResponse", m.ErrorResponseSchema, ["1:gameops.client.v1.Err", "2:STRING", "3:STRING"]],
            ["Int32", m.Int32Schema, ["1:INT32"]],
            ["Int64", m.Int64Schema, ["1:INT64"]],
            ["String", m.StringSchema, ["1:STRING"]],
            ["User", m.UserSchema, ["1:INT64", "2:INT32", "3:BOOL"]],
            ["SitDownRequest", m.SitDownRequestSchema, ["1:map<STRING,STRING>"]],
            ["ShakeResponse", m.ShakeResponseSchema, ["1:INT64", "2:INT32"]],
            ["SceneNotice", m.SceneNoticeSchema, ["1:BOOL", "2:INT64", "3:map<INT64,INT32>"]],
            ["SettlementNotice", m.SettlementNoticeSchema, ["1:INT64", "2:repeated INT64", "3:map<INT64,INT32>"]],
            ["internal Frame", FrameSchema, ["1:UINT32", "2:BYTES"]],
        ];
        for (const [name, schema, want] of cases) {
            it(`must give ${name} the contract's field numbers and types`, () => {
                assert.deepEqual(shape(schema), want);
            });
        }
    });
    describe("#enums", () => {
        it("must number Cmd as the contract plus ServerClosing = 7", () => {
            assert.deepEqual(
                [Cmd.UNKNOWN, Cmd.ERROR, Cmd.DISCONNECT, Cmd.SIT_DOWN, Cmd.STAND_UP, Cmd.ONLINE, Cmd.PRINT, Cmd.SERVER_CLOSING],
                [0, 1, 2, 3, 4, 5, 6, 7],
            );
            assert.deepEqual([Cmd.DICE_SCENE, Cmd.DICE_START, Cmd.DICE_SHAKE, Cmd.DICE_SETTLEMENT], [101, 102, 103, 104]);
        });
        it("must number Err as the contract", () => {
            assert.deepEqual(
                [Err.SUCCESS, Err.FAIL, Err.UNKNOWN_COMMAND, Err.STATUS_MISMATCH, Err.WATCHER_OPERATE, Err.DICE_ALREADY_SHAKEN],
                [0, 1, 101, 102, 103, 10001],
            );
        });
    });
});
