import assert from "node:assert/strict";
import { readTopLevelInteger } from "../../../services/gateway/json-int";

describe("readTopLevelInteger", () => {
    describe("#reads", () => {
        it("must read a top-level integer exactly", () => {
            assert.equal(readTopLevelInteger('{"a":"x","id":12345678901234567890}', "id"), 12345678901234567890n);
        });

        it("must skip nested objects, arrays and strings that contain the key", () => {
            const json = '{"s":"\\"id\\":1","o":{"id":2,"x":[{"id":3}]},"arr":["id",4],"id":5}';
            assert.equal(readTopLevelInteger(json, "id"), 5n);
        });

        it("must use the last duplicate member, as JSON.parse does", () => {
            assert.equal(readTopLevelInteger('{"id":1,"id":2}', "id"), 2n);
        });

        it("must match an escaped key", () => {
            assert.equal(readTopLevelInteger('{"\\u0069d":9}', "id"), 9n);
        });
    });

    describe("#rejects", () => {
        for (const json of ['{"id":1e3}', '{"id":1.0}', '{"id":"1"}', '{"id":true}', '{"id":null}', "[1]", '{"x":1}']) {
            it(`must return undefined for ${json}`, () => {
                assert.equal(readTopLevelInteger(json, "id"), undefined);
            });
        }
    });
});
