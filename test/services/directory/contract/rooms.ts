// Directory contract: room claims with their fencing tokens, and user -> room mappings.
import { strict as assert } from "node:assert";
import type { CurrentEnv, Env } from "./env";

export function roomContract(current: CurrentEnv): void {
    let env: Env;
    beforeEach(() => {
        env = current();
    });
    /** s1's claim on r1 lapsed while it was frozen, s2 claimed the room: returns s1's old token. */
    async function takenOver(): Promise<string> {
        const first = await env.dir.claimRoom("r1", "s1");
        assert.ok(first.ok);
        await env.dir.releaseRoom("r1", "s1");
        assert.deepEqual(await env.dir.claimRoom("r1", "s2"), { ok: true, fence: "s2:2" });
        return first.fence;
    }

    describe("#rooms", () => {
        it("must let the first claimer own a room and tell the second who owns it", async () => {
            assert.deepEqual(await env.dir.claimRoom("r1", "s1"), { ok: true, fence: "s1:1" });
            assert.deepEqual(await env.dir.claimRoom("r1", "s2"), { ok: false, owner: "s1" });
            assert.equal(await env.dir.roomOwner("r1"), "s1");
        });
        it("must let the owner claim its own room again, with the same fencing token", async () => {
            await env.dir.claimRoom("r1", "s1");
            assert.deepEqual(await env.dir.claimRoom("r1", "s1"), { ok: true, fence: "s1:1" });
        });
        it("must release a room only for its owner", async () => {
            await env.dir.claimRoom("r1", "s1");
            await env.dir.releaseRoom("r1", "s2");
            assert.equal(await env.dir.roomOwner("r1"), "s1");
            await env.dir.releaseRoom("r1", "s1");
            assert.equal(await env.dir.roomOwner("r1"), undefined);
        });
        it("must expire an unrefreshed room claim so another server can take the room, with the next fencing token", async () => {
            await env.dir.claimRoom("r1", "s1");
            await env.afterTtl("room r1 claim to expire", async () => (await env.dir.roomOwner("r1")) === undefined);
            assert.deepEqual(await env.dir.claimRoom("r1", "s2"), { ok: true, fence: "s2:2" });
        });
        it("must extend the claim on refresh", async () => {
            const c = await env.dir.claimRoom("r1", "s1");
            assert.ok(c.ok);
            await env.elapse(env.ttlMs / 2);
            assert.deepEqual(await env.dir.refreshLeases("s1", [{ roomId: "r1", fence: c.fence }], []), { lost: [] });
            await env.elapse(env.ttlMs / 2 + 5);
            assert.equal(await env.dir.roomOwner("r1"), "s1");
        });
        it("must restore a vanished claim and user mapping on refresh (Redis restarted empty)", async () => {
            assert.deepEqual(await env.dir.refreshLeases("s1", [{ roomId: "r1", fence: "s1:4" }], [{ userId: "7", roomId: "r1" }]), { lost: [] });
            assert.deepEqual(
                [await env.dir.roomOwner("r1"), await env.dir.userRoom("7"), await env.dir.claimRoom("r1", "s1")],
                ["s1", "r1", { ok: true, fence: "s1:4" }],
            );
        });
        it("must not extend a claim that now belongs to another server, and report the room lost", async () => {
            await env.dir.claimRoom("r1", "s2");
            assert.deepEqual(await env.dir.refreshLeases("s1", [{ roomId: "r1", fence: "s1:1" }], []), { lost: ["r1"] });
            await env.afterTtl("room r1 claim of s2 to expire", async () => (await env.dir.roomOwner("r1")) === undefined);
        });
        it("must not restore a room another server claimed since, even after that server let it go", async () => {
            const stale = await takenOver();
            await env.dir.releaseRoom("r1", "s2");
            assert.deepEqual(await env.dir.refreshLeases("s1", [{ roomId: "r1", fence: stale }], []), { lost: ["r1"] });
            assert.equal(await env.dir.roomOwner("r1"), undefined);
        });
        it("must give the next claim of a room a new token after a takeover (release of the gone owner, then claim)", async () => {
            await env.dir.claimRoom("r1", "gone");
            await env.dir.releaseRoom("r1", "gone");
            assert.deepEqual(await env.dir.claimRoom("r1", "s1"), { ok: true, fence: "s1:2" });
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
        it("must leave a user mapping that now names another room on refresh", async () => {
            await env.dir.setUserRoom("7", "r2");
            await env.dir.refreshLeases("s1", [], [{ userId: "7", roomId: "r1" }]);
            assert.equal(await env.dir.userRoom("7"), "r2");
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
}
