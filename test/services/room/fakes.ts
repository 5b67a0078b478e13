import type { Clock, Link, RoomEvents, RoundResult } from "../../../services/room/game/types";

/** Manual clock: timers fire only when the test advances time. */
export class FakeClock implements Clock {
    private t = 1_000_000;
    private seq = 0;
    private timers = new Map<number, { at: number; fn: () => void }>();
    now(): number {
        return this.t;
    }
    setTimer(ms: number, fn: () => void): unknown {
        const id = ++this.seq;
        this.timers.set(id, { at: this.t + ms, fn });
        return id;
    }
    clearTimer(handle: unknown): void {
        this.timers.delete(handle as number);
    }
    get pending(): number {
        return this.timers.size;
    }
    /** Advances time, firing due timers in order. */
    advance(ms: number): void {
        const end = this.t + ms;
        for (;;) {
            const due = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
            if (!due) break;
            this.timers.delete(due[0]);
            this.t = due[1].at;
            due[1].fn();
        }
        this.t = end;
    }
}

export interface Sent {
    cmd: number;
    payload: Uint8Array;
}

export class FakeLink implements Link {
    sent: Sent[] = [];
    ended = false;
    send(cmd: number, payload: Uint8Array): void {
        if (this.ended) throw new Error("send after end");
        this.sent.push({ cmd, payload });
    }
    end(): void {
        this.ended = true;
    }
    take(): Sent[] {
        const s = this.sent;
        this.sent = [];
        return s;
    }
    cmds(): number[] {
        return this.sent.map((s) => s.cmd);
    }
}

export class RecordingEvents implements RoomEvents {
    settled: RoundResult[] = [];
    joined: bigint[] = [];
    left: bigint[] = [];
    closed: string[] = [];
    /** When set, each settlement holds the room's output until this promise settles. */
    recording: PromiseLike<unknown> | undefined;
    onSettled(r: RoundResult): PromiseLike<unknown> | undefined {
        this.settled.push(r);
        return this.recording;
    }
    onJoined(id: bigint): void {
        this.joined.push(id);
    }
    onLeft(id: bigint): void {
        this.left.push(id);
    }
    onClosed(reason: "empty" | "dissolved"): void {
        this.closed.push(reason);
    }
}
