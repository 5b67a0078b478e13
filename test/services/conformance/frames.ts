// Golden frame sequences: every frame a client receives, decoded to a command name and a plain
// message, matched frame by frame against what the reference backend sends in the same scenario.
// Fields that depend on timing (LeftTime) are given as ranges.
import { strict as assert } from "node:assert";
import type { BotPlayer } from "../../../services/bot/player";
import { Cmd, decode, type Decoded } from "../../../services/protocol";
import { within } from "../../../lib/services/wait";

type Plain = { [key: string]: unknown };
export interface Frame {
    cmd: string;
    msg: Plain;
}

/** A bigint field that must lie in [min, max]. */
export class Between {
    constructor(
        readonly min: bigint,
        readonly max: bigint,
    ) {}
}
export const between = (min: number | bigint, max: number | bigint): Between => new Between(BigInt(min), BigInt(max));

function ok<T>(d: Decoded<T>): T {
    if (!d.ok) throw new Error(d.reason);
    return d.value;
}

/** The server-to-client commands a reference client knows, by value, with the fields of their message. */
const decoders: Record<number, [string, (b: Uint8Array) => Plain]> = {
    [Cmd.ERROR]: ["Error", (b) => (({ code, desc }) => ({ code, desc }))(ok(decode.error(b)))],
    [Cmd.DISCONNECT]: ["Disconnect", (b) => ({ v: ok(decode.int32(b)) })],
    [Cmd.SIT_DOWN]: ["SitDown", (b) => (({ id, seat, online }) => ({ id, seat, online }))(ok(decode.user(b)))],
    [Cmd.STAND_UP]: ["StandUp", (b) => ({ v: ok(decode.int64(b)) })],
    [Cmd.ONLINE]: ["Online", (b) => ({ v: ok(decode.int64(b)) })],
    [Cmd.SERVER_CLOSING]: ["ServerClosing", (b) => ({ v: ok(decode.int32(b)) })],
    [Cmd.DICE_SCENE]: ["DiceScene", (b) => (({ status, leftTime, dice }) => ({ status, leftTime, dice: { ...dice } }))(ok(decode.scene(b)))],
    [Cmd.DICE_START]: ["DiceStart", (b) => ({ v: ok(decode.int64(b)) })],
    [Cmd.DICE_SHAKE]: ["DiceShake", (b) => (({ userId, dicePoints }) => ({ userId, dicePoints }))(ok(decode.shake(b)))],
    [Cmd.DICE_SETTLEMENT]: [
        "DiceSettlement",
        (b) => (({ idleDuration, winner, dice }) => ({ idleDuration, winner: [...winner], dice: { ...dice } }))(ok(decode.settlement(b))),
    ],
};

function decodeServerFrame(cmd: number, payload: Uint8Array): Frame {
    const d = decoders[cmd];
    if (!d) return { cmd: `cmd ${cmd}`, msg: { bytes: Buffer.from(payload).toString("hex") } };
    return { cmd: d[0], msg: d[1](payload) };
}

/** Golden frames, spelled like the PROTOCOL.md table (ids are int64, dice maps keyed by decimal id). */
export const F = {
    error: (code: number, desc: string): Frame => ({ cmd: "Error", msg: { code, desc } }),
    disconnect: (reason: number): Frame => ({ cmd: "Disconnect", msg: { v: reason } }),
    user: (id: bigint, seat: number, online = true): Frame => ({ cmd: "SitDown", msg: { id, seat, online } }),
    standUp: (id: bigint): Frame => ({ cmd: "StandUp", msg: { v: id } }),
    online: (signedId: bigint): Frame => ({ cmd: "Online", msg: { v: signedId } }),
    scene: (status: boolean, leftTime: Between, dice: Record<string, number>): Frame => ({ cmd: "DiceScene", msg: { status, leftTime, dice } }),
    start: (roundMs: number): Frame => ({ cmd: "DiceStart", msg: { v: BigInt(roundMs) } }),
    shake: (userId: bigint, dicePoints: number): Frame => ({ cmd: "DiceShake", msg: { userId, dicePoints } }),
    settlement: (idleMs: number, winner: bigint[], dice: Record<string, number>): Frame => ({
        cmd: "DiceSettlement",
        msg: { idleDuration: BigInt(idleMs), winner, dice },
    }),
};

function render(v: unknown): string {
    return JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x instanceof Between ? `between(${x.min}, ${x.max})` : x));
}

/** Where `actual` departs from `golden`, or undefined when it matches. */
function mismatch(actual: unknown, golden: unknown, at: string): string | undefined {
    if (golden instanceof Between) {
        if (typeof actual === "bigint" && actual >= golden.min && actual <= golden.max) return undefined;
        return `${at}: ${render(actual)} is not in ${render(golden)}`;
    }
    if (Array.isArray(golden)) {
        if (!Array.isArray(actual) || actual.length !== golden.length) return `${at}: ${render(actual)} is not ${render(golden)}`;
        for (let i = 0; i < golden.length; i++) {
            const m = mismatch(actual[i], golden[i], `${at}[${i}]`);
            if (m) return m;
        }
        return undefined;
    }
    if (golden !== null && typeof golden === "object") {
        if (actual === null || typeof actual !== "object") return `${at}: ${render(actual)} is not an object`;
        const keys = (o: object) => Object.keys(o).sort().join(",");
        if (keys(actual) !== keys(golden)) return `${at}: keys ${render(Object.keys(actual).sort())} are not ${render(Object.keys(golden).sort())}`;
        for (const k of Object.keys(golden)) {
            const m = mismatch((actual as Plain)[k], (golden as Plain)[k], `${at}.${k}`);
            if (m) return m;
        }
        return undefined;
    }
    return Object.is(actual, golden) ? undefined : `${at}: ${render(actual)} is not ${render(golden)}`;
}

/** Every frame one client received, in order, with a cursor over what the test has checked. */
export class Recorder {
    readonly frames: Frame[] = [];
    private checked = 0;
    private readonly waiters = new Set<() => void>();

    constructor(
        readonly player: BotPlayer,
        readonly name: string,
    ) {
        player.on("frame", (cmd, payload) => {
            this.frames.push(decodeServerFrame(cmd, payload));
            for (const w of this.waiters) w();
        });
    }

    /** Waits for the next `golden.length` frames and matches them one by one, in order. */
    async expect(what: string, golden: Frame[], timeoutMs = 10_000): Promise<Frame[]> {
        const need = this.checked + golden.length;
        if (this.frames.length < need) {
            let waiter: () => void = () => undefined;
            const arrived = new Promise<void>((resolve) => {
                waiter = () => this.frames.length >= need && resolve();
                this.waiters.add(waiter);
            });
            try {
                await within(`${this.name}: ${what} (${golden.length} frames; got ${render(this.frames.slice(this.checked))})`, arrived, timeoutMs);
            } finally {
                this.waiters.delete(waiter);
            }
        }
        const got = this.frames.slice(this.checked, need);
        for (let i = 0; i < golden.length; i++) {
            const m = mismatch(got[i], golden[i], `frame ${i}`);
            if (m)
                assert.fail(
                    `${this.name}: ${what}: ${m}\n  got:    ${got.map(render).join("\n          ")}\n  golden: ${golden.map(render).join("\n          ")}`,
                );
        }
        this.checked = need;
        return got;
    }

    /** Nothing arrived beyond what was checked (call after a barrier that proves the server is done). */
    expectNothing(what: string): void {
        assert.deepEqual(this.frames.slice(this.checked).map(render), [], `${this.name}: ${what}`);
    }
}
