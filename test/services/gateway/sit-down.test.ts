import assert from "node:assert/strict";
import fc from "fast-check";
import { encode } from "../../../services/protocol";
import { parseSitDown } from "../../../services/gateway/sit-down";

describe("parseSitDown", () => {
    describe("#valid", () => {
        it("must default seat to -1 and game_name to dice", () => {
            assert.deepEqual(parseSitDown(encode.sitDown({ room_id: "r1" })), { ok: true, request: { roomId: "r1", seat: "-1", gameName: "dice" } });
        });

        it("must ignore a user_id sent by the client", () => {
            const r = parseSitDown(encode.sitDown({ room_id: "r1", seat: "2", game_name: "dice", user_id: "1" }));
            assert.deepEqual(r, { ok: true, request: { roomId: "r1", seat: "2", gameName: "dice" } });
        });
    });

    describe("#direct", () => {
        it("must mark a sit-down that asks for the relay (direct=0) and nothing else", () => {
            assert.deepEqual(
                ["0", "1"].map((direct) => parseSitDown(encode.sitDown({ room_id: "r1", direct }))),
                [
                    { ok: true, request: { roomId: "r1", seat: "-1", gameName: "dice", relay: true } },
                    { ok: true, request: { roomId: "r1", seat: "-1", gameName: "dice" } },
                ],
            );
        });
        it("must name a direct value that is not 0 or 1", () => {
            assert.deepEqual(parseSitDown(encode.sitDown({ room_id: "r1", direct: "yes" })), {
                ok: false,
                reason: 'SitDown metadata direct: "yes" is not 0 or 1; send direct=0 to be relayed, or leave it out',
            });
        });
    });

    describe("#invalid", () => {
        it("must name a missing room_id", () => {
            assert.deepEqual(parseSitDown(encode.sitDown({})), {
                ok: false,
                reason: 'SitDown metadata room_id: "" is not 1-128 characters of A-Z a-z 0-9 _ . : - ; send e.g. room_id=r1',
            });
        });

        it("must name a bad game_name", () => {
            assert.deepEqual(parseSitDown(encode.sitDown({ room_id: "r1", game_name: "Dice!" })), {
                ok: false,
                reason: 'SitDown metadata game_name: "Dice!" is not a game name; send e.g. dice',
            });
        });

        it("must never throw on arbitrary bytes", () => {
            fc.assert(
                fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
                    const r = parseSitDown(bytes);
                    assert.equal(typeof r.ok, "boolean");
                }),
                { numRuns: 2000, seed: 7 },
            );
        });

        it("must accept exactly the metadata the pattern allows", () => {
            fc.assert(
                fc.property(fc.dictionary(fc.constantFrom("room_id", "seat", "game_name", "x"), fc.string({ maxLength: 12 })), (md) => {
                    const r = parseSitDown(encode.sitDown(md));
                    const ok =
                        /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(md.room_id ?? "") &&
                        /^-?[0-9]{1,9}$/.test(md.seat ?? "-1") &&
                        /^[a-z][a-z0-9_-]{0,31}$/.test(md.game_name ?? "dice");
                    assert.equal(r.ok, ok);
                }),
                { numRuns: 2000, seed: 11 },
            );
        });
    });
});
