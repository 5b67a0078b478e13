// Refusals that used to name the key and the value but no fix. The usual cause is YAML itself: an
// unquoted 1.10 arrives as the number 1.1, a quoted "101" as a string.
import { alicloudStack, expectProblems, withConfig, zone } from "./fixtures";

const ali = alicloudStack();
const cluster = ali.config["gameops:cluster"] as { nodePools: Record<string, unknown>[] };

describe("stack config fixes", () => {
    describe("#types", () => {
        it("must tell to quote a tag YAML read as a number", () =>
            expectProblems(withConfig(ali, { "gameops:images": { tag: 1.1 } }), [
                'gameops:images.tag: 1.1 is a number, not a string; quote it in Pulumi.<stack>.yaml: tag: "1.1" (YAML reads an unquoted 1.10 as the number 1.1, so quote the exact text you meant)',
            ]));

        it("must tell to unquote a number and a boolean written as strings", () =>
            expectProblems(withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), id: "101" }], "gameops:logging": { enabled: "true" } }), [
                'gameops:zones[0].id: "101" is a string, not a number; write it without quotes: id: 101',
                'gameops:logging.enabled: "true" is a string, not a boolean; write it without quotes: enabled: true',
            ]));

        it("must offer the nearest whole numbers, and the quoted text of a number where a name belongs", () =>
            expectProblems(withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), name: 101, gateway: { replicas: 1.5 } }] }), [
                'gameops:zones[0].name: 101 is a number, not a string; quote it in Pulumi.<stack>.yaml: name: "101"',
                "gameops:zones[0].gateway.replicas: 1.5 is not a whole number; use 1 or 2",
            ]));

        it("must say a key with no value is empty, and how to write a list", () =>
            expectProblems(withConfig(ali, { "gameops:images": { tag: null }, "gameops:cluster": { ...cluster, nodePools: { name: "game" } } }), [
                'gameops:cluster.nodePools: {"name":"game"} is not a list; write it as a list (- entries, or [a, b]), or remove it',
                "gameops:images.tag: null is empty (the key has no value); set a string or remove the key",
            ]));
    });

    describe("#bounds", () => {
        it("must give the bound to use", () =>
            expectProblems(withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), gateway: { replicas: 201, cpuTarget: 5 } }] }), [
                "gameops:zones[0].gateway.replicas: 201 is above the maximum 200; use 200 or less",
                "gameops:zones[0].gateway.cpuTarget: 5 is below the minimum 10; use 10 or more",
            ]));

        it("must ask for an entry in an empty list and a value in an empty string", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:cluster": { ...cluster, nodePools: [{ ...cluster.nodePools[0], instanceTypes: [] }] },
                    "gameops:zones": [{ ...zone(101, "s101"), gateway: { loadBalancer: { id: "" } } }],
                }),
                [
                    "gameops:cluster.nodePools[0].instanceTypes: [] is empty; add at least one entry",
                    'gameops:zones[0].gateway.loadBalancer.id: "" is empty; set a value or remove the key',
                ],
            ));
    });

    describe("#rules", () => {
        it("must say what to set when a rule between two keys fails", () =>
            expectProblems(
                withConfig(ali, { "gameops:zones": [{ ...zone(101, "s101"), redis: { mode: "external", host: "10.0.0.5", passwordKey: "redis-pw" } }] }),
                ['gameops:zones[0].redis.passwordKey: "redis-pw" is not a config key name; use letters and digits starting with a letter, e.g. redisPassword'],
            ));

        it("must name the fix for a duplicate node pool name and an ACR instance id", () =>
            expectProblems(
                withConfig(ali, {
                    "gameops:cluster": { ...cluster, nodePools: [cluster.nodePools[0], cluster.nodePools[0]] },
                    "gameops:registry": { namespace: "mygame", instanceId: "acr-1" },
                }),
                [
                    'gameops:cluster.nodePools[1].name: "game" is used by another node pool, and node pool names must be unique; rename one of them',
                    `gameops:registry.instanceId: "acr-1" is not an ACR instance id; write your instance's id, which looks like cri-xxxxxxxx (or remove it and an instance is created)`,
                ],
            ));
    });
});
