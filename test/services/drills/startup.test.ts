import assert from "node:assert/strict";
import { freePort } from "../../../lib/services/ports";
import { spawnService, type ServiceProcess } from "../../../lib/services/process";
import { jwtKey } from "../../../lib/services/cluster";

/** Everything a process printed, stdout and stderr. */
function output(p: ServiceProcess): string {
    return [...p.logs.map((l) => (typeof l === "string" ? l : JSON.stringify(l))), p.stderr()].join("\n");
}

const secretText = "s3cr";

describe("Service startup", () => {
    describe("#redis-url-secret", () => {
        // Passwords as typed into a Secret: not percent-encoded, so "#", "/" or "?" end the userinfo
        // early or make the URL unparsable; and the query form ioredis also reads.
        const badUrls = [
            `redis://:${secretText}#t@127.0.0.1:6379/0`,
            `redis://app:${secretText}/t@127.0.0.1:6379/0`,
            `redis://127.0.0.1:99999/0?password=${secretText}t`,
        ];

        it("must name REDIS_URL in the startup error of every service without printing its password", async function () {
            this.timeout(60_000);
            const common = { ADMIN_PORT: "9", GATEWAY_PORT: "10", ROOM_GRPC_PORT: "11", JWT_KEY: jwtKey, ROUTING_FILE: "/nonexistent" };
            // One form per service (each form against each parser is in the redactUrl unit test).
            const entries: [string, string[], string][] = [
                ["services/gateway/main.ts", [], badUrls[0]!],
                ["services/room/main.ts", [], badUrls[1]!],
                ["services/cron/main.ts", ["leaderboard"], badUrls[2]!],
            ];
            const runs = entries.map(([entry, args, url]) => ({ entry, url, p: spawnService({ entry, args, env: { ...common, REDIS_URL: url } }) }));
            for (const r of runs) {
                assert.deepEqual(await r.p.exited, { code: 1, signal: null }, `${r.entry} with ${r.url}`);
                const out = output(r.p);
                assert.match(out, /REDIS_URL: \\?"redis:\/\/(\*\*\*@)?127\.0\.0\.1/, `${r.entry} names REDIS_URL:\n${out}`);
                assert.ok(!out.includes(secretText), `${r.entry} printed the password of ${r.url}:\n${out}`);
            }
        });

        it("must not print the password of a valid REDIS_URL whose Redis is unreachable", async function () {
            this.timeout(60_000);
            const deadRedis = `redis://app:${secretText}%23t@127.0.0.1:${await freePort()}/0`;
            const [adminPort, grpcPort] = [await freePort(), await freePort()];
            const room = spawnService({
                entry: "services/room/main.ts",
                env: {
                    REDIS_URL: deadRedis,
                    ADMIN_PORT: String(adminPort),
                    ROOM_GRPC_PORT: String(grpcPort),
                    SERVER_ID: "secret-1",
                    ADVERTISE_ADDR: `127.0.0.1:${grpcPort}`,
                },
            });
            assert.deepEqual(await room.exited, { code: 1, signal: null });
            const out = output(room);
            assert.match(out, /room server failed to start/);
            assert.ok(!out.includes(secretText), `the room server printed the password:\n${out}`);
        });
    });
});
