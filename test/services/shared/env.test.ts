import { strict as assert } from "node:assert";
import { commonEnv, env, EnvError, parseEnv } from "../../../services/shared/env";

describe("parseEnv", () => {
    describe("#defaults", () => {
        it("must resolve every common default when only REDIS_URL is set", () => {
            assert.deepEqual(parseEnv(commonEnv, { REDIS_URL: "redis://r:6379/0" }), {
                REDIS_URL: "redis://r:6379/0",
                REDIS_PASSWORD: undefined,
                REDIS_PREFIX: "gameops:",
                LOG_LEVEL: "info",
                ADMIN_PORT: 9090,
                GAME_ENV: "prod",
            });
        });
        it("must keep an explicit 0 instead of replacing it with the default", () => {
            const s = { N: env.int({ min: 0, max: 5, default: 3 }) };
            assert.deepEqual(parseEnv(s, { N: "0" }), { N: 0 });
        });
    });
    describe("#errors", () => {
        function problems(src: Record<string, string>): string[] {
            try {
                parseEnv(commonEnv, src);
            } catch (e) {
                assert.ok(e instanceof EnvError);
                return e.problems;
            }
            return [];
        }
        it("must name the variable, the value, what is allowed and the fix", () => {
            assert.deepEqual(problems({ REDIS_URL: "redis://r:1/0", ADMIN_PORT: "abc", GAME_ENV: "staging" }), [
                'ADMIN_PORT: "abc" is not a port (integer 1-65535); set it to e.g. 9090',
                'GAME_ENV: "staging" is not one of dev, prod; set it to e.g. prod',
            ]);
        });
        it("must report a missing required variable", () => {
            assert.deepEqual(problems({}), [
                "REDIS_URL: is not set but required (a redis URL (redis://host:port/db)); set it to e.g. redis://127.0.0.1:6379/0",
            ]);
        });
        it("must reject a URL of another scheme", () => {
            assert.deepEqual(problems({ REDIS_URL: "http://r" }), [
                'REDIS_URL: "http://r" is not a redis URL (redis://host:port/db); set it to e.g. redis://127.0.0.1:6379/0',
            ]);
        });
        it("must not echo the password of a rejected REDIS_URL", () => {
            assert.deepEqual(problems({ REDIS_URL: "http://admin:hunter2@r:6379/0" }), [
                'REDIS_URL: "http://***@r:6379/0" is not a redis URL (redis://host:port/db); set it to e.g. redis://127.0.0.1:6379/0',
            ]);
        });
        it("must reject an integer out of range", () => {
            const s = { ROUND_MS: env.int({ min: 100, max: 600000, default: 30000 }) };
            assert.throws(() => parseEnv(s, { ROUND_MS: "5" }), {
                message: 'invalid environment:\n  ROUND_MS: "5" is not an integer from 100 to 600000; set it to e.g. 30000',
            });
        });
        it("must put every problem in the thrown message", () => {
            assert.throws(
                () => parseEnv(commonEnv, { REDIS_URL: "x", LOG_LEVEL: "loud" }),
                (e: Error) => e.message.includes("REDIS_URL:") && e.message.includes('LOG_LEVEL: "loud"'),
            );
        });
    });
});
