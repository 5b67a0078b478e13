import assert from "node:assert/strict";
import { groupFor, parseRoutingPolicy, ruleGroup } from "../../../services/gateway/routing";

describe("parseRoutingPolicy", () => {
    describe("#valid", () => {
        it("must read the JSON the GameZone component writes", () => {
            const r = parseRoutingPolicy('{ "activeGroup": "a", "versionRules": [ { "minClientVersion": "1.3.0", "group": "b" } ] }', "routing.json");
            assert.deepEqual(r, { ok: true, policy: { activeGroup: "a", versionRules: [{ minClientVersion: "1.3.0", group: "b" }] } });
        });

        it("must read YAML", () => {
            const r = parseRoutingPolicy("activeGroup: b\n", "routing.yaml");
            assert.deepEqual(r, { ok: true, policy: { activeGroup: "b" } });
        });
    });

    describe("#invalid", () => {
        it("must name a missing activeGroup", () => {
            const r = parseRoutingPolicy("{}", "/etc/routing.json");
            assert.deepEqual(r, { ok: false, error: "/etc/routing.json: activeGroup: found nothing: a group name like a or b" });
        });

        it("must name a bad group with the value found", () => {
            const r = parseRoutingPolicy('{"activeGroup":"A B"}', "f");
            assert.deepEqual(r, { ok: false, error: 'f: activeGroup: found "A B": a group name like a or b' });
        });

        it("must name a bad version inside a rule", () => {
            const r = parseRoutingPolicy('{"activeGroup":"a","versionRules":[{"minClientVersion":"one","group":"b"}]}', "f");
            assert.deepEqual(r, { ok: false, error: 'f: versionRules.0.minClientVersion: found "one": a semver version like 1.3.0' });
        });

        it("must reject an unknown key", () => {
            const r = parseRoutingPolicy('{"activeGroup":"a","active":"b"}', "f");
            assert.deepEqual(r, {
                ok: false,
                error: 'f: (root): found {"activeGroup":"a","active":"b"}: unknown key "active"; allowed keys: activeGroup, versionRules',
            });
        });

        it("must reject a file that is not an object", () => {
            const r = parseRoutingPolicy("[1]", "f");
            assert.deepEqual(r, { ok: false, error: 'f: (root): found [1]: an object like {"activeGroup":"a"}' });
        });

        it("must reject text that is not JSON or YAML", () => {
            const r = parseRoutingPolicy("{ not: [valid", "f");
            assert.equal(r.ok, false);
            assert.match((r as { error: string }).error, /^f: not JSON or YAML \(.+\); write e\.g\. \{"activeGroup":"a"\}$/);
        });
    });
});

describe("groupFor", () => {
    const policy = {
        activeGroup: "a",
        versionRules: [
            { minClientVersion: "2.0.0", group: "c" },
            { minClientVersion: "1.3.0", maxClientVersion: "2.0.0", group: "b" },
        ],
    };

    describe("#rules", () => {
        it("must use the active group without a client version", () => {
            assert.equal(groupFor(policy, undefined), "a");
        });

        it("must treat minClientVersion as inclusive", () => {
            assert.equal(groupFor(policy, "1.3.0"), "b");
        });

        it("must treat maxClientVersion as exclusive and take the first matching rule", () => {
            assert.equal(groupFor(policy, "2.0.0"), "c");
        });

        it("must fall back to the active group below every rule", () => {
            assert.equal(groupFor(policy, "1.2.9"), "a");
        });

        it("must ignore a version that is not semver", () => {
            assert.equal(groupFor(policy, "latest"), "a");
        });

        it("must tell a group chosen by a rule from the active group (ruleGroup)", () => {
            assert.deepEqual(
                [undefined, "1.2.9", "latest", "1.3.0", "2.0.0"].map((v) => ruleGroup(policy, v)),
                [undefined, undefined, undefined, "b", "c"],
            );
        });
    });
});
