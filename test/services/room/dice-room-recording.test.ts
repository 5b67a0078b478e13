// A settled round's output waits for its result to be recorded: what players see of a settlement
// is then always in the results stream, even when the server dies right after settling.
import { strict as assert } from "node:assert";
import { Cmd } from "../../../services/protocol";
import { FakeLink } from "./fakes";
import { int64s, roundLength, setup } from "./dice-room-fixture";

/** A promise the test settles by hand, plus a way to let its reactions run. */
function recording() {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const p = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return { p, resolve, reject };
}
const reactions = () => new Promise<void>((r) => setImmediate(r));

/** Two players who both shook: the round settled early, its result recorded through `recording`. */
function bothShook(recording: PromiseLike<unknown>) {
    const t = setup();
    t.events.recording = recording;
    const a = t.sit(1);
    const b = t.sit(2);
    t.shake(1, a);
    t.shake(2, b);
    return { ...t, a, b };
}

describe("DiceRoom", () => {
    describe("#recording", () => {
        it("must hold the SettlementNotice and everything after it until the result is recorded, then send them in order", async () => {
            const { room, sit, shake, events, clock } = setup();
            const rec = recording();
            events.recording = rec.p;
            const a = sit(1);
            const b = sit(2);
            const c = sit(3);
            room.linkClosed(3n, c);
            shake(1, a);
            a.take();
            clock.advance(roundLength);
            // Settled and recorded as settled, but nobody has seen it yet; the offline player is
            // already stood up in the room's state, its StandUp waits behind the notice.
            const fresh = new FakeLink();
            room.join(4n, -1, fresh);
            assert.deepEqual([events.settled.length, room.has(3n), a.cmds(), b.cmds().includes(Cmd.DICE_SETTLEMENT), fresh.cmds()], [1, false, [], false, []]);
            rec.resolve();
            await reactions();
            assert.deepEqual(a.cmds(), [Cmd.DICE_SETTLEMENT, Cmd.STAND_UP, Cmd.SIT_DOWN]);
            assert.deepEqual(int64s(a.sent, Cmd.STAND_UP), [3n]);
            assert.deepEqual(fresh.cmds(), [Cmd.SIT_DOWN, Cmd.SIT_DOWN, Cmd.SIT_DOWN, Cmd.DICE_SCENE]);
        });
        it("must not hold what happened before the settlement", () => {
            const { sit, shake, events } = setup();
            events.recording = new Promise<void>(() => undefined);
            const a = sit(1);
            const b = sit(2);
            shake(1, a);
            assert.deepEqual([a.cmds().includes(Cmd.DICE_SHAKE), b.cmds().includes(Cmd.DICE_SHAKE)], [true, true]);
        });
        it("must hold a dissolve's Disconnect(1) and the stream ends behind the settlement of the round it cut short", async () => {
            const { room, sit, events } = setup();
            const rec = recording();
            events.recording = rec.p;
            const a = sit(1);
            a.take();
            room.dissolve();
            assert.deepEqual([room.closed, events.settled.length, a.cmds(), a.ended], [true, 1, [], false]);
            rec.resolve();
            await reactions();
            assert.deepEqual([a.cmds(), a.ended], [[Cmd.DICE_SETTLEMENT, Cmd.DISCONNECT], true]);
        });
        it("must release the output when recording fails (the caller bounds and reports it), not strand the players", async () => {
            const rec = recording();
            const { b } = bothShook(rec.p);
            assert.equal(b.cmds().includes(Cmd.DICE_SETTLEMENT), false);
            rec.reject(new Error("redis down"));
            await reactions();
            assert.equal(b.cmds().includes(Cmd.DICE_SETTLEMENT), true);
        });
        it("must release overlapping recordings in order: each holds only what came after it", async () => {
            const first = recording();
            const second = recording();
            const { room, events, clock, a } = bothShook(first.p);
            events.recording = second.p;
            // The settlement idle ends and the next round is cut short while the first is still recording.
            clock.advance(5_000);
            room.dissolve();
            const shown = () => a.cmds().filter((c) => c === Cmd.DICE_SETTLEMENT || c === Cmd.DICE_START || c === Cmd.DISCONNECT);
            second.resolve();
            await reactions();
            // The second settlement is recorded, but it came after the first, which is not.
            assert.deepEqual(shown(), []);
            first.resolve();
            await reactions();
            assert.deepEqual(shown(), [Cmd.DICE_SETTLEMENT, Cmd.DICE_START, Cmd.DICE_SETTLEMENT, Cmd.DISCONNECT]);
        });
        it("must not let a later recording that never ends hold what came before it", async () => {
            const first = recording();
            const { room, events, clock, a } = bothShook(first.p);
            events.recording = new Promise<void>(() => undefined);
            clock.advance(5_000);
            room.dissolve();
            first.resolve();
            await reactions();
            const shown = a.cmds().filter((c) => c === Cmd.DICE_SETTLEMENT || c === Cmd.DICE_START || c === Cmd.DISCONNECT);
            assert.deepEqual(shown, [Cmd.DICE_SETTLEMENT, Cmd.DICE_START]);
        });
    });
});
