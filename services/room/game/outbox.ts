// Everything a room sends, in order, with gates: while a settled round's result is being recorded
// what the room sends after its settlement waits. A player who saw a SettlementNotice can then count
// on its result being in the results stream: a server killed between settling and recording takes
// the notice with it instead of leaving players with a round that never happened.
import type { Link } from "./types";

/** A gate in the queue: what follows it waits until it is released. */
interface Gate {
    open: boolean;
}

export class Outbox {
    /** Sends, ends and gates in issue order; empty when nothing is held. */
    private readonly queue: ((() => void) | Gate)[] = [];

    send(link: Link | undefined, cmd: number, payload: Uint8Array): void {
        if (link === undefined) return;
        if (this.queue.length > 0) this.queue.push(() => link.send(cmd, payload));
        else link.send(cmd, payload);
    }

    end(link: Link | undefined): void {
        if (link === undefined) return;
        if (this.queue.length > 0) this.queue.push(() => link.end());
        else link.end();
    }

    /**
     * Holds what is sent from now on until `until` settles (fulfilled or rejected: the caller bounds
     * the wait). Each gate holds only what came after it, so overlapping holds release in order and
     * none waits on a later one.
     */
    hold(until: PromiseLike<unknown>): void {
        const gate: Gate = { open: false };
        this.queue.push(gate);
        const release = () => {
            gate.open = true;
            this.drain();
        };
        until.then(release, release);
    }

    private drain(): void {
        while (this.queue.length > 0) {
            const next = this.queue[0]!;
            if (typeof next !== "function" && !next.open) return;
            this.queue.shift();
            if (typeof next === "function") next();
        }
    }
}
