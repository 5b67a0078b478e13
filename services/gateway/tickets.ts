// The gateway's side of seat tickets (services/direct-rooms.md): signs the ticket a direct client
// takes to its room server's own port, with the key every room server of the zone checks.
import { createSecretKey, type KeyObject } from "node:crypto";
import { issueTicket, type SeatTicket } from "../shared/ticket";

export interface IssuedTicket {
    ticket: string;
    /** ms since epoch; the ticket's `exp`. */
    expiresMs: number;
}

/** What a session needs of the signer (a test holds or fails it). */
export interface SeatTicketIssuer {
    issue(t: SeatTicket): Promise<IssuedTicket>;
}

export class TicketIssuer implements SeatTicketIssuer {
    /** A KeyObject once: jose would make one per ticket from the raw bytes. */
    private readonly key: KeyObject;

    constructor(
        key: Uint8Array,
        private readonly seconds: number,
        private readonly now: () => number = Date.now,
    ) {
        this.key = createSecretKey(key);
    }

    async issue(t: SeatTicket): Promise<IssuedTicket> {
        const now = this.now();
        const ticket = await issueTicket(this.key, t, this.seconds, now);
        return { ticket, expiresMs: (Math.floor(now / 1000) + this.seconds) * 1000 };
    }
}
