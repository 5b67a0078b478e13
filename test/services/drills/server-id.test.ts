import assert from "node:assert/strict";
import { freePort } from "../../../lib/services/ports";
import { spawnService, type ServiceProcess } from "../../../lib/services/process";
import { waitFor } from "../../../lib/services/wait";
import { Cluster, fastRoomEnv, prefix } from "../../../lib/services/cluster";

const ttlMs = Number(fastRoomEnv.DIRECTORY_TTL_MS);

describe("Room server id", () => {
    let cluster: Cluster;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
    });

    after(async () => {
        await cluster.stop();
    });

    /** A room server process with `id` on fresh ports (not waited for: it may refuse to start). */
    async function spawnRoom(id: string): Promise<{ proc: ServiceProcess; addr: string }> {
        const [grpcPort, adminPort] = [await freePort(), await freePort()];
        const addr = `127.0.0.1:${grpcPort}`;
        const proc = spawnService({
            entry: "services/room/main.ts",
            adminPort,
            env: {
                REDIS_URL: cluster.redis.url,
                ADMIN_PORT: String(adminPort),
                ROOM_GRPC_PORT: String(grpcPort),
                SERVER_ID: id,
                ADVERTISE_ADDR: addr,
                ...fastRoomEnv,
            },
        });
        return { proc, addr };
    }

    describe("#duplicate", () => {
        it("must refuse to start a second process with the SERVER_ID of a live one, name the holder, and leave its record alone", async function () {
            this.timeout(60_000);
            const first = await cluster.addRoom("room-a-0", "a");
            const second = await spawnRoom("room-a-0");
            // The directory record must name the first process the whole time.
            const addrs = new Set<string>();
            const sampler = setInterval(() => void cluster.client.hget(`${prefix}server:room-a-0`, "addr").then((a) => a !== null && addrs.add(a)), 20);
            try {
                const outcome = await Promise.race([
                    second.proc.exited.then((e) => ({ exited: e })),
                    waitFor("the duplicate to turn ready", async () => (await second.proc.admin("/readyz").catch(() => 0)) === 200, { timeoutMs: 30_000 }).then(
                        () => ({
                            ready: true,
                        }),
                    ),
                ]);
                assert.deepEqual(outcome, { exited: { code: 1, signal: null } }, "the duplicate came up instead of refusing");
            } finally {
                clearInterval(sampler);
                await second.proc.kill();
            }
            const fatal = await second.proc.waitForLog("the refusal", (l) => l.msg === "room server failed to start");
            assert.match(
                String(fatal.err),
                new RegExp(
                    `^SERVER_ID room-a-0 is held by another live process \\(instance [0-9a-f-]{36} at ${first.addr.replace(/\./g, "\\.")}, last heartbeat \\d+ ms ago\\)`,
                ),
            );
            assert.deepEqual([...addrs], [first.addr]);
            assert.equal(await first.proc.admin("/readyz"), 200);
        });

        it("must start under the id of a killed server once its record expired", async function () {
            this.timeout(60_000);
            const old = await cluster.addRoom("room-a-1", "a");
            await old.proc.kill();
            const killedAt = Date.now();
            const next = await spawnRoom("room-a-1");
            try {
                await waitFor("the successor to turn ready", async () => (await next.proc.admin("/readyz").catch(() => 0)) === 200, { timeoutMs: 30_000 });
                assert.equal(await cluster.client.hget(`${prefix}server:room-a-1`, "addr"), next.addr);
                assert.ok(Date.now() - killedAt < ttlMs * 10, `took ${Date.now() - killedAt} ms`);
            } finally {
                await next.proc.kill();
            }
        });
    });
});
