import { strict as assert } from "node:assert";
import { resultFromFields } from "../../../services/directory";
import { resultToFields } from "../../../services/directory/codec";

describe("resultFromFields", () => {
    describe("#validation", () => {
        const good = ["room", "r1", "round", "3", "server", "s1", "settledAt", "1234", "winners", '["42"]', "dice", '{"42":6,"7":1}'];
        const reasonWith = (field: string, value: string) => {
            const fields = [...good];
            fields[fields.indexOf(field) + 1] = value;
            const r = resultFromFields(fields);
            return r.ok ? "accepted" : r.reason;
        };
        it("must read a well-formed entry", () => {
            assert.deepEqual(resultFromFields(good), {
                ok: true,
                value: {
                    id: "",
                    room: "r1",
                    round: 3,
                    server: "s1",
                    settledAt: 1234,
                    winners: [42n],
                    dice: new Map([
                        [42n, 6],
                        [7n, 1],
                    ]),
                },
            });
        });
        it("must name the field and the value of a malformed entry", () => {
            assert.deepEqual(
                [
                    reasonWith("settledAt", "soon"),
                    reasonWith("round", "-1"),
                    reasonWith("room", ""),
                    reasonWith("winners", "[42]"),
                    reasonWith("dice", '{"42":"six"}'),
                    reasonWith("winners", "not json"),
                    reasonWith("dice", "[]"),
                ],
                [
                    'result entry is malformed: settledAt: "soon" is not a time in ms since the epoch',
                    'result entry is malformed: round: "-1" is not a round number',
                    'result entry is malformed: room: "" is not a room id',
                    'result entry is malformed: winners: "[42]" is not a JSON array of decimal id strings',
                    'result entry is malformed: dice: "{\\"42\\":\\"six\\"}" is not a JSON object of decimal id -> integer points',
                    'result entry is malformed: winners: "not json" is not a JSON array of decimal id strings',
                    'result entry is malformed: dice: "[]" is not a JSON object of decimal id -> integer points',
                ],
            );
        });
        it("must read a round's payout (the room's rules), and name a bad one", () => {
            const read = resultFromFields([...good, "payout", "5"]);
            assert.ok(read.ok);
            assert.equal(read.value.payout, 5);
            assert.deepEqual(resultToFields(read.value).slice(-2), ["payout", "5"]);
            assert.deepEqual(resultFromFields([...good, "payout", "0"]), {
                ok: false,
                reason: 'result entry is malformed: payout: "0" is not a whole number of points from 1',
            });
        });
    });
});
