// The dice rules of play: shaking, early settlement, stand-up, Print, unknown commands.
import { strict as assert } from "node:assert";
import { Cmd, Err } from "../../../services/protocol";
import { decode } from "../../../services/protocol/codec";
import { errors, int64s, last, roundLength, settleLength, setup } from "./dice-room-fixture";

describe("DiceRoom", () => {
    describe("#shake", () => {
        it("must show the shaker its points and the others 0", () => {
            const { sit, shake } = setup({ rolls: [4] });
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            const mine = decode.shake(last(a.sent, Cmd.DICE_SHAKE));
            const theirs = decode.shake(last(b.sent, Cmd.DICE_SHAKE));
            assert.ok(mine.ok && theirs.ok);
            assert.deepEqual([mine.value.userId, mine.value.dicePoints], [1n, 4]);
            assert.deepEqual([theirs.value.userId, theirs.value.dicePoints], [1n, 0]);
        });
        it("must answer StatusMismatch when no round is running", () => {
            const { sit, shake, clock } = setup();
            const a = sit(1);
            clock.advance(roundLength);
            shake(1, a);
            assert.deepEqual(errors(a), [Err.STATUS_MISMATCH]);
        });
        it("must answer WatcherOperate to a watcher during a round", () => {
            const { sit, shake } = setup();
            sit(1);
            const w = sit(2, 4);
            shake(2, w);
            assert.deepEqual(errors(w), [Err.WATCHER_OPERATE]);
        });
        it("must answer StatusMismatch before WatcherOperate (a watcher outside a round)", () => {
            const { sit, shake } = setup();
            const w = sit(2, 4);
            shake(2, w);
            assert.deepEqual(errors(w), [Err.STATUS_MISMATCH]);
        });
        it("must answer DiceAlreadyShaken to a second shake in the same round", () => {
            const { sit, shake } = setup();
            const a = sit(1);
            sit(2);
            shake(1, a);
            shake(1, a);
            assert.deepEqual(errors(a), [Err.DICE_ALREADY_SHAKEN]);
        });
        it("must allow a new shake in the next round", () => {
            const { sit, shake, clock } = setup();
            const a = sit(1);
            shake(1, a);
            clock.advance(roundLength + settleLength);
            shake(1, a);
            assert.deepEqual(errors(a), []);
        });
        it("must honour preset points only in dev", () => {
            const dev = setup({ dev: true, rolls: [1] });
            const a = dev.sit(1);
            dev.shake(1, a, 6);
            const prod = setup({ dev: false, rolls: [1] });
            const b = prod.sit(1);
            prod.shake(1, b, 6);
            const r1 = decode.shake(last(a.sent, Cmd.DICE_SHAKE));
            const r2 = decode.shake(last(b.sent, Cmd.DICE_SHAKE));
            assert.ok(r1.ok && r2.ok);
            assert.deepEqual([r1.value.dicePoints, r2.value.dicePoints], [6, 1]);
        });
        it("must roll for a dev preset outside 1..6", () => {
            const { sit, shake } = setup({ dev: true, rolls: [3] });
            const a = sit(1);
            shake(1, a, 9);
            const r = decode.shake(last(a.sent, Cmd.DICE_SHAKE));
            assert.equal(r.ok && r.value.dicePoints, 3);
        });
    });

    describe("#earlySettlement", () => {
        it("must settle at once when more than one player shook and every seated player has", () => {
            const { room, sit, shake, events } = setup();
            const a = sit(1);
            const b = sit(2);
            sit(3, 5);
            shake(1, a);
            assert.equal(room.state, "playing");
            shake(2, b);
            assert.equal(room.state, "settling");
            assert.equal(events.settled.length, 1);
        });
        it("must not settle early for a single seated player who shook", () => {
            const { room, sit, shake } = setup();
            const a = sit(1);
            shake(1, a);
            assert.equal(room.state, "playing");
        });
        it("must settle early when the last player who had not shaken stands up", () => {
            const { room, sit, shake } = setup();
            const a = sit(1);
            const b = sit(2);
            const c = sit(3);
            shake(1, a);
            shake(2, b);
            room.receive(3n, c, Cmd.STAND_UP, new Uint8Array(0));
            assert.equal(room.state, "settling");
        });
    });

    describe("#standUp", () => {
        it("must send StandUp(id) to the others only (nothing to the leaver) and end the leaver's link", () => {
            const { room, sit, events } = setup();
            const a = sit(1);
            const b = sit(2);
            b.take();
            room.receive(2n, b, Cmd.STAND_UP, new Uint8Array(0));
            assert.deepEqual([int64s(a.sent, Cmd.STAND_UP), b.sent], [[2n], []]);
            assert.equal(b.ended, true);
            assert.deepEqual(events.left, [2n]);
        });
        it("must keep a player who shook in the round seated offline: no answer, link ended, Online(-id) to the others", () => {
            const { room, sit, shake, events } = setup();
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            a.take();
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            assert.deepEqual([a.sent, a.ended, room.has(1n), events.left], [[], true, true, []]);
            assert.deepEqual([int64s(b.sent, Cmd.ONLINE), int64s(b.sent, Cmd.STAND_UP)], [[-1n], []]);
            assert.match(room.print(), /seat 0: 1 offline shook=1/);
        });
        it("must stand up at settlement a player who stood up after shaking (StandUp(id) to the others)", () => {
            const { room, sit, shake, clock, events } = setup();
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            clock.advance(roundLength);
            assert.deepEqual([room.has(1n), events.left, int64s(b.sent, Cmd.STAND_UP)], [false, [1n], [1n]]);
            const s = decode.settlement(last(b.sent, Cmd.DICE_SETTLEMENT));
            assert.ok(s.ok);
            assert.deepEqual(s.value.dice, { "1": 1 }, "its shake counts");
        });
        it("must count a player who stood up after shaking as shaken for early settlement", () => {
            const { room, sit, shake } = setup();
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            shake(2, b);
            assert.equal(room.state, "settling");
        });
        it("must allow a player who shook to stand up after settlement", () => {
            const { room, sit, shake, clock } = setup();
            const a = sit(1);
            sit(2);
            shake(1, a);
            clock.advance(roundLength);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            assert.equal(room.has(1n), false);
        });
    });

    describe("#print", () => {
        it("must answer Print with a text dump of the room in dev", () => {
            const { room, sit } = setup({ dev: true, rolls: [3] });
            const a = sit(1);
            sit(2, 6);
            room.receive(1n, a, Cmd.DICE_SHAKE, new Uint8Array(0));
            room.receive(1n, a, Cmd.PRINT, new Uint8Array(0));
            const r = decode.string(last(a.sent, Cmd.PRINT));
            assert.deepEqual(r, {
                ok: true,
                value: "room r1 phase=playing round=1 left=30000ms players=2\nseat 0: 1 online shook=3\nwatcher 6: 2 online",
            });
        });
        it("must answer Print with Error UnknownCommand outside dev", () => {
            const { room, sit } = setup();
            const a = sit(1);
            room.receive(1n, a, Cmd.PRINT, new Uint8Array(0));
            assert.deepEqual(errors(a), [Err.UNKNOWN_COMMAND]);
        });
    });

    describe("#unknownCommand", () => {
        it("must answer an unknown command with Error UnknownCommand to that player only", () => {
            const { room, sit } = setup();
            const a = sit(1);
            const b = sit(2);
            b.take();
            room.receive(1n, a, 999, new Uint8Array([1, 2]));
            room.receive(1n, a, Cmd.DICE_SETTLEMENT, new Uint8Array(0));
            assert.deepEqual([errors(a), b.sent], [[Err.UNKNOWN_COMMAND, Err.UNKNOWN_COMMAND], []]);
            const e = decode.error(last(a.sent, Cmd.ERROR));
            assert.equal(e.ok && e.value.desc, "unknown command 104");
        });
    });
});
