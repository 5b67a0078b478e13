import { strict as assert } from "node:assert";
import { Writable } from "node:stream";
import { MemoryDirectory } from "../../../services/directory";
import { Cmd } from "../../../services/protocol";
import { createLogger } from "../../../services/shared/logger";
import { createRoomMetrics } from "../../../services/room/metrics";
import { ResultSink } from "../../../services/room/result-sink";
import { RoomHost, type FencedResult } from "../../../services/room/room-host";
import { FakeClock, FakeLink } from "./fakes";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });

const leaseTtlMs = 1000;

/** Player 5 seated in room r1 of `host`. */
async function seated(host: RoomHost) {
    const got = await host.acquire("r1");
    assert.ok(got.ok);
    const link = new FakeLink();
    got.room.join(5n, -1, link);
    return { room: got.room, link };
}

/** Lets the reactions of settled promises run. */
const reactions = () => new Promise<void>((r) => setImmediate(r));

/** `gate`: every append waits for it first (Redis slow or down). */
function setup(now: () => number = Date.now, gate?: Promise<void>) {
    const clock = new FakeClock();
    const dir = new MemoryDirectory({ ttlMs: 60_000, leaseMs: leaseTtlMs }, now);
    const sink = new ResultSink<FencedResult>({ log, append: async (e) => (await gate, dir.appendResult(e, e.fence)) });
    let drained = 0;
    const host = new RoomHost({
        serverId: "s1",
        directory: dir,
        results: sink,
        clock,
        game: { roundMs: 1000, settleMs: 100, dev: false },
        log,
        metrics: createRoomMetrics(),
        onDrained: () => drained++,
    });
    return { clock, dir, sink, host, drained: () => drained };
}

