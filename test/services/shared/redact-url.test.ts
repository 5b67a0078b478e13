import { strict as assert } from "node:assert";
import { commonEnv, EnvError, parseEnv } from "../../../services/shared/env";
import { redactUrl } from "../../../services/shared/redact-url";

describe("redactUrl", () => {
    describe("#masking", () => {
        it("must mask a password that holds #, /, ? or @ (unencoded, as typed into a Secret)", () => {
            assert.deepEqual(
                ["redis://:s3cr#t@r:6379/0", "redis://u:s3cr/t@r:6379/0", "redis://:s3cr?t@r:6379/0", "redis://:p@ss@r:6379/0", "redis://:plain@r:6379/0"].map(
                    redactUrl,
                ),
                ["redis://***@r:6379/0", "redis://***@r:6379/0", "redis://***@r:6379/0", "redis://***@r:6379/0", "redis://***@r:6379/0"],
            );
        });
        it("must mask a password given as a query parameter", () => {
            assert.equal(redactUrl("redis://r:6379/0?password=s3cret&family=6"), "redis://r:6379/0?password=***&family=6");
        });
        it("must leave a URL without credentials as it is", () => {
            assert.equal(redactUrl("redis://r:6379/0"), "redis://r:6379/0");
        });
    });

    describe("#env", () => {
        it("must never show the password of a REDIS_URL that fails validation", () => {
            for (const url of ["redis://:s3cr#t@r:6379/0", "redis://:s3cr/t@r:6379/0", "redis://:s3cret@r:99999/0?password=s3cret"]) {
                try {
                    parseEnv(commonEnv, { REDIS_URL: url });
                    assert.fail(`${url} was accepted`);
                } catch (e) {
                    assert.ok(e instanceof EnvError);
                    assert.match(e.message, /REDIS_URL: "redis:\/\/\*\*\*@r:/);
                    assert.doesNotMatch(e.message, /s3cr/);
                }
            }
        });
    });
});
