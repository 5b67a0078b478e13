import { strict as assert } from "node:assert";
import { pickServer, type ServerView } from "../../../services/directory";

const s = (id: string, over: Partial<ServerView> = {}): ServerView => ({
    id,
    instance: `i-${id}`,
    addr: `${id}:7000`,
    group: "a",
    version: "1",
    state: "ready",
    rooms: 0,
    players: 0,
    updatedAt: 0,
    leased: true,
    ...over,
});

describe("pickServer", () => {
    describe("#placement", () => {
        it("must pick the server with the fewest players", () => {
            assert.equal(pickServer([s("x", { players: 5 }), s("y", { players: 2 })], "a")?.id, "y");
        });
        it("must break a players tie by rooms, then by id", () => {
            assert.equal(pickServer([s("x", { players: 2, rooms: 3 }), s("y", { players: 2, rooms: 1 })], "a")?.id, "y");
            assert.equal(pickServer([s("z"), s("b"), s("m")], "a")?.id, "b");
        });
        it("must skip draining servers and other groups", () => {
            assert.equal(pickServer([s("x", { state: "draining" }), s("y", { group: "b" }), s("z", { players: 9 })], "a")?.id, "z");
        });
        it("must skip excluded ids", () => {
            assert.equal(pickServer([s("x"), s("y", { players: 1 })], "a", new Set(["x"]))?.id, "y");
        });
        it("must prefer a server whose lease runs over a less loaded one whose lease lapsed", () => {
            assert.equal(pickServer([s("dead", { leased: false }), s("busy", { players: 40 })], "a")?.id, "busy");
        });
        it("must still pick a lapsed server when no leased one fits (a late heartbeat is not a crash)", () => {
            assert.equal(pickServer([s("late", { leased: false }), s("other", { group: "b" })], "a")?.id, "late");
        });
        it("must return undefined when no server fits", () => {
            assert.equal(pickServer([s("x", { state: "draining" })], "a"), undefined);
        });
    });
});
