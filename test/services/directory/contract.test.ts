import { strict as assert } from "node:assert";
import {
  MemoryDirectory,
  RedisDirectory,
  keys,
  resultFromFields,
  type Directory,
  type ServerRecord,
} from "../../../services/directory";
import { redisPerSuite } from "../harness/redis";
import { waitFor } from "../harness/wait";

interface Env {
  dir: Directory;
  ttlMs: number;
  /** Passes once `gone` holds after the TTL elapsed without refresh. */
  afterTtl(what: string, gone: () => Promise<boolean>): Promise<void>;
  /** Lets `ms` (< TTL) pass. */
  elapse(ms: number): Promise<void>;
  /** Raw results stream entries. */
  results(): Promise<[string, string[]][]>;
}

const server = (id: string, over: Partial<ServerRecord> = {}): ServerRecord => ({
  id,
  addr: `${id}.room:7000`,
  group: "a",
  version: "1.0.0",
  state: "ready",
  rooms: 0,
  players: 0,
  updatedAt: 1000,
  ...over,
});

function contract(name: string, make: () => Promise<Env>, cleanup: () => Promise<void>): void {
  describe(name, () => {
    let env: Env;
    beforeEach(async () => {
      env = await make();
    });
    afterEach(cleanup);

    describe("#servers", () => {
      it("must store a server record and read it back", async () => {
        await env.dir.putServer(server("s1", { players: 3, state: "draining" }));
        assert.deepEqual(await env.dir.getServer("s1"), server("s1", { players: 3, state: "draining" }));
      });
      it("must list every live server sorted by id", async () => {
        await env.dir.putServer(server("s2"));
        await env.dir.putServer(server("s1"));
        assert.deepEqual((await env.dir.listServers()).map((s) => s.id), ["s1", "s2"]);
      });
      it("must overwrite the record on heartbeat", async () => {
        await env.dir.putServer(server("s1", { rooms: 1 }));
        await env.dir.putServer(server("s1", { rooms: 2, updatedAt: 2000 }));
        assert.deepEqual(await env.dir.getServer("s1"), server("s1", { rooms: 2, updatedAt: 2000 }));
      });
      it("must expire a server that stops its heartbeat while it stays indexed", async () => {
        await env.dir.putServer(server("s1"));
        await env.afterTtl("server s1 to expire", async () => (await env.dir.getServer("s1")) === undefined);
        assert.deepEqual([await env.dir.listServers(), await env.dir.indexedServerIds()], [[], ["s1"]]);
      });
      it("must keep a server alive while heartbeats come within the TTL", async () => {
        await env.dir.putServer(server("s1"));
        await env.elapse(env.ttlMs / 2);
        await env.dir.putServer(server("s1"));
        await env.elapse(env.ttlMs / 2 + 5);
        assert.notEqual(await env.dir.getServer("s1"), undefined);
      });
      it("must remove a server from the record and the index", async () => {
        await env.dir.putServer(server("s1"));
        await env.dir.removeServer("s1");
        assert.deepEqual([await env.dir.getServer("s1"), await env.dir.indexedServerIds()], [undefined, []]);
      });
    });

    describe("#rooms", () => {
      it("must let the first claimer own a room and tell the second who owns it", async () => {
        assert.deepEqual(await env.dir.claimRoom("r1", "s1"), { ok: true });
        assert.deepEqual(await env.dir.claimRoom("r1", "s2"), { ok: false, owner: "s1" });
        assert.equal(await env.dir.roomOwner("r1"), "s1");
      });
      it("must let the owner claim its own room again", async () => {
        await env.dir.claimRoom("r1", "s1");
        assert.deepEqual(await env.dir.claimRoom("r1", "s1"), { ok: true });
      });
      it("must release a room only for its owner", async () => {
        await env.dir.claimRoom("r1", "s1");
        await env.dir.releaseRoom("r1", "s2");
        assert.equal(await env.dir.roomOwner("r1"), "s1");
        await env.dir.releaseRoom("r1", "s1");
        assert.equal(await env.dir.roomOwner("r1"), undefined);
      });
      it("must expire an unrefreshed room claim so another server can take the room", async () => {
        await env.dir.claimRoom("r1", "s1");
        await env.afterTtl("room r1 claim to expire", async () => (await env.dir.roomOwner("r1")) === undefined);
        assert.deepEqual(await env.dir.claimRoom("r1", "s2"), { ok: true });
      });
      it("must extend the claim on refresh", async () => {
        await env.dir.claimRoom("r1", "s1");
        await env.elapse(env.ttlMs / 2);
        await env.dir.refreshLeases("s1", ["r1"], []);
        await env.elapse(env.ttlMs / 2 + 5);
        assert.equal(await env.dir.roomOwner("r1"), "s1");
      });
      it("must restore a vanished claim and user mapping on refresh (Redis restarted empty)", async () => {
        await env.dir.refreshLeases("s1", ["r1"], [{ userId: "7", roomId: "r1" }]);
        assert.deepEqual([await env.dir.roomOwner("r1"), await env.dir.userRoom("7")], ["s1", "r1"]);
      });
      it("must leave a user mapping that now names another room", async () => {
        await env.dir.setUserRoom("7", "r2");
        await env.dir.refreshLeases("s1", [], [{ userId: "7", roomId: "r1" }]);
        assert.equal(await env.dir.userRoom("7"), "r2");
      });
      it("must not extend a claim that now belongs to another server", async () => {
        await env.dir.claimRoom("r1", "s2");
        await env.dir.refreshLeases("s1", ["r1"], []);
        await env.afterTtl("room r1 claim of s2 to expire", async () => (await env.dir.roomOwner("r1")) === undefined);
      });
    });

    describe("#users", () => {
      it("must map a user to a room and clear it", async () => {
        await env.dir.setUserRoom("42", "r1");
        assert.equal(await env.dir.userRoom("42"), "r1");
        await env.dir.clearUserRoom("42", "r1");
        assert.equal(await env.dir.userRoom("42"), undefined);
      });
      it("must not clear a mapping that now names another room", async () => {
        await env.dir.setUserRoom("42", "r2");
        await env.dir.clearUserRoom("42", "r1");
        assert.equal(await env.dir.userRoom("42"), "r2");
      });
      it("must expire an unrefreshed mapping and keep a refreshed one", async () => {
        await env.dir.setUserRoom("1", "r1");
        await env.dir.setUserRoom("2", "r1");
        await env.elapse(env.ttlMs / 2);
        await env.dir.refreshLeases("s1", [], [{ userId: "2", roomId: "r1" }]);
        await env.elapse(env.ttlMs / 2 + 5);
        assert.deepEqual([await env.dir.userRoom("1"), await env.dir.userRoom("2")], [undefined, "r1"]);
      });
    });

    describe("#results", () => {
      it("must append results with the contract's fields, ids as decimal strings", async () => {
        const big = 9007199254740993n;
        await env.dir.appendResult({ id: "u-3", room: "r1", round: 3, server: "s1", settledAt: 1234, winners: [big], dice: new Map([[big, 6], [2n, 1]]) });
        await env.dir.appendResult({ id: "u-4", room: "r1", round: 4, server: "s1", settledAt: 1300, winners: [], dice: new Map() });
        const rows = await env.results();
        assert.equal(rows.length, 2);
        assert.ok(rows[0][0] < rows[1][0] || rows[0][0].length < rows[1][0].length);
        assert.deepEqual(rows[0][1], [
          "room", "r1", "round", "3", "server", "s1", "settledAt", "1234",
          "winners", '["9007199254740993"]', "dice", '{"2":1,"9007199254740993":6}', "id", "u-3",
        ]);
        const parsed = resultFromFields(rows[0][1]);
        assert.ok(parsed.ok);
        assert.deepEqual([parsed.value.winners, parsed.value.id], [[big], "u-3"]);
      });
      it("must append a round only once when the same round id is appended again (a retried XADD)", async () => {
        const round = { id: "u-9", room: "r1", round: 9, server: "s1", settledAt: 5000, winners: [7n], dice: new Map([[7n, 6]]) };
        const first = await env.dir.appendResult(round);
        const again = await env.dir.appendResult({ ...round });
        await env.dir.appendResult({ ...round, id: "u-10", round: 10 });
        assert.deepEqual([again, (await env.results()).map(([id]) => id).indexOf(first), (await env.results()).length], [first, 0, 2]);
      });
    });
  });
}

