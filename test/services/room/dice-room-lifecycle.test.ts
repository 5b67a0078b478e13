// A room's connections and life: offline/online, reconnect, closing itself, drain notices, dissolve.
import { strict as assert } from "node:assert";
import { Cmd } from "../../../services/protocol";
import { decode } from "../../../services/protocol/codec";
import { FakeLink } from "./fakes";
import { int64s, last, roundLength, setup } from "./dice-room-fixture";

describe("DiceRoom", () => {
    describe("#online", () => {
        it("must send Online(-id) to the others when a seated player's link closes", () => {
            const { room, sit } = setup();
            const a = sit(1);
            const b = sit(2);
            room.linkClosed(2n, b);
            assert.deepEqual([int64s(a.sent, Cmd.ONLINE), b.cmds().includes(Cmd.ONLINE)], [[-2n], false]);
        });
        it("must stand up an offline seated player at settlement", () => {
            const { room, sit, clock, events } = setup();
            const a = sit(1);
            const b = sit(2);
            room.linkClosed(2n, b);
            assert.equal(room.has(2n), true);
            clock.advance(roundLength);
            assert.deepEqual([room.has(2n), int64s(a.sent, Cmd.STAND_UP), events.left], [false, [2n], [2n]]);
        });
        it("must remove a watcher at once when its link closes", () => {
            const { room, sit } = setup();
            const a = sit(1);
            const w = sit(2, 4);
            room.linkClosed(2n, w);
            assert.deepEqual([room.has(2n), int64s(a.sent, Cmd.STAND_UP)], [false, [2n]]);
        });
    });

    describe("#reconnect", () => {
        it("must send Disconnect(2) to the old link and end it, Online(+id) to everyone, then DiceScene to the new link", () => {
            const { room, sit } = setup();
            const a = sit(1);
            const old = sit(2);
            const fresh = new FakeLink();
            assert.deepEqual(room.join(2n, -1, fresh), { ok: true, seat: 1, reconnect: true });
            assert.deepEqual(old.sent.at(-1)?.cmd, Cmd.DISCONNECT);
            assert.deepEqual(decode.int32(old.sent.at(-1)!.payload), { ok: true, value: 2 });
            assert.equal(old.ended, true);
            assert.deepEqual(int64s(a.sent, Cmd.ONLINE), [2n]);
            assert.deepEqual(fresh.cmds(), [Cmd.ONLINE, Cmd.DICE_SCENE]);
            assert.deepEqual(int64s(fresh.sent, Cmd.ONLINE), [2n]);
        });
        it("must show in DiceScene the round status, time left, and who shook with only the viewer's own points", () => {
            const { room, sit, shake, clock } = setup({ rolls: [5, 2] });
            const a = sit(1);
            const b = sit(2);
            sit(3);
            shake(1, a);
            shake(2, b);
            clock.advance(10_000);
            const fresh = new FakeLink();
            room.join(2n, -1, fresh);
            const s = decode.scene(last(fresh.sent, Cmd.DICE_SCENE));
            assert.ok(s.ok);
            assert.deepEqual([s.value.status, s.value.leftTime, s.value.dice], [true, 20_000n, { "1": 0, "2": 2 }]);
        });
        it("must leave a reconnecting player who has not shaken out of DiceScene.dice, so it still shakes", () => {
            const { room, sit, shake } = setup({ rolls: [5] });
            const a = sit(1);
            sit(2);
            shake(1, a);
            const fresh = new FakeLink();
            room.join(2n, -1, fresh);
            const s = decode.scene(last(fresh.sent, Cmd.DICE_SCENE));
            assert.ok(s.ok);
            assert.deepEqual([s.value.status, s.value.dice], [true, { "1": 0 }]);
        });
        it("must show the last settlement's dice in DiceScene while settling", () => {
            const { room, sit, shake, clock } = setup({ rolls: [5, 2] });
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            shake(2, b);
            clock.advance(1_000);
            const fresh = new FakeLink();
            room.join(1n, -1, fresh);
            const s = decode.scene(last(fresh.sent, Cmd.DICE_SCENE));
            assert.ok(s.ok);
            assert.deepEqual([s.value.status, s.value.leftTime, s.value.dice], [false, 4_000n, { "1": 5, "2": 2 }]);
        });
        it("must bring an offline player back online (Online(+id)) and keep it seated through settlement", () => {
            const { room, sit, clock } = setup();
            const a = sit(1);
            const b = sit(2);
            room.linkClosed(2n, b);
            room.join(2n, -1, new FakeLink());
            clock.advance(roundLength);
            assert.deepEqual([int64s(a.sent, Cmd.ONLINE), room.has(2n)], [[-2n, 2n], true]);
        });
        it("must ignore frames and closes from a replaced link", () => {
            const { room, sit, shake } = setup();
            sit(1);
            const old = sit(2);
            const fresh = new FakeLink();
            room.join(2n, -1, fresh);
            shake(2, old);
            room.linkClosed(2n, old);
            assert.deepEqual([fresh.cmds(), room.has(2n)], [[Cmd.ONLINE, Cmd.DICE_SCENE], true]);
        });
    });

    describe("#lifecycle", () => {
        it("must close itself when the last member stands up", () => {
            const { room, sit, events, clock } = setup();
            const a = sit(1);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            assert.deepEqual([room.closed, events.closed, clock.pending], [true, ["empty"], 0]);
        });
        it("must record the running round when the room empties mid-round", () => {
            const { room, sit, events } = setup();
            const a = sit(1);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            assert.deepEqual(
                events.settled.map((r) => r.round),
                [1],
            );
        });
        it("must close itself at settlement when every seated player went offline", () => {
            const { room, sit, clock, events } = setup();
            const a = sit(1);
            room.linkClosed(1n, a);
            clock.advance(roundLength);
            assert.deepEqual([room.closed, events.closed, events.settled.length], [true, ["empty"], 1]);
        });
        it("must close itself when the last watcher goes away while idle", () => {
            const { room, sit, events } = setup();
            const w = sit(1, 4);
            room.linkClosed(1n, w);
            assert.deepEqual(events.closed, ["empty"]);
        });
        it("must refuse a join once closed", () => {
            const { room, sit } = setup();
            const a = sit(1);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            assert.deepEqual(room.join(2n, -1, new FakeLink()), { ok: false, code: "closed", reason: "room r1 is closed" });
        });
    });

    describe("#notifyClosing", () => {
        it("must send ServerClosing(seconds left) to every online member", () => {
            const { room, sit } = setup();
            const a = sit(1);
            const w = sit(2, 4);
            room.notifyClosing(42);
            for (const l of [a, w]) assert.deepEqual(decode.int32(last(l.sent, Cmd.SERVER_CLOSING)), { ok: true, value: 42 });
        });
        it("must send it to one member only when asked (who sat down after the drain's notice)", () => {
            const { room, sit } = setup();
            const a = sit(1);
            const b = sit(2);
            room.notifyClosing(7, 2n);
            assert.deepEqual([a.cmds().includes(Cmd.SERVER_CLOSING), decode.int32(last(b.sent, Cmd.SERVER_CLOSING))], [false, { ok: true, value: 7 }]);
        });
    });

    describe("#dissolve", () => {
        it("must settle the running round, then send Disconnect(1) to everyone and end every link", () => {
            const { room, sit, shake, events, clock } = setup({ rolls: [4] });
            const a = sit(1);
            const w = sit(2, 4);
            shake(1, a);
            room.dissolve();
            for (const l of [a, w]) {
                assert.deepEqual(l.cmds().slice(-2), [Cmd.DICE_SETTLEMENT, Cmd.DISCONNECT]);
                assert.deepEqual(decode.int32(last(l.sent, Cmd.DISCONNECT)), { ok: true, value: 1 });
                assert.equal(l.ended, true);
            }
            assert.deepEqual([events.settled.length, events.settled[0].winners, events.closed, events.left], [1, [1n], ["dissolved"], [1n, 2n]]);
            assert.equal(clock.pending, 0);
        });
        it("must not record a second result when dissolved while settling", () => {
            const { room, sit, clock, events } = setup();
            sit(1);
            clock.advance(roundLength);
            room.dissolve();
            assert.equal(events.settled.length, 1);
        });
        it("must be idempotent", () => {
            const { room, sit, events } = setup();
            sit(1);
            room.dissolve();
            room.dissolve();
            assert.deepEqual(events.closed, ["dissolved"]);
        });
    });

    describe("#endAfterRound", () => {
        it("must let the running round settle, then send Disconnect(1) and close", () => {
            const { room, sit, shake, clock, events } = setup();
            const a = sit(1);
            shake(1, a);
            room.endAfterRound();
            assert.equal(room.state, "playing");
            clock.advance(roundLength);
            assert.deepEqual(a.cmds().slice(-2), [Cmd.DICE_SETTLEMENT, Cmd.DISCONNECT]);
            assert.deepEqual([events.settled.length, events.closed, a.ended], [1, ["dissolved"], true]);
        });
        it("must keep accepting a reconnect before the last round settles", () => {
            const { room, sit } = setup();
            sit(1);
            room.endAfterRound();
            const fresh = new FakeLink();
            assert.deepEqual(room.join(1n, -1, fresh), { ok: true, seat: 0, reconnect: true });
        });
        it("must dissolve at once a room with no round running", () => {
            const { room, sit, clock, events } = setup();
            sit(1);
            clock.advance(roundLength);
            room.endAfterRound();
            assert.deepEqual([events.closed, events.settled.length], [["dissolved"], 1]);
        });
    });
});
