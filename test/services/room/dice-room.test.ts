// The dice rules: seats, sit-down and rounds (shaking and what follows: dice-room-play.test.ts).
import { strict as assert } from "node:assert";
import { Cmd } from "../../../services/protocol";
import { decode, encode } from "../../../services/protocol/codec";
import { assignSeat } from "../../../services/room/game/seats";
import { FakeLink } from "./fakes";
import { int64s, last, roundLength, settleLength, setup, users } from "./dice-room-fixture";

describe("DiceRoom", () => {
    describe("#seats", () => {
        it("must give seat -1 the lowest free playing seat", () => {
            assert.equal(assignSeat(-1, new Set([0, 2])), 1);
        });
        it("must make seat -1 a watcher (seat >= 4) when all four seats are taken", () => {
            assert.equal(assignSeat(-1, new Set([0, 1, 2, 3])), 4);
            assert.equal(assignSeat(-1, new Set([0, 1, 2, 3, 4])), 5);
        });
        it("must make a requested seat >= 4 a watcher seat", () => {
            const { room, sit } = setup();
            sit(1, 7);
            assert.match(room.print(), /watcher 7: 1 online/);
            assert.equal(room.state, "idle");
        });
        it("must make a player asking for a taken playing seat a watcher", () => {
            assert.equal(assignSeat(2, new Set([2])), 4);
        });
        it("must refuse a seat below -1 with bad_seat naming the value", () => {
            const { room } = setup();
            assert.deepEqual(room.join(1n, -2, new FakeLink()), {
                ok: false,
                code: "bad_seat",
                reason: "seat: -2 is not allowed; use -1 (any free seat) or a seat index >= 0",
            });
        });
    });

    describe("#sitDown", () => {
        it("must send the newcomer one User per existing player, then the newcomer to all", () => {
            const { sit } = setup();
            const a = sit(1);
            const b = sit(2, 3);
            a.take();
            const c = sit(3);
            assert.deepEqual(users(c.sent), [
                [1n, 0, true],
                [2n, 3, true],
                [3n, 1, true],
            ]);
            assert.deepEqual(users(a.sent), [[3n, 1, true]]);
            assert.deepEqual(users(b.sent).at(-1), [3n, 1, true]);
        });
        it("must answer every sit-down with a DiceScene after the User frames", () => {
            const { sit } = setup();
            sit(1);
            const b = sit(2);
            assert.deepEqual(b.cmds(), [Cmd.SIT_DOWN, Cmd.SIT_DOWN, Cmd.DICE_SCENE]);
            const w = sit(3, 4);
            assert.deepEqual(w.cmds(), [Cmd.SIT_DOWN, Cmd.SIT_DOWN, Cmd.SIT_DOWN, Cmd.DICE_SCENE]);
        });
        it("must show a newcomer mid-round the time left and only the players who shook, with 0 points", () => {
            const { sit, shake, clock } = setup({ rolls: [5] });
            const a = sit(1);
            sit(2);
            shake(1, a);
            clock.advance(10_000);
            const c = sit(3);
            const s = decode.scene(last(c.sent, Cmd.DICE_SCENE));
            assert.ok(s.ok);
            assert.deepEqual([s.value.status, s.value.leftTime, s.value.dice], [true, 20_000n, { "1": 0 }]);
        });
        it("must show a newcomer while settling the last round's dice and the idle time left", () => {
            const { sit, shake, clock } = setup({ rolls: [5, 2] });
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            shake(2, b);
            clock.advance(1_000);
            const c = sit(3);
            const s = decode.scene(last(c.sent, Cmd.DICE_SCENE));
            assert.ok(s.ok);
            assert.deepEqual([s.value.status, s.value.leftTime, s.value.dice], [false, 4_000n, { "1": 5, "2": 2 }]);
        });
        it("must report an offline existing player with online = false", () => {
            const { room, sit } = setup();
            const a = sit(1);
            room.linkClosed(1n, a);
            const b = sit(2);
            assert.deepEqual(users(b.sent)[0], [1n, 0, false]);
        });
        it("must tell the events about the new member", () => {
            const { events, sit } = setup();
            sit(1);
            sit(2, 5);
            assert.deepEqual(events.joined, [1n, 2n]);
        });
        it("must treat a forwarded SitDown frame on an open link as a no-op", () => {
            const { room, sit } = setup();
            const a = sit(1);
            a.take();
            room.receive(1n, a, Cmd.SIT_DOWN, encode.sitDown({ room_id: "r1" }));
            assert.deepEqual(a.sent, []);
        });
    });

    describe("#rounds", () => {
        it("must start a round when the first player sits down and tell it by DiceScene (running, full round), not DiceStart", () => {
            const { room, sit } = setup();
            const a = sit(1);
            assert.equal(room.state, "playing");
            assert.deepEqual(a.cmds(), [Cmd.SIT_DOWN, Cmd.DICE_SCENE]);
            const s = decode.scene(last(a.sent, Cmd.DICE_SCENE));
            assert.ok(s.ok);
            assert.deepEqual([s.value.status, s.value.leftTime, s.value.dice], [true, BigInt(roundLength), {}]);
        });
        it("must send DiceStart to the watchers already there when the first player starts a round", () => {
            const { sit } = setup();
            const w = sit(1, 4);
            w.take();
            sit(2);
            assert.deepEqual(w.cmds(), [Cmd.SIT_DOWN, Cmd.DICE_START]);
            assert.deepEqual(int64s(w.sent, Cmd.DICE_START), [BigInt(roundLength)]);
        });
        it("must not start a round for a watcher alone", () => {
            const { room, sit, clock } = setup();
            sit(1, 4);
            clock.advance(roundLength * 2);
            assert.equal(room.state, "idle");
            assert.equal(room.round, 0);
        });
        it("must settle after ROUND_MS, idle SETTLE_MS, then start the next round", () => {
            const { room, sit, clock, events } = setup();
            const a = sit(1);
            clock.advance(roundLength - 1);
            assert.equal(room.state, "playing");
            clock.advance(1);
            assert.equal(room.state, "settling");
            assert.equal(events.settled.length, 1);
            const settle = decode.settlement(last(a.sent, Cmd.DICE_SETTLEMENT));
            assert.ok(settle.ok);
            assert.equal(settle.value.idleDuration, BigInt(settleLength));
            clock.advance(settleLength - 1);
            assert.equal(room.state, "settling");
            clock.advance(1);
            assert.equal(room.state, "playing");
            assert.equal(room.round, 2);
            assert.deepEqual(int64s(a.sent, Cmd.DICE_START), [BigInt(roundLength)], "round 2 starts with DiceStart");
        });
        it("must go idle after settlement when only watchers are left, and start again when someone sits", () => {
            const { room, sit, clock } = setup();
            const a = sit(1);
            sit(2, 4);
            room.receive(1n, a, Cmd.STAND_UP, new Uint8Array(0));
            clock.advance(roundLength + settleLength);
            assert.equal(room.state, "idle");
            sit(3);
            assert.equal(room.state, "playing");
        });
        it("must emit the settled round with roomId, round, winners (all tied on max), dice, settledAt and the payout (1 without rules)", () => {
            const { sit, shake, clock, events } = setup({ rolls: [6, 3, 6] });
            const a = sit(1);
            const b = sit(2);
            const c = sit(3);
            sit(4);
            shake(1, a);
            shake(2, b);
            shake(3, c);
            const t0 = clock.now();
            clock.advance(roundLength);
            assert.deepEqual(events.settled, [
                {
                    roomId: "r1",
                    round: 1,
                    winners: [1n, 3n],
                    dice: new Map([
                        [1n, 6],
                        [2n, 3],
                        [3n, 6],
                    ]),
                    settledAt: t0 + roundLength,
                    payout: 1,
                },
            ]);
        });
        it("must settle a round where nobody shook with no winner", () => {
            const { sit, clock, events } = setup();
            sit(1);
            clock.advance(roundLength);
            assert.deepEqual([events.settled[0].winners, events.settled[0].dice.size], [[], 0]);
        });
        it("must send the SettlementNotice with winners and every shaken player's points to all", () => {
            const { sit, shake, clock } = setup({ rolls: [2, 5] });
            const a = sit(1);
            const b = sit(2);
            const w = sit(3, 9);
            sit(4);
            shake(1, a);
            shake(2, b);
            clock.advance(roundLength);
            for (const l of [a, b, w]) {
                const s = decode.settlement(last(l.sent, Cmd.DICE_SETTLEMENT));
                assert.ok(s.ok);
                assert.deepEqual([s.value.winner, s.value.dice], [[2n], { "1": 2, "2": 5 }]);
            }
        });
    });
});
