import { strict as assert } from "node:assert";
import { Writable } from "node:stream";
import { MemoryDirectory, type RoomLease } from "../../../services/directory";
import { createLogger } from "../../../services/shared/logger";
import { Heartbeat } from "../../../services/room/heartbeat";
import type { RoomHost } from "../../../services/room/room-host";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });

function fakeHost(rooms: RoomLease[], users: { userId: string; roomId: string }[], abandoned: string[] = []): Pick<RoomHost, "load" | "leases" | "abandon"> {
    return {
        load: () => ({ rooms: rooms.length, players: users.length }),
        leases: () => ({ rooms, users }),
        abandon: (ids) => abandoned.push(...ids),
    };
}

describe("Heartbeat", () => {
    const record = { id: "s1", instance: "i-1", addr: "10.0.0.1:7000", group: "b", version: "2" };
    const opts = { intervalMs: 60_000, takeoverWaitMs: 0, log };

    describe("#lifecycle", () => {
        it("must register the server with its load and hold its room and user leases", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 }, () => 5);
            const claim = await dir.claimRoom("r1", "s1");
            assert.ok(claim.ok);
            const hb = new Heartbeat({
                ...opts,
                directory: dir,
                host: fakeHost([{ roomId: "r1", fence: claim.fence }], [{ userId: "9", roomId: "r1" }]),
                record,
                now: () => 77,
            });
            await hb.start();
            try {
                assert.deepEqual(await dir.getServer("s1"), { ...record, state: "ready", rooms: 1, players: 1, updatedAt: 77, leased: true });
                assert.deepEqual([await dir.roomOwner("r1"), await dir.userRoom("9")], ["s1", "r1"]);
            } finally {
                await hb.stop();
            }
        });
        it("must publish draining at once on setState", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 });
            const hb = new Heartbeat({ directory: dir, host: fakeHost([], []), record, ...opts });
            await hb.start();
            await hb.setState("draining");
            assert.equal((await dir.getServer("s1"))?.state, "draining");
            await hb.stop();
        });
        it("must deregister on stop", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 });
            const hb = new Heartbeat({ directory: dir, host: fakeHost([], []), record, ...opts });
            await hb.start();
            await hb.stop();
            assert.deepEqual([await dir.getServer("s1"), await dir.indexedServerIds()], [undefined, []]);
        });
        it("must refuse to start while another live process holds the id, naming it", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 });
            await dir.putServer({ ...record, instance: "i-other", addr: "10.0.0.9:7000", state: "ready", rooms: 0, players: 0, updatedAt: Date.now() });
            const hb = new Heartbeat({ ...opts, directory: dir, host: fakeHost([], []), record });
            await assert.rejects(
                hb.start(),
                /^Error: SERVER_ID s1 is held by another live process \(instance i-other at 10\.0\.0\.9:7000, last heartbeat \d+ ms ago\)/,
            );
            assert.equal((await dir.getServer("s1"))?.addr, "10.0.0.9:7000");
        });
        it("must start once a crashed holder's record expired", async () => {
            let t = 1000;
            const dir = new MemoryDirectory({ ttlMs: 100 }, () => t);
            await dir.putServer({ ...record, instance: "i-crashed", state: "ready", rooms: 0, players: 0, updatedAt: t });
            const hb = new Heartbeat({ ...opts, intervalMs: 5, takeoverWaitMs: 10_000, directory: dir, host: fakeHost([], []), record, now: () => t });
            const starting = hb.start();
            t += 200;
            await starting;
            assert.equal((await dir.getServer("s1"))?.instance, "i-1");
            await hb.stop();
        });
        it("must report the id taken and leave the other record alone when another process took it mid-run", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 });
            const taken: string[] = [];
            const hb = new Heartbeat({ ...opts, directory: dir, host: fakeHost([], []), record, onIdTaken: (m) => taken.push(m) });
            await hb.start();
            // This process froze past its TTL and a new one registered the same id meanwhile.
            await dir.removeServer("s1", "i-1");
            await dir.putServer({ ...record, instance: "i-new", state: "ready", rooms: 0, players: 0, updatedAt: 1 });
            await hb.setState("draining");
            await hb.stop();
            assert.equal(taken.length, 1);
            assert.match(taken[0]!, /^SERVER_ID s1 is held by another live process \(instance i-new/);
            assert.deepEqual([(await dir.getServer("s1"))?.instance, (await dir.getServer("s1"))?.state], ["i-new", "ready"]);
        });
        it("must hand the rooms another server claimed meanwhile to the host", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 });
            const mine = await dir.claimRoom("r1", "s1");
            const kept = await dir.claimRoom("r2", "s1");
            assert.ok(mine.ok && kept.ok);
            // s1's claim on r1 lapsed (it was frozen) and s2 claimed the room.
            await dir.releaseRoom("r1", "s1");
            await dir.claimRoom("r1", "s2");
            const abandoned: string[] = [];
            const hb = new Heartbeat({
                ...opts,
                directory: dir,
                host: fakeHost(
                    [
                        { roomId: "r1", fence: mine.fence },
                        { roomId: "r2", fence: kept.fence },
                    ],
                    [],
                    abandoned,
                ),
                record,
            });
            await hb.start();
            await hb.stop();
            assert.deepEqual([abandoned, await dir.roomOwner("r1"), await dir.roomOwner("r2")], [["r1"], "s2", "s1"]);
        });
        it("must fail start when the directory is unreachable", async () => {
            const dir = new MemoryDirectory({ ttlMs: 60_000 });
            dir.putServer = () => Promise.reject(new Error("ECONNREFUSED"));
            const hb = new Heartbeat({ directory: dir, host: fakeHost([], []), record, ...opts });
            await assert.rejects(hb.start(), /ECONNREFUSED/);
        });
    });
});
