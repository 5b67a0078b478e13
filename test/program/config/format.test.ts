// The pieces of an error line, and the key check behind jwtKey.
import { strict as assert } from "node:assert";
import { closest, keyPath, showValue } from "../../../components/primitives/format";
import { isStrongBase64Key } from "../../../components/primitives/patterns";
import { cidrContains, cidrsOverlap, isCidr } from "../../../components/primitives/patterns";

describe("config format", () => {
    describe("#keyPath", () => {
        it("must write a path as the user writes it in YAML", () =>
            assert.equal(keyPath("gameops", ["zones", 1, "room", "active"]), "gameops:zones[1].room.active"));
    });

    describe("#showValue", () => {
        it("must quote strings, show objects as JSON and cut long values", () => {
            assert.equal(showValue("c"), '"c"');
            assert.equal(showValue(0), "0");
            assert.equal(showValue(undefined), "nothing");
            assert.equal(showValue({ a: "x".repeat(80) }).length, 60);
        });
    });

    describe("#closest", () => {
        it("must suggest the nearest known key within two edits", () => {
            const keys = ["cloud", "cluster", "zones", "logging", "registry"];
            assert.equal(closest("zone", keys), "zones");
            assert.equal(closest("Cluser", keys), "cluster");
            assert.equal(closest("database", keys), undefined);
        });
    });

    describe("#isStrongBase64Key", () => {
        it("must accept standard base64 of 32 bytes or more", () => assert.equal(isStrongBase64Key(Buffer.alloc(32, 7).toString("base64")), true));
        it("must refuse short keys, url-safe alphabet and bad padding", () => {
            assert.equal(isStrongBase64Key(Buffer.alloc(31, 7).toString("base64")), false);
            assert.equal(isStrongBase64Key(Buffer.alloc(33, 0xfb).toString("base64url")), false);
            assert.equal(isStrongBase64Key("QUJD="), false);
        });
    });

    describe("#cidr", () => {
        it("must check blocks, containment and overlap", () => {
            assert.equal(isCidr("10.0.0.0/8"), true);
            assert.equal(isCidr("10.0.0.1/8"), false);
            assert.equal(isCidr("256.0.0.0/8"), false);
            assert.equal(cidrContains("10.0.0.0/8", "10.255.0.0/16"), true);
            assert.equal(cidrContains("10.0.0.0/16", "10.1.0.0/16"), false);
            assert.equal(cidrsOverlap("172.16.0.0/12", "172.20.0.0/16"), true);
            assert.equal(cidrsOverlap("10.0.0.0/8", "172.20.0.0/16"), false);
        });
    });
});
