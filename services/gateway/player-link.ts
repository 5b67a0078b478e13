import type { Logger } from "../shared/logger";
import type { ClientConnection } from "../shared/edge/client-connection";
import type { SessionDeps } from "./session";

/** What every session of one gateway shares: SessionDeps without the player's own fields. */
export type SharedSessionDeps = Omit<SessionDeps, "userId" | "clientVersion" | "send" | "direct">;

/**
 * One player's SessionDeps, the glue between its Session and its ClientConnection. A gateway holds
 * one per idle player, so it keeps only the player's own fields and reads the rest from the
 * gateway's one shared object: a deps object, a `send` closure and a pino child logger per
 * connection cost about 500 bytes each (heap snapshot, 10,000 idle connections). The logger bound
 * to the user is made on its first line; most players never log one.
 */
export class PlayerLink implements SessionDeps {
    /** Set once the connection exists (the session is made first); frames before that go nowhere. */
    conn: ClientConnection | undefined;
    private userLog: Logger | undefined;

    constructor(
        readonly userId: bigint,
        readonly clientVersion: string | undefined,
        private readonly shared: SharedSessionDeps,
        readonly direct = false,
    ) {}

    send(frame: Uint8Array): void {
        this.conn?.send(frame);
    }

    get log(): Logger {
        this.userLog ??= this.shared.log.child({ user: String(this.userId) });
        return this.userLog;
    }

    get directory(): SessionDeps["directory"] {
        return this.shared.directory;
    }

    get pool(): SessionDeps["pool"] {
        return this.shared.pool;
    }

    get groupFor(): SessionDeps["groupFor"] {
        return this.shared.groupFor;
    }

    get strictGroup(): SessionDeps["strictGroup"] {
        return this.shared.strictGroup;
    }

    get metrics(): SessionDeps["metrics"] {
        return this.shared.metrics;
    }

    get seatTimeoutMs(): SessionDeps["seatTimeoutMs"] {
        return this.shared.seatTimeoutMs;
    }

    get tickets(): SessionDeps["tickets"] {
        return this.shared.tickets;
    }
}
