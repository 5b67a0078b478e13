import assert from "node:assert/strict";
import { hmacKey, verifyToken } from "../../../services/gateway/auth";
import { hsToken, noneToken, rawPayloadToken, rsToken, testKey } from "./tokens";

describe("verifyToken", () => {
    describe("#accepts", () => {
        it("must decode JWT_KEY as standard base64 (ZGVmYXVsdF9rZXk= is default_key)", () => {
            assert.equal(Buffer.from(hmacKey("ZGVmYXVsdF9rZXk=")).toString("utf8"), "default_key");
        });

        for (const alg of ["HS256", "HS384", "HS512"]) {
            it(`must accept an ${alg} token and return its id`, async () => {
                const r = await verifyToken(await hsToken({ id: 42 }, { alg, expSeconds: 60 }), testKey);
                assert.deepEqual(r, { ok: true, userId: 42n });
            });
        }

        it("must keep every digit of an id above 2^53", async () => {
            const r = await verifyToken(await rawPayloadToken('{"id":9007199254740993,"name":"x"}'), testKey);
            assert.deepEqual(r, { ok: true, userId: 9007199254740993n });
        });

        it("must accept the largest int64 id", async () => {
            const r = await verifyToken(await rawPayloadToken('{"id":9223372036854775807}'), testKey);
            assert.deepEqual(r, { ok: true, userId: 9223372036854775807n });
        });
    });

    describe("#rejects", () => {
        it("must reject a missing token", async () => {
            assert.deepEqual(await verifyToken(null, testKey), { ok: false, code: "missing", reason: "missing token query parameter" });
            assert.deepEqual(await verifyToken("", testKey), { ok: false, code: "missing", reason: "missing token query parameter" });
        });

        it("must reject a token signed with another key", async () => {
            const t = await hsToken({ id: 1 }, { key: new TextEncoder().encode("another_key") });
            assert.deepEqual(await verifyToken(t, testKey), { ok: false, code: "signature", reason: "invalid token signature" });
        });

        it("must reject alg none", async () => {
            const r = await verifyToken(noneToken({ id: 1 }), testKey);
            assert.deepEqual(r, { ok: false, code: "algorithm", reason: "token algorithm not allowed (HS256/HS384/HS512 only)" });
        });

        it("must reject RS256", async () => {
            const r = await verifyToken(await rsToken({ id: 1 }), testKey);
            assert.deepEqual(r, { ok: false, code: "algorithm", reason: "token algorithm not allowed (HS256/HS384/HS512 only)" });
        });

        it("must reject an expired token", async () => {
            const r = await verifyToken(await hsToken({ id: 1 }, { expSeconds: -120 }), testKey);
            assert.deepEqual(r, { ok: false, code: "expired", reason: "token expired" });
        });

        it("must reject garbage", async () => {
            assert.deepEqual(await verifyToken("not.a.jwt", testKey), { ok: false, code: "malformed", reason: "malformed token" });
        });

        const noId: Array<[string, string]> = [
            ["no id claim", '{"sub":"1"}'],
            ["a string id", '{"id":"7"}'],
            ["a fractional id", '{"id":7.5}'],
            ["a zero id", '{"id":0}'],
            ["a negative id", '{"id":-3}'],
            ["an id above int64", '{"id":9223372036854775808}'],
            ["an id only in a nested object", '{"user":{"id":7}}'],
        ];
        for (const [what, payload] of noId) {
            it(`must reject ${what}`, async () => {
                const r = await verifyToken(await rawPayloadToken(payload), testKey);
                assert.deepEqual(r, { ok: false, code: "no-id", reason: "token has no positive int64 id claim" });
            });
        }
    });
});
