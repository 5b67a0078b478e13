// The gateway's direct mode (services/direct-rooms.md): which sit-downs are handed to a room server's
// own port, the ticket for one, and how often one client may ask. A direct session is idle again as
// soon as it has its ticket, so unlike a relayed one (paced by the room's answer and a stand-up) it
// could place sit-downs as fast as its frame limit allows; each costs directory reads.
import { RateLimiter } from "../shared/edge/rate-limit";
import type { Target } from "./placement";
import type { SitDown } from "./sit-down";
import type { IssuedTicket, SeatTicketIssuer } from "./tickets";

export type DirectTarget = Target & { wsUrl: string; serverId: string };

/** Sit-downs a direct client may start in a burst, and how fast that budget comes back. */
export const directSitDowns = { burst: 10, perSecond: 1 } as const;

/**
 * Whether this sit-down goes to the placed server's own port: the client asked (`?direct=1`), the
 * gateway can sign, the server has a public port; not a sit-down that asks for the relay (the
 * client's fallback), nor a seat below -1 (the room refuses it, and the relay carries its text),
 * nor an owner's redirect (no server id for the ticket's audience).
 */
export function goesDirect(direct: boolean, tickets: SeatTicketIssuer | undefined, target: Target, req: SitDown): target is DirectTarget {
    return direct && tickets !== undefined && req.relay !== true && target.wsUrl !== undefined && target.serverId !== undefined && Number(req.seat) >= -1;
}

export function signFor(
    tickets: SeatTicketIssuer,
    userId: bigint,
    clientVersion: string | undefined,
    target: DirectTarget,
    req: SitDown,
): Promise<IssuedTicket> {
    return tickets.issue({
        userId,
        roomId: target.roomId,
        seat: Number(req.seat),
        serverId: target.serverId,
        gameName: req.gameName,
        ...(clientVersion !== undefined ? { clientVersion } : {}),
    });
}

/** A token bucket of sit-downs for one direct connection (made on its first sit-down only). */
export function sitDownBudget(now?: () => number): RateLimiter {
    return new RateLimiter(directSitDowns.perSecond, now, directSitDowns.burst);
}
