/** A connection whose writes the batcher merges: it keeps what it sends in a turn and writes it on flush. */
export interface Flushable {
    flush(): void;
}

/**
 * Frames for one client that come out of the same event-loop turn (a shake answer and the
 * settlement right behind it, the shakes of a busy room) leave in one socket write instead of one
 * each: a connection registers here at its first frame of the turn and is flushed in
 * `setImmediate`, i.e. once every I/O callback of this turn has run. Nothing waits longer than the
 * rest of the current turn. (The connection keeps the bytes itself rather than corking its socket: a
 * corked socket allocates a request object per write and an array per flush, and those were the
 * room server's largest allocation site under load.)
 */
export class WriteBatcher {
    private readonly held = new Set<Flushable>();
    private scheduled = false;

    /** `target` has bytes for this turn; its flush runs once at the end of the turn. */
    hold(target: Flushable): void {
        if (this.held.has(target)) return;
        this.held.add(target);
        if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(this.flush);
        }
    }

    /** Connections with bytes waiting in this turn (tests). */
    get pending(): number {
        return this.held.size;
    }

    private readonly flush = (): void => {
        this.scheduled = false;
        const targets = [...this.held];
        this.held.clear();
        for (const t of targets) t.flush();
    };
}
