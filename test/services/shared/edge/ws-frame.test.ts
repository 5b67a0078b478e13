// The frame builder's header for each length class of RFC 6455 §5.2 (7-bit, 16-bit, 64-bit length);
// that a real ws client reads every class back is client-connection.test.ts.
import assert from "node:assert/strict";
import { binaryFrame } from "../../../../services/shared/edge/ws-frame";

describe("binaryFrame", () => {
    const cases: Array<[number, number[]]> = [
        [0, [0x82, 0]],
        [125, [0x82, 125]],
        [126, [0x82, 126, 0, 126]],
        [65_535, [0x82, 126, 0xff, 0xff]],
        [65_536, [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]],
    ];
    for (const [length, header] of cases) {
        it(`must write the header ${JSON.stringify(header)} before a ${length}-byte payload`, () => {
            const payload = Buffer.alloc(length, 0xab);
            const frame = binaryFrame(payload);
            assert.deepEqual([...frame.subarray(0, header.length)], header);
            assert.ok(frame.subarray(header.length).equals(payload));
        });
    }

    it("must own its bytes: a view on a larger buffer is copied, not kept", () => {
        const batch = Buffer.from([9, 9, 1, 2, 3, 9]);
        const frame = binaryFrame(batch.subarray(2, 5));
        batch.fill(0);
        assert.deepEqual([...frame], [0x82, 3, 1, 2, 3]);
    });
});