describe("RoomHost", () => {
    describe("#acquire", () => {
        it("must claim a new room once for concurrent streams and hand both the same room", async () => {
            const { host, dir } = setup();
            const [a, b] = await Promise.all([host.acquire("r1"), host.acquire("r1")]);
            assert.ok(a.ok && b.ok);
            assert.equal(a.room, b.room);
            assert.equal(await dir.roomOwner("r1"), "s1");
        });
        it("must report the owner and its address for a room another live server owns", async () => {
            const { host, dir } = setup();
            await dir.putServer({
                id: "s2",
                instance: "i-2",
                addr: "10.0.0.2:7000",
                group: "a",
                version: "1",
                state: "ready",
                rooms: 1,
                players: 0,
                updatedAt: 0,
            });
            await dir.claimRoom("r1", "s2");
            assert.deepEqual(await host.acquire("r1"), { ok: false, kind: "owned", owner: "s2", ownerAddr: "10.0.0.2:7000" });
        });
        it("must not take over a room when the owner's record cannot be read (a failed read is not a crash)", async () => {
            const { host, dir } = setup();
            await dir.putServer({
                id: "s2",
                instance: "i-2",
                addr: "10.0.0.2:7000",
                group: "a",
                version: "1",
                state: "ready",
                rooms: 1,
                players: 0,
                updatedAt: 0,
            });
            await dir.claimRoom("r1", "s2");
            dir.getServer = () => Promise.reject(new Error("ETIMEDOUT"));
            assert.deepEqual(await host.acquire("r1"), { ok: false, kind: "error", reason: "directory unavailable: ETIMEDOUT" });
            assert.deepEqual([await dir.roomOwner("r1"), host.roomCount], ["s2", 0]);
        });
        it("must not redirect to an owner whose lease lapsed (it missed a heartbeat) while its record lives", async () => {
            let t = 1000;
            const { host, dir } = setup(() => t);
            await dir.putServer({
                id: "s2",
                instance: "i-2",
                addr: "10.0.0.2:7000",
                group: "a",
                version: "1",
                state: "ready",
                rooms: 1,
                players: 0,
                updatedAt: 0,
            });
            await dir.claimRoom("r1", "s2");
            t += leaseTtlMs + 1;
            assert.deepEqual(await host.acquire("r1"), { ok: false, kind: "owned", owner: "s2", ownerAddr: undefined });
        });
        it("must take over a room whose owner has no record any more", async () => {
            const { host, dir } = setup();
            await dir.claimRoom("r1", "crashed");
            const got = await host.acquire("r1");
            assert.deepEqual([got.ok, await dir.roomOwner("r1")], [true, "s1"]);
        });
        it("must map users to the room and release the room when it empties", async () => {
            const { host, dir } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            const link = new FakeLink();
            got.room.join(5n, -1, link);
            assert.equal(await dir.userRoom("5"), "r1");
            got.room.receive(5n, link, Cmd.STAND_UP, new Uint8Array(0));
            assert.deepEqual([await dir.userRoom("5"), await dir.roomOwner("r1"), host.roomCount], [undefined, undefined, 0]);
        });
        it("must push every settled round to the result sink", async () => {
            const { host, dir, clock, sink } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            got.room.join(5n, -1, new FakeLink());
            clock.advance(1000);
            assert.equal(await sink.flush(1000), true);
            assert.equal(dir.results.length, 1);
        });
        it("must give every settled round its own id, so a retried append is recognised", async () => {
            const { host, dir, clock, sink } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            got.room.join(5n, -1, new FakeLink());
            clock.advance(1000 + 100 + 1000);
            assert.equal(await sink.flush(1000), true);
            const ids = dir.results.map(([, f]) => f[f.indexOf("id") + 1]);
            assert.deepEqual([ids.length, new Set(ids).size, ids.every((id) => /^[0-9a-f-]{36}$/.test(id))], [2, 2, true]);
        });
    });
    describe("#recording", () => {
        it("must show a settlement to its players only once its result is written", async () => {
            let open!: () => void;
            const { host, dir, clock } = setup(Date.now, new Promise<void>((r) => (open = r)));
            const { link } = await seated(host);
            clock.advance(1000);
            await reactions();
            assert.deepEqual([link.cmds().includes(Cmd.DICE_SETTLEMENT), dir.results.length], [false, 0]);
            open();
            await reactions();
            assert.deepEqual([link.cmds().includes(Cmd.DICE_SETTLEMENT), dir.results.length], [true, 1]);
        });
        it("must show it anyway after 2 s when the write does not come back, keeping the result queued", async () => {
            const { host, clock, sink } = setup(Date.now, new Promise<void>(() => undefined));
            const { room, link } = await seated(host);
            clock.advance(1000);
            // Closed in the settlement idle, so no later round adds a hold of its own.
            room.dissolve();
            clock.advance(1999);
            await reactions();
            assert.equal(link.cmds().includes(Cmd.DICE_SETTLEMENT), false);
            clock.advance(1);
            await reactions();
            assert.deepEqual([link.cmds().includes(Cmd.DICE_SETTLEMENT), sink.pending], [true, 1]);
        });
        it("must send every held output at once on releaseHeld (shutdown, after the flush)", async () => {
            const { host, clock } = setup(Date.now, new Promise<void>(() => undefined));
            const { room, link } = await seated(host);
            clock.advance(1000);
            room.dissolve();
            host.releaseHeld();
            await reactions();
            assert.deepEqual([link.cmds().slice(-2), link.ended], [[Cmd.DICE_SETTLEMENT, Cmd.DISCONNECT], true]);
        });
    });
    describe("#fencing", () => {
        it("must write each round under its claim's fencing token, and refuse the rounds of a room another server claimed since", async () => {
            const { host, dir, clock, sink } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            got.room.join(5n, -1, new FakeLink());
            clock.advance(1000);
            assert.equal(await sink.flush(1000), true);
            // s1 froze: its claim lapsed and s2 took the room over; then s1 came back and settled a round.
            await dir.releaseRoom("r1", "s1");
            assert.deepEqual(await dir.claimRoom("r1", "s2"), { ok: true, fence: "s2:2" });
            clock.advance(100 + 1000);
            assert.equal(await sink.flush(1000), true);
            assert.deepEqual(
                dir.results.map(([, f]) => f[f.indexOf("round") + 1]),
                ["1"],
            );
        });
        it("must close a room the heartbeat found claimed by another server", async () => {
            const { host, sink } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            const link = new FakeLink();
            got.room.join(5n, -1, link);
            host.abandon(["r1", "unknown"]);
            assert.deepEqual([got.room.closed, host.roomCount], [true, 0]);
            // The link ends behind the cut-short round's settlement, once its append was answered.
            assert.equal(await sink.flush(1000), true);
            await reactions();
            assert.deepEqual([link.cmds().slice(-2), link.ended], [[Cmd.DICE_SETTLEMENT, Cmd.DISCONNECT], true]);
        });
    });
    describe("#drain", () => {
        it("must refuse new rooms but hand out existing ones while draining", async () => {
            const { host } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            got.room.join(5n, -1, new FakeLink());
            host.stopAcceptingAndFinishRounds();
            assert.deepEqual(await host.acquire("r2"), { ok: false, kind: "draining" });
            assert.equal((await host.acquire("r1")).ok, true);
        });
        it("must report drained once the last room ended its round", async () => {
            const { host, clock, drained } = setup();
            const got = await host.acquire("r1");
            assert.ok(got.ok);
            got.room.join(5n, -1, new FakeLink());
            host.stopAcceptingAndFinishRounds();
            assert.equal(drained(), 0);
            clock.advance(1000);
            assert.equal(drained(), 1);
        });
        it("must count the seconds left until the drain deadline, rounded up, and none before the drain", () => {
            const { host, clock } = setup();
            assert.equal(host.closingSecondsLeft(), undefined);
            host.stopAcceptingAndFinishRounds(clock.now() + 120_000);
            clock.advance(500);
            assert.equal(host.closingSecondsLeft(), 120);
            clock.advance(119_600);
            assert.equal(host.closingSecondsLeft(), 0);
        });
        it("must report drained at once when it hosts no room", () => {
            const { host, drained } = setup();
            host.stopAcceptingAndFinishRounds();
            assert.equal(drained(), 1);
        });
    });
});
