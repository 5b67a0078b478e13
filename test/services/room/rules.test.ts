// The dice rules file (services/room/rules/rules.ts): what is accepted, what is refused and why; and a
// room on a fake clock taking new rules at its next round, never in the middle of one.
import { strict as assert } from "node:assert";
import { Cmd, Err } from "../../../services/protocol";
import { DiceRoom } from "../../../services/room/game/dice-room";
import { parseRules, type DiceRules } from "../../../services/room/rules/rules";
import { errors, int64s } from "./dice-room-fixture";
import { FakeClock, FakeLink, RecordingEvents } from "./fakes";

const good: DiceRules = { version: "2026.11.1", roundMs: 30_000, settleMs: 5_000, seats: 4, payout: 1 };

describe("dice rules", () => {
    describe("#parseRules", () => {
        it("must accept a complete rules file", () => {
            assert.deepEqual(parseRules(JSON.stringify(good)), { ok: true, rules: good });
        });

        it("must refuse a file that is not JSON, naming the shape to write", () => {
            const r = parseRules("{ roundMs: 3");
            assert.equal(r.ok, false);
            assert.match(
                (r as { reason: string }).reason,
                /^not JSON \(.+\); write an object like \{"version":"1","roundMs":30000,"settleMs":5000,"seats":4,"payout":1\}$/,
            );
        });

        it("must name every bad field", () => {
            const r = parseRules(JSON.stringify({ version: "bad version", roundMs: 5, settleMs: -1, seats: 0, payout: 0, jackpot: 2 }));
            assert.deepEqual(r, {
                ok: false,
                reason: [
                    "version: must be 1-64 letters, digits, '.', '_' or '-', e.g. 2026.11.1",
                    "roundMs: Too small: expected number to be >=100",
                    "settleMs: Too small: expected number to be >=0",
                    "seats: Too small: expected number to be >=1",
                    "payout: Too small: expected number to be >=1",
                    '(file): Unrecognized key: "jackpot"',
                ].join("; "),
            });
        });
    });

    describe("#next-round", () => {
        it("must play the running round by the old rules and the next one by the new rules", () => {
            const clock = new FakeClock();
            let rules: DiceRules = { ...good, roundMs: 1_000, settleMs: 100, payout: 3 };
            const events = new RecordingEvents();
            const room = new DiceRoom({ roomId: "r1", roundMs: 30_000, settleMs: 5_000, dev: false, clock, rules: () => rules }, events);
            const first = new FakeLink();
            const second = new FakeLink();
            assert.ok(room.join(1n, -1, first).ok);
            assert.ok(room.join(2n, -1, second).ok);
            // The round started with player 1 lasts the rules' 1,000 ms, whatever changes meanwhile.
            rules = { ...good, version: "2", roundMs: 2_000, settleMs: 300, payout: 7 };
            clock.advance(999);
            assert.equal(room.state, "playing");
            clock.advance(1);
            assert.equal(room.state, "settling");
            clock.advance(100);
            // Settled with the old settlement pause; the next round announces and runs the new duration.
            assert.deepEqual(int64s(second.sent, Cmd.DICE_START), [2_000n]);
            clock.advance(1_999);
            assert.equal(room.state, "playing");
            clock.advance(1);
            assert.equal(room.state, "settling");
            // Each round's result carries the payout of the rules it was played under.
            assert.deepEqual(
                events.settled.map((r) => r.payout),
                [3, 7],
            );
        });

        it("must seat as many players as the rules' seats when the room was created", () => {
            const clock = new FakeClock();
            const room = new DiceRoom(
                { roomId: "r1", roundMs: 30_000, settleMs: 5_000, dev: false, clock, rules: () => ({ ...good, seats: 2 }) },
                new RecordingEvents(),
            );
            const links = [new FakeLink(), new FakeLink(), new FakeLink()];
            const seats = links.map((link, i) => {
                const r = room.join(BigInt(i + 1), -1, link);
                assert.ok(r.ok);
                return r.seat;
            });
            assert.deepEqual(seats, [0, 1, 2]);
            // Seat 2 is past the table's 2 playing seats: a watcher, who may not shake.
            room.receive(3n, links[2]!, Cmd.DICE_SHAKE, new Uint8Array(0));
            assert.deepEqual(errors(links[2]!), [Err.WATCHER_OPERATE]);
        });
    });
});
