// The in-cluster Redis start script and readiness probe, run for real against /usr/bin/redis-server.
import { strict as assert } from "node:assert";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { redisReadinessCommand, redisStartScript } from "../../../components/zone/specs/redis";
import { freePort } from "../../../lib/services/ports";
import { waitFor } from "../../../lib/services/wait";

const password = "zone-test-redis-password-7f3a";

function cli(port: number, auth: string | undefined, ...args: string[]) {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...(auth !== undefined ? { REDISCLI_AUTH: auth } : {}) };
    return spawnSync("redis-cli", ["-p", String(port), ...args], { env, encoding: "utf8" });
}

describe("ZoneRedis", () => {
    describe("#startScript", () => {
        let dir: string;
        let port: number;
        let server: ChildProcess | undefined;

        before(async () => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "gameops-zone-redis-"));
            fs.mkdirSync(path.join(dir, "data"));
            port = await freePort();
            server = spawn("sh", ["-c", redisStartScript({ conf: path.join(dir, "redis.conf"), data: path.join(dir, "data"), port })], {
                env: { PATH: process.env.PATH, REDIS_PASSWORD: password },
                stdio: "ignore",
            });
            const [sh, ...probe] = redisReadinessCommand(port);
            await waitFor(
                "the readiness probe to pass",
                () => spawnSync(sh, probe, { env: { PATH: process.env.PATH, REDISCLI_AUTH: password } }).status === 0,
                {
                    timeoutMs: 15_000,
                },
            );
        });

        after(async () => {
            if (server && server.exitCode === null) {
                const exited = new Promise((resolve) => server!.once("exit", resolve));
                server.kill("SIGTERM");
                await exited;
            }
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it("must require the password from the environment", () => {
            assert.match(cli(port, undefined, "set", "k", "v").stdout, /NOAUTH/);
            assert.match(
                cli(port, "wrong-password", "set", "k", "v").stdout + cli(port, "wrong-password", "set", "k", "v").stderr,
                /WRONGPASS|AUTH failed|invalid password/i,
            );
            assert.equal(cli(port, password, "set", "k", "v").stdout.trim(), "OK");
            assert.equal(cli(port, password, "get", "k").stdout.trim(), "v");
        });

        it("must keep the password out of the server's command line and its config file private", () => {
            // `exec` makes the shell become redis-server: same pid.
            const cmdline = fs.readFileSync(`/proc/${server!.pid}/cmdline`, "utf8");
            assert.match(cmdline, /redis-server/);
            assert.ok(!cmdline.includes(password), cmdline);
            const stat = fs.statSync(path.join(dir, "redis.conf"));
            assert.equal(stat.mode & 0o077, 0, "the config file is readable only by its owner");
        });

        it("must fail the readiness probe without the password", () => {
            const [sh, ...probe] = redisReadinessCommand(port);
            assert.notEqual(spawnSync(sh, probe, { env: { PATH: process.env.PATH } }).status, 0);
        });
    });
});