describe("Directory", () => {
  let clock = 0;
  let mem: MemoryDirectory;
  contract(
    "MemoryDirectory",
    async () => {
      clock = 1_000_000;
      mem = new MemoryDirectory({ ttlMs: 1000 }, () => clock);
      return {
        dir: mem,
        ttlMs: 1000,
        afterTtl: async (_what, gone) => {
          clock += 1001;
          assert.equal(await gone(), true);
        },
        elapse: async (ms) => {
          clock += ms;
        },
        results: async () => mem.results,
      };
    },
    async () => undefined,
  );

  const redis = redisPerSuite();
  const prefix = "test:";
  // Long enough that a loaded machine's timer overrun (< ttl/2) cannot flip the keep-alive tests.
  const ttlMs = 1000;
  contract(
    "RedisDirectory",
    async () => {
      await redis.client.flushdb();
      const dir = new RedisDirectory(redis.client, { prefix, ttlMs });
      return {
        dir,
        ttlMs,
        afterTtl: (what, gone) => waitFor(what, gone, { timeoutMs: ttlMs * 10 }).then(() => undefined),
        // Elapsing real time below the TTL is what the TTL test is about; it asserts nothing by itself.
        elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
        results: async () => (await redis.client.xrange(keys(prefix).results, "-", "+")) as [string, string[]][],
      };
    },
    async () => undefined,
  );
});
