// Directory contract: server records, their leases, and one live process per server id.
import { strict as assert } from "node:assert";
import { server, type CurrentEnv, type Env } from "./env";

export function serverContract(current: CurrentEnv): void {
    let env: Env;
    beforeEach(() => {
        env = current();
    });

    describe("#servers", () => {
        it("must store a server record and read it back, its lease running", async () => {
            assert.deepEqual(await env.dir.putServer(server("s1", { players: 3, state: "draining" })), { ok: true });
            assert.deepEqual(await env.dir.getServer("s1"), { ...server("s1", { players: 3, state: "draining" }), leased: true });
        });
        it("must list every live server sorted by id", async () => {
            await env.dir.putServer(server("s2"));
            await env.dir.putServer(server("s1"));
            assert.deepEqual(
                (await env.dir.listServers()).map((s) => s.id),
                ["s1", "s2"],
            );
        });
        it("must overwrite the record on heartbeat", async () => {
            await env.dir.putServer(server("s1", { rooms: 1 }));
            await env.dir.putServer(server("s1", { rooms: 2, updatedAt: 2000 }));
            assert.deepEqual(await env.dir.getServer("s1"), { ...server("s1", { rooms: 2, updatedAt: 2000 }), leased: true });
        });
        it("must keep a direct port's address and drop it when a heartbeat no longer has one", async () => {
            await env.dir.putServer(server("s1", { wsUrl: "wss://203.0.113.7:7400/" }));
            assert.equal((await env.dir.getServer("s1"))?.wsUrl, "wss://203.0.113.7:7400/");
            await env.dir.putServer(server("s1", { updatedAt: 2000 }));
            assert.deepEqual(await env.dir.getServer("s1"), { ...server("s1", { updatedAt: 2000 }), leased: true });
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
            await env.dir.removeServer("s1", "i-s1");
            assert.deepEqual([await env.dir.getServer("s1"), await env.dir.indexedServerIds()], [undefined, []]);
        });
    });

    describe("#lease", () => {
        it("must report the lease lapsed once a heartbeat is a whole lease late, while the record still lives", async () => {
            await env.dir.putServer(server("s1"));
            await env.afterLease("s1's lease to lapse", async () => (await env.dir.getServer("s1"))?.leased === false);
            assert.deepEqual(
                (await env.dir.listServers()).map((s) => [s.id, s.leased]),
                [["s1", false]],
            );
        });
        it("must renew the lease with the next heartbeat", async () => {
            await env.dir.putServer(server("s1"));
            await env.afterLease("s1's lease to lapse", async () => (await env.dir.getServer("s1"))?.leased === false);
            await env.dir.putServer(server("s1"));
            assert.equal((await env.dir.getServer("s1"))?.leased, true);
        });
    });

    describe("#instance", () => {
        it("must refuse to register an id another live instance holds, naming the holder and keeping its record", async () => {
            await env.dir.putServer(server("s1", { instance: "first", updatedAt: 5000 }));
            assert.deepEqual(await env.dir.putServer(server("s1", { instance: "second", addr: "elsewhere:7000" })), {
                ok: false,
                code: "id-taken",
                holder: { instance: "first", addr: "s1.room:7000", updatedAt: 5000 },
            });
            assert.deepEqual([(await env.dir.getServer("s1"))?.instance, (await env.dir.getServer("s1"))?.addr], ["first", "s1.room:7000"]);
        });
        it("must let another instance register the id once the holder's record expired (a crashed predecessor)", async () => {
            await env.dir.putServer(server("s1", { instance: "crashed" }));
            await env.afterTtl("the crashed holder's record to expire", async () => (await env.dir.getServer("s1")) === undefined);
            assert.deepEqual(await env.dir.putServer(server("s1", { instance: "next" })), { ok: true });
            assert.equal((await env.dir.getServer("s1"))?.instance, "next");
        });
        it("must remove a server only for the instance that holds it", async () => {
            await env.dir.putServer(server("s1", { instance: "holder" }));
            await env.dir.removeServer("s1", "impostor");
            assert.deepEqual([(await env.dir.getServer("s1"))?.instance, await env.dir.indexedServerIds()], ["holder", ["s1"]]);
        });
    });
}
