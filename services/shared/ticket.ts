// Seat tickets (services/direct-rooms.md): the gateway's word that a player may take a seat in one
// room on one room server, for a few seconds. A JWT signed with ROOM_TICKET_KEY (HS256), so the room
// server checks it without asking anyone: `sub` the user id (a string: ids go past 2^53), `room`,
// `seat`, `game` and `ver` (the SitDown's game_name and the client's version, what a relayed link
// carries as metadata), `aud` the room server's id, `exp`, and `jti` so each ticket seats once.
import { randomUUID, type KeyObject } from "node:crypto";
import { JWTClaimValidationFailed, JWTExpired } from "jose/errors";
import { SignJWT } from "jose/jwt/sign";
import { jwtVerify } from "jose/jwt/verify";

export interface SeatTicket {
    userId: bigint;
    roomId: string;
    /** -1: any free seat. */
    seat: number;
    /** The room server the ticket is for (its SERVER_ID). */
    serverId: string;
    /** The SitDown's game_name (the room server refuses games it does not run, as on the relay). */
    gameName: string;
    /** The client's `version` query parameter, when it sent one. */
    clientVersion?: string;
}

type TicketFailure = "missing" | "invalid" | "expired" | "other-server" | "malformed";

export type TicketResult = { ok: true; ticket: SeatTicket; id: string; expiresAt: number } | { ok: false; code: TicketFailure; reason: string };

/** How long a ticket is good for by default: the client opens the room's port right after SitDown. */
const defaultTicketSeconds = 30;

const int64Max = (1n << 63n) - 1n;

function fail(code: TicketFailure, reason: string): TicketResult {
    return { ok: false, code, reason };
}

/** `key`: the raw bytes, or a KeyObject made once (jose makes one per call from raw bytes). */
export async function issueTicket(key: Uint8Array | KeyObject, t: SeatTicket, seconds = defaultTicketSeconds, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    const claims: Record<string, string | number> = { room: t.roomId, seat: t.seat, game: t.gameName };
    if (t.clientVersion !== undefined) claims.ver = t.clientVersion;
    return new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(t.userId.toString())
        .setAudience(t.serverId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + seconds)
        .setJti(randomUUID())
        .sign(key);
}

/** Checks a ticket for `serverId`. Never throws: each failure is a value with a reason for a close frame. */
export async function verifyTicket(key: Uint8Array | KeyObject, token: string | null | undefined, serverId: string, now = Date.now()): Promise<TicketResult> {
    if (token === null || token === undefined || token === "") return fail("missing", "missing ticket query parameter");
    let payload: Record<string, unknown>;
    try {
        ({ payload } = await jwtVerify(token, key, { algorithms: ["HS256"], audience: serverId, currentDate: new Date(now) }));
    } catch (err) {
        if (err instanceof JWTExpired) return fail("expired", "ticket expired; sit down through the gateway again");
        if (err instanceof JWTClaimValidationFailed && err.claim === "aud") {
            return fail("other-server", `ticket is for another room server, not ${serverId}; sit down through the gateway again`);
        }
        return fail("invalid", "invalid ticket");
    }
    const { sub, room, seat, game, ver, jti, exp } = payload;
    if (typeof sub !== "string" || !/^[1-9][0-9]{0,18}$/.test(sub) || BigInt(sub) > int64Max)
        return fail("malformed", "ticket sub is not a positive int64 user id");
    if (typeof room !== "string" || room === "") return fail("malformed", "ticket has no room");
    if (typeof seat !== "number" || !Number.isInteger(seat) || seat < -1) return fail("malformed", "ticket seat is not -1 or a seat index");
    if (game !== undefined && typeof game !== "string") return fail("malformed", "ticket game is not a string");
    if (ver !== undefined && typeof ver !== "string") return fail("malformed", "ticket ver is not a string");
    if (typeof jti !== "string" || typeof exp !== "number") return fail("malformed", "ticket has no jti or exp");
    const ticket: SeatTicket = { userId: BigInt(sub), roomId: room, seat, serverId, gameName: game ?? "dice" };
    if (ver !== undefined) ticket.clientVersion = ver;
    return { ok: true, ticket, id: jti, expiresAt: exp * 1000 };
}
