import { strict as assert } from "node:assert";
import { SignJWT } from "jose";
import { issueTicket, verifyTicket } from "../../../services/shared/ticket";

const key = new Uint8Array(Buffer.from("ticket-key-for-tests-0123456789ab"));
const other = new Uint8Array(Buffer.from("another-key-for-tests-0123456789"));
const t = { userId: 9_007_199_254_740_993n, roomId: "1001", seat: -1, serverId: "room-a-0", gameName: "dice" };

describe("seat tickets", () => {
    it("must give back the user (past 2^53), room, seat and server of a ticket for this server", async () => {
        const got = await verifyTicket(key, await issueTicket(key, t), "room-a-0");
        assert.ok(got.ok);
        assert.deepEqual(got.ticket, t);
        assert.match(got.id, /^[0-9a-f-]{36}$/);
    });
    it("must carry the game and the client's version when there is one", async () => {
        const got = await verifyTicket(key, await issueTicket(key, { ...t, gameName: "poker", clientVersion: "1.3.0" }), "room-a-0");
        assert.ok(got.ok);
        assert.deepEqual([got.ticket.gameName, got.ticket.clientVersion], ["poker", "1.3.0"]);
    });
    it("must refuse a ticket for another room server, naming this one and the fix", async () => {
        const got = await verifyTicket(key, await issueTicket(key, t), "room-a-1");
        assert.deepEqual(got, {
            ok: false,
            code: "other-server",
            reason: "ticket is for another room server, not room-a-1; sit down through the gateway again",
        });
    });
    it("must refuse an expired ticket, a wrong key and a missing one, each with its reason", async () => {
        const issued = Date.now() - 60_000;
        const expired = await verifyTicket(key, await issueTicket(key, t, 30, issued), "room-a-0");
        const forged = await verifyTicket(other, await issueTicket(key, t), "room-a-0");
        const missing = await verifyTicket(key, "", "room-a-0");
        assert.deepEqual(
            [expired, forged, missing].map((r) => (r.ok ? "ok" : `${r.code}: ${r.reason}`)),
            ["expired: ticket expired; sit down through the gateway again", "invalid: invalid ticket", "missing: missing ticket query parameter"],
        );
    });
    it("must refuse a validly signed ticket whose claims are not a seat", async () => {
        const sign = (claims: Record<string, unknown>, sub: string) =>
            new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setAudience("room-a-0").setExpirationTime("30s").setJti("j").sign(key);
        const got = await Promise.all([
            verifyTicket(key, await sign({ room: "1", seat: 0 }, "0"), "room-a-0"),
            verifyTicket(key, await sign({ room: "", seat: 0 }, "5"), "room-a-0"),
            verifyTicket(key, await sign({ room: "1", seat: -2 }, "5"), "room-a-0"),
            verifyTicket(key, await sign({ room: "1", seat: 0, game: 7 }, "5"), "room-a-0"),
            verifyTicket(key, await sign({ room: "1", seat: 0, ver: true }, "5"), "room-a-0"),
        ]);
        assert.deepEqual(
            got.map((r) => (r.ok ? "ok" : r.reason)),
            [
                "ticket sub is not a positive int64 user id",
                "ticket has no room",
                "ticket seat is not -1 or a seat index",
                "ticket game is not a string",
                "ticket ver is not a string",
            ],
        );
    });
});
