// Shared set-up for the DiceRoom tests: a room on a fake clock with scripted dice, and frame readers.
import { strict as assert } from "node:assert";
import { Cmd } from "../../../services/protocol";
import { decode, encode } from "../../../services/protocol/codec";
import { DiceRoom } from "../../../services/room/game/dice-room";
import { FakeClock, FakeLink, RecordingEvents, type Sent } from "./fakes";

export const roundLength = 30_000;
export const settleLength = 5_000;

export function setup(opts: { dev?: boolean; rolls?: number[] } = {}) {
    const clock = new FakeClock();
    const events = new RecordingEvents();
    const rolls = [...(opts.rolls ?? [])];
    const room = new DiceRoom(
        { roomId: "r1", roundMs: roundLength, settleMs: settleLength, dev: opts.dev ?? false, clock, rollDie: () => rolls.shift() ?? 1 },
        events,
    );
    const sit = (id: number, seat = -1): FakeLink => {
        const link = new FakeLink();
        const r = room.join(BigInt(id), seat, link);
        assert.ok(r.ok, "join failed");
        return link;
    };
    const shake = (id: number, link: FakeLink, preset?: number) =>
        room.receive(BigInt(id), link, Cmd.DICE_SHAKE, preset === undefined ? new Uint8Array(0) : encode.int32(preset));
    return { clock, events, room, sit, shake };
}

export function errors(link: FakeLink): number[] {
    return link.sent
        .filter((s) => s.cmd === Cmd.ERROR)
        .map((s) => {
            const r = decode.error(s.payload);
            assert.ok(r.ok);
            return r.value.code;
        });
}
export function users(sent: Sent[]): [bigint, number, boolean][] {
    return sent
        .filter((s) => s.cmd === Cmd.SIT_DOWN)
        .map((s) => {
            const r = decode.user(s.payload);
            assert.ok(r.ok);
            return [r.value.id, r.value.seat, r.value.online];
        });
}
export function int64s(sent: Sent[], cmd: number): bigint[] {
    return sent
        .filter((s) => s.cmd === cmd)
        .map((s) => {
            const r = decode.int64(s.payload);
            assert.ok(r.ok);
            return r.value;
        });
}
export function last(sent: Sent[], cmd: number): Uint8Array {
    const f = sent.filter((s) => s.cmd === cmd).at(-1);
    assert.ok(f, `no frame with cmd ${cmd}`);
    return f.payload;
}
