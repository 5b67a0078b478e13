// Stack config a fork refuses, each message asserted in full (the fork's own rules; bad-config.test.ts has the rest).
import { alicloudStack, expectProblems, forkStack, withConfig, zone } from "./fixtures";

const net = alicloudStack().config["gameops:network"] as Record<string, unknown>;

describe("loadStackConfig", () => {
    describe("#fork", () => {
        it("must refuse cloud keys on a fork", () =>
            expectProblems(withConfig(forkStack(), { "gameops:cloud": "alicloud", "gameops:network": net }), [
                "gameops:cloud: is set on a fork stack; a fork uses its parent's cloud, remove it (or remove gameops:forkOf)",
                "gameops:network: is set on a fork stack; a fork uses its parent's network, remove it (or remove gameops:forkOf)",
            ]));

        it("must refuse a forkOf that is not a stack reference", () =>
            expectProblems(withConfig(forkStack(), { "gameops:forkOf": "acme/dev" }), [
                'gameops:forkOf: "acme/dev" is not a stack reference; write it as <stack> (a stack of this project, e.g. local) or <org>/<project>/<stack> (e.g. acme/gameops/dev)',
            ]));

        it("must refuse an external Redis on a fork before the parent is even read", () =>
            expectProblems(withConfig(forkStack(), { "gameops:zones": [{ ...zone(901, "s901"), redis: { mode: "external", host: "10.0.0.5" } }] }), [
                `gameops:zones (zone "s901").redis.mode: "external" is not allowed on a fork (gameops:forkOf is set); a fork always runs its own in-cluster Redis so it never touches the parent's data; remove redis or set it to { mode: in-cluster }`,
            ]));

        it("must refuse a fork whose stack name makes a zone namespace too long", () =>
            expectProblems({ ...forkStack(), stack: `dev-${"a".repeat(55)}` }, [
                `gameops:zones (zone "s901"): namespace "dev-${"a".repeat(55)}-s901" is 64 characters long; Kubernetes allows at most 63; use a shorter fork stack name or zone name`,
            ]));

        it("must refuse logging on a fork", () =>
            expectProblems(withConfig(forkStack(), { "gameops:logging": { enabled: true } }), [
                "gameops:logging.enabled: true is not allowed on a fork stack; the parent's Fluentd already collects every namespace, remove it",
            ]));
    });
});
