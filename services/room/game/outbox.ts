// Everything a room sends, in order, with a gate: while a settled round's result is being recorded
// the room's output waits. A player who saw a SettlementNotice can then count on its result being in
// the results stream: a server killed between settling and recording takes the notice with it
// instead of leaving players with a round that never happened.
import type { Link } from "./types";

export class Outbox {
    /** Sends and ends issued while held, in issue order; undefined when nothing holds the room. */
    private held: (() => void)[] | undefined;
    private holds = 0;

    send(link: Link | undefined, cmd: number, payload: Uint8Array): void {
        if (link === undefined) return;
        if (this.held) this.held.push(() => link.send(cmd, payload));
        else link.send(cmd, payload);
    }

    end(link: Link | undefined): void {
        if (link === undefined) return;
        if (this.held) this.held.push(() => link.end());
        else link.end();
    }

    /** Holds the output until `until` settles (fulfilled or rejected: the caller bounds the wait). */
    hold(until: PromiseLike<unknown>): void {
        this.holds += 1;
        this.held ??= [];
        const release = () => this.release();
        until.then(release, release);
    }

    private release(): void {
        this.holds -= 1;
        if (this.holds > 0 || this.held === undefined) return;
        const queued = this.held;
        this.held = undefined;
        for (const f of queued) f();
    }
}
