import assert from "node:assert/strict";
import { MemoryDirectory, type ServerRecord } from "../../../services/directory";
import { DirectoryPlacement } from "../../../services/gateway/directory-adapter";
import { place } from "../../../services/gateway/placement";

function server(id: string, o: Partial<ServerRecord> = {}): ServerRecord {
    return { id, instance: `i-${id}`, addr: `${id}:7000`, group: "a", version: "v", state: "ready", rooms: 0, players: 0, updatedAt: 1000, ...o };
}

describe("DirectoryPlacement", () => {
    let now: number;
    let dir: MemoryDirectory;
    let placement: DirectoryPlacement;

    beforeEach(async () => {
        now = 1000;
        dir = new MemoryDirectory({ ttlMs: 60_000 }, () => now);
        placement = new DirectoryPlacement(dir, () => now);
        await dir.putServer(server("s1"));
        await dir.putServer(server("s2"));
    });

    describe("#pickNew", () => {
        it("must spread a burst of new rooms over servers whose heartbeat has not counted them yet", async () => {
            now = 1001;
            const picks = await Promise.all(["r1", "r2", "r3", "r4"].map((r) => placement.pickNew(r, "a", new Set())));
            assert.deepEqual(
                picks.map((p) => p?.id),
                ["s1", "s2", "s1", "s2"],
            );
        });

        it("must give every player of one new room the same server", async () => {
            now = 1001;
            const picks = await Promise.all([1, 2, 3].map(() => placement.pickNew("r1", "a", new Set())));
            assert.deepEqual(
                picks.map((p) => p?.id),
                ["s1", "s1", "s1"],
            );
            assert.equal((await placement.pickNew("r2", "a", new Set()))?.id, "s2");
        });

        it("must stop adding its placements once a heartbeat newer than them reports the load", async () => {
            now = 1001;
            await placement.pickNew("r1", "a", new Set());
            await dir.putServer(server("s1", { rooms: 0, updatedAt: 1002 }));
            now = 1003;
            assert.equal((await placement.pickNew("r2", "a", new Set()))?.id, "s1");
        });

        it("must not reuse an earlier decision for a server that was excluded", async () => {
            now = 1001;
            await placement.pickNew("r1", "a", new Set());
            assert.equal((await placement.pickNew("r1", "a", new Set(["s1"])))?.id, "s2");
        });

        it("must only pick ready servers of the wanted group", async () => {
            await dir.putServer(server("s3", { group: "b" }));
            await dir.putServer(server("s1", { state: "draining" }));
            await dir.putServer(server("s2", { state: "draining" }));
            assert.equal((await placement.pickNew("r1", "b", new Set()))?.id, "s3");
            assert.equal(await placement.pickNew("r2", "a", new Set()), undefined);
        });
    });
});

describe("place", () => {
    let dir: MemoryDirectory;
    let placement: DirectoryPlacement;

    beforeEach(async () => {
        dir = new MemoryDirectory({ ttlMs: 60_000 });
        placement = new DirectoryPlacement(dir);
        await dir.putServer(server("s1", { updatedAt: Date.now() }));
        await dir.putServer(server("s2", { updatedAt: Date.now(), players: 5 }));
    });

    const req = { userId: "7", roomId: "r-asked", group: "a", excluded: new Set<string>(), ignoreUserRoom: false };

    describe("#routes", () => {
        it("must send a player to the room it is already in", async () => {
            await dir.claimRoom("r-current", "s2");
            await dir.setUserRoom("7", "r-current");
            assert.deepEqual(await place(placement, req), { ok: true, target: { addr: "s2:7000", serverId: "s2", roomId: "r-current", route: "user" } });
        });

        it("must send a player to the owner of the requested room even while it drains", async () => {
            await dir.claimRoom("r-asked", "s2");
            await dir.putServer(server("s2", { state: "draining" }));
            assert.deepEqual(await place(placement, req), { ok: true, target: { addr: "s2:7000", serverId: "s2", roomId: "r-asked", route: "room" } });
        });

        it("must place a new room on the least-loaded ready server", async () => {
            assert.deepEqual(await place(placement, req), { ok: true, target: { addr: "s1:7000", serverId: "s1", roomId: "r-asked", route: "new" } });
        });

        it("must ignore the current room when told to (its server turned out unreachable)", async () => {
            await dir.claimRoom("r-current", "s2");
            await dir.setUserRoom("7", "r-current");
            const r = await place(placement, { ...req, ignoreUserRoom: true });
            assert.deepEqual(r, { ok: true, target: { addr: "s1:7000", serverId: "s1", roomId: "r-asked", route: "new" } });
        });

        it("must say which group has no server", async () => {
            assert.deepEqual(await place(placement, { ...req, group: "b" }), { ok: false, reason: "no ready room server in group b" });
        });

        it("must put a new room on another group's server when the wanted group has none ready, unless a version rule chose it", async () => {
            // A gateway still on the old routing file (group b) while b drains and a takes new rooms.
            await dir.putServer(server("s1", { group: "b", state: "draining", updatedAt: Date.now() }));
            await dir.putServer(server("s2", { group: "a", updatedAt: Date.now() }));
            assert.deepEqual(await place(placement, { ...req, group: "b", anyGroupFallback: true }), {
                ok: true,
                target: { addr: "s2:7000", serverId: "s2", roomId: "r-asked", route: "fallback" },
            });
            assert.deepEqual(await place(placement, { ...req, group: "b", anyGroupFallback: false }), { ok: false, reason: "no ready room server in group b" });
            // A ready server of the wanted group is always preferred.
            await dir.putServer(server("s3", { group: "b", updatedAt: Date.now() }));
            assert.equal(((await place(placement, { ...req, group: "b", anyGroupFallback: true })) as { target: { serverId: string } }).target.serverId, "s3");
        });
    });
});
