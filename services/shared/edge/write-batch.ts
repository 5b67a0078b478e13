/** The part of a TCP socket the batcher needs (net.Socket has it). */
export interface Corkable {
    cork(): void;
    uncork(): void;
}

/**
 * Frames for one client that come out of the same event-loop turn (a shake answer and the
 * settlement right behind it, the shakes of a busy room) leave in one `writev` instead of one
 * syscall each: the client's TCP socket is corked at its first frame of the turn and uncorked in
 * `setImmediate`, i.e. once every I/O callback of this turn has run. Each message is still its own
 * WebSocket frame (ws writes it whole); only the TCP writes are merged, and nothing waits longer
 * than the rest of the current turn.
 */
export class WriteBatcher {
    private readonly held = new Set<Corkable>();
    private scheduled = false;

    /** Call before writing to `socket`; its writes are flushed at the end of this turn. */
    hold(socket: Corkable): void {
        if (this.held.has(socket)) return;
        socket.cork();
        this.held.add(socket);
        if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(this.flush);
        }
    }

    /** Sockets corked in this turn (tests). */
    get pending(): number {
        return this.held.size;
    }

    private readonly flush = (): void => {
        this.scheduled = false;
        const sockets = [...this.held];
        this.held.clear();
        for (const s of sockets) s.uncork();
    };
}
