import { strict as assert } from "node:assert";
import { parseClientVersion } from "../../../services/gateway/client-version";

describe("gateway: the version query parameter", () => {
    it("must take a semver-like version and no version at all", () => {
        assert.deepEqual(parseClientVersion("1.4.2+build_7-rc"), { ok: true, value: "1.4.2+build_7-rc" });
        assert.deepEqual(parseClientVersion(null), { ok: true, value: undefined });
    });

    it("must refuse what gRPC metadata cannot carry, naming the value with non-ASCII shown as ?", () => {
        assert.deepEqual(parseClientVersion("1.é"), {
            ok: false,
            reason: 'version: "1.?" is not a client version (1-64 of 0-9 A-Z a-z . + _ -); send e.g. version=1.4.2',
        });
        assert.equal(parseClientVersion("").ok, false);
        assert.equal(parseClientVersion("a".repeat(65)).ok, false);
    });

    it("must keep the reason within a WebSocket close frame's 123 bytes however long the value", () => {
        const r = parseClientVersion("ü".repeat(500));
        assert.equal(r.ok, false);
        if (r.ok) return;
        assert.match(r.reason, /^version: "\?{16}\.\.\." is not a client version/);
        assert.ok(Buffer.byteLength(r.reason) <= 123, `${Buffer.byteLength(r.reason)} bytes`);
    });
});
