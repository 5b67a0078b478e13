import assert from "node:assert/strict";
import { parseCli } from "../../../services/bot/main";
import { percentile } from "../../../services/bot/stats";
import { mintToken } from "../../../services/bot/token";
import { verifyToken } from "../../../services/gateway/auth";
import { testJwtKeyB64, testKey } from "./tokens";

describe("bot", () => {
    describe("#mintToken", () => {
        it("must mint a token the gateway accepts, ids above 2^53 intact", async () => {
            const id = 9223372036854775807n;
            assert.deepEqual(await verifyToken(await mintToken(id, testJwtKeyB64), testKey), { ok: true, userId: id });
        });
    });

    describe("#parseCli", () => {
        it("must read the documented flags", () => {
            const r = parseCli(["--url", "ws://127.0.0.1:1234", "--players", "8", "--rooms", "2", "--rounds", "3", "--jwt-key", "a2V5"]);
            assert.ok(r.ok);
            const o = r.options;
            assert.deepEqual([o.url, o.players, o.rooms, o.rounds, o.jwtKeyBase64, o.deadlineMs], ["ws://127.0.0.1:1234", 8, 2, 3, "a2V5", 300_000]);
        });

        it("must take the key from BOT_JWT_KEY when --jwt-key is absent, and --jwt-key over it", () => {
            const fromEnv = parseCli(["--players", "2"], { BOT_JWT_KEY: "ZW52LWtleQ==" });
            assert.ok(fromEnv.ok);
            assert.equal(fromEnv.options.jwtKeyBase64, "ZW52LWtleQ==");
            const flag = parseCli(["--jwt-key", "a2V5"], { BOT_JWT_KEY: "ZW52LWtleQ==" });
            assert.ok(flag.ok);
            assert.equal(flag.options.jwtKeyBase64, "a2V5");
            const none = parseCli([], {});
            assert.ok(none.ok);
            assert.equal(none.options.jwtKeyBase64, "ZGVmYXVsdF9rZXk=");
        });

        it("must read --first-room as the first (numeric) room id", () => {
            const r = parseCli(["--first-room", "1000"]);
            assert.ok(r.ok);
            assert.equal(r.options.firstRoomId, 1000n);
            const bad = parseCli(["--first-room", "room-1"]);
            assert.equal(
                (bad as { error: string }).error.split("\n")[0],
                '--first-room: "room-1" is not a positive room id below 10^18; pass e.g. --first-room 1',
            );
        });

        it("must name a bad number and its fix", () => {
            const r = parseCli(["--players", "many"]);
            assert.equal(r.ok, false);
            assert.equal((r as { error: string }).error.split("\n")[0], '--players: "many" is not a positive integer; pass e.g. --players 4');
        });

        it("must reject a URL that is not ws://", () => {
            const r = parseCli(["--url", "http://x"]);
            assert.equal((r as { error: string }).error.split("\n")[0], '--url: "http://x" is not a ws:// or wss:// URL; pass e.g. --url ws://127.0.0.1:60006');
        });
    });

    describe("#percentile", () => {
        it("must use the nearest rank", () => {
            const v = Array.from({ length: 100 }, (_, i) => 100 - i);
            assert.deepEqual([percentile(v, 50), percentile(v, 90), percentile(v, 99), percentile(v, 100)], [50, 90, 99, 100]);
            assert.ok(Number.isNaN(percentile([], 50)));
        });
    });
});
