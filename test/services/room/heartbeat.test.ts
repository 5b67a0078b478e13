import { strict as assert } from "node:assert";
import { Writable } from "node:stream";
import { MemoryDirectory } from "../../../services/directory";
import { createLogger } from "../../../services/shared/logger";
import { Heartbeat } from "../../../services/room/heartbeat";
import type { RoomHost } from "../../../services/room/room-host";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });

function fakeHost(rooms: string[], users: { userId: string; roomId: string }[]): RoomHost {
  return {
    load: () => ({ rooms: rooms.length, players: users.length }),
    leases: () => ({ rooms, users }),
  } as unknown as RoomHost;
}

describe("Heartbeat", () => {
  const record = { id: "s1", addr: "10.0.0.1:7000", group: "b", version: "2" };

  describe("#lifecycle", () => {
    it("must register the server with its load and hold its room and user leases", async () => {
      const dir = new MemoryDirectory({ ttlMs: 60_000 }, () => 5);
      await dir.claimRoom("r1", "s1");
      const hb = new Heartbeat({ directory: dir, host: fakeHost(["r1"], [{ userId: "9", roomId: "r1" }]), record, intervalMs: 60_000, log, now: () => 77 });
      await hb.start();
      try {
        assert.deepEqual(await dir.getServer("s1"), { ...record, state: "ready", rooms: 1, players: 1, updatedAt: 77 });
        assert.deepEqual([await dir.roomOwner("r1"), await dir.userRoom("9")], ["s1", "r1"]);
      } finally {
        await hb.stop();
      }
    });
    it("must publish draining at once on setState", async () => {
      const dir = new MemoryDirectory({ ttlMs: 60_000 });
      const hb = new Heartbeat({ directory: dir, host: fakeHost([], []), record, intervalMs: 60_000, log });
      await hb.start();
      await hb.setState("draining");
      assert.equal((await dir.getServer("s1"))?.state, "draining");
      await hb.stop();
    });
    it("must deregister on stop", async () => {
      const dir = new MemoryDirectory({ ttlMs: 60_000 });
      const hb = new Heartbeat({ directory: dir, host: fakeHost([], []), record, intervalMs: 60_000, log });
      await hb.start();
      await hb.stop();
      assert.deepEqual([await dir.getServer("s1"), await dir.indexedServerIds()], [undefined, []]);
    });
    it("must fail start when the directory is unreachable", async () => {
      const dir = new MemoryDirectory({ ttlMs: 60_000 });
      dir.putServer = () => Promise.reject(new Error("ECONNREFUSED"));
      const hb = new Heartbeat({ directory: dir, host: fakeHost([], []), record, intervalMs: 60_000, log });
      await assert.rejects(hb.start(), /ECONNREFUSED/);
    });
  });
});
