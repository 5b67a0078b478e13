// A key marked secret is never read as unset. `pulumi config set --secret --path 'gameops:zones[0]...'`
// marks all of gameops:zones secret; reading that as "no zones" would make `pulumi up` delete every
// zone. Declared keys that are not secrets are refused by name (value not shown); a zone's external
// Redis password key stays a secret the zone reads; any other secret is refused as a stray.
import { strict as assert } from "node:assert";
import { runProgram } from "../../../lib/program/run";
import { alicloudStack, existingStack, expectProblems, withConfig, zone } from "./fixtures";

const jwt = "gameops:jwtKey";
const ali = alicloudStack();

const zonesRefused =
    "gameops:zones: is marked secret but is not a secret key (gameops writes its value into Kubernetes objects and stack outputs in plaintext), so it is refused rather than read; its value is not shown; set each secret value under it again without --secret (`pulumi config set --path 'gameops:zones[<i>].<key>' <value>`), or replace its secure: entries in Pulumi.<stack>.yaml with plain values";

describe("secret-marked stack config", () => {
    describe("#declared keys", () => {
        it("must refuse gameops:zones marked secret by name instead of reading 0 zones", async () => {
            const error = await expectProblems(withConfig(ali, {}, [jwt, "gameops:zones"]), [zonesRefused]);
            assert.ok(!error.message.includes("s101"), "the secret value must not be shown");
        });

        it("must refuse gameops:protect marked secret instead of protecting nothing", () =>
            expectProblems(withConfig(ali, { "gameops:protect": true }, [jwt, "gameops:protect"]), [
                "gameops:protect: is marked secret but is not a secret key (gameops writes its value into Kubernetes objects and stack outputs in plaintext), so it is refused rather than read; its value is not shown; set it again without --secret: `pulumi config set gameops:protect <value>`",
            ]));

        it("must show no problem inside a refused key (that would show its value), and still check the other keys", async () => {
            const zones = [{ ...zone(101, "s101"), room: { active: "secret-group", groups: { a: { replicas: 1 } } } }];
            const error = await expectProblems(withConfig(ali, { "gameops:zones": zones, "gameops:protect": "yes" }, [jwt, "gameops:zones"]), [
                zonesRefused,
                'gameops:protect: "yes" is not a boolean; use true or false',
            ]);
            assert.ok(!error.message.includes("secret-group"));
        });

        it("must refuse a map key marked secret with the --path fix", () =>
            expectProblems(withConfig(ali, {}, [jwt, "gameops:images"]), [
                "gameops:images: is marked secret but is not a secret key (gameops writes its value into Kubernetes objects and stack outputs in plaintext), so it is refused rather than read; its value is not shown; set each secret value under it again without --secret (`pulumi config set --path 'gameops:images.<key>' <value>`), or replace its secure: entries in Pulumi.<stack>.yaml with plain values",
            ]));
    });

    describe("#other secrets", () => {
        const external = (passwordKey: string) => ({ ...zone(1, "s1"), redis: { mode: "external", host: "10.0.0.5", passwordKey } });

        it("must keep reading a zone's external Redis password key as the secret it is", async () => {
            const input = withConfig(existingStack(), { "gameops:zones": [external("redisPassword")], "gameops:redisPassword": "pw" }, [
                jwt,
                "gameops:redisPassword",
            ]);
            const run = await runProgram(input);
            assert.ok(run.resources.some((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata?.name === "redis-auth"));
        });

        it("must refuse that password in plaintext without showing it (not as an unknown key)", async () => {
            const input = withConfig(existingStack(), { "gameops:zones": [external("redisPassword")], "gameops:redisPassword": "hunter2hunter2" }, [jwt]);
            const error = await expectProblems(input, [
                "gameops:redisPassword: is stored in plaintext; set it with `pulumi config set --secret redisPassword`",
            ]);
            assert.ok(!error.message.includes("hunter2"));
        });

        it("must refuse a secret no zone names, suggesting the key it looks like", () =>
            expectProblems(withConfig(ali, { "gameops:zone": [zone(102, "s102")] }, [jwt, "gameops:zone"]), [
                "gameops:zone: is a secret that no zone names as redis.passwordKey, and not a gameops config key (did you mean gameops:zones?); remove it (`pulumi config rm gameops:zone`), or name it in a zone's redis.passwordKey",
            ]));
    });
});
