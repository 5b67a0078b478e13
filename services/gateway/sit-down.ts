import { decode } from "../protocol";

/** A validated SitDown request. The gateway never takes `user_id` from the client. */
export interface SitDown {
    roomId: string;
    seat: string;
    gameName: string;
    /**
     * Extension: metadata `direct=0` asks for the relay even on a `?direct=1` connection (the
     * client's fallback after the room's direct port refused it). Present only when asked.
     */
    relay?: true;
}

export type SitDownResult = { ok: true; request: SitDown } | { ok: false; reason: string };

const roomIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const seatPattern = /^-?[0-9]{1,9}$/;
const gamePattern = /^[a-z][a-z0-9_-]{0,31}$/;

/** Parses the SitDownRequest payload; every error names the key, the value and what is allowed. */
export function parseSitDown(payload: Uint8Array): SitDownResult {
    const md = decode.sitDown(payload);
    if (!md.ok) return { ok: false, reason: md.reason };
    const roomId = md.value.room_id ?? "";
    if (!roomIdPattern.test(roomId)) {
        return {
            ok: false,
            reason: `SitDown metadata room_id: ${JSON.stringify(roomId)} is not 1-128 characters of A-Z a-z 0-9 _ . : - ; send e.g. room_id=r1`,
        };
    }
    const seat = md.value.seat ?? "-1";
    if (!seatPattern.test(seat)) {
        return { ok: false, reason: `SitDown metadata seat: ${JSON.stringify(seat)} is not an integer; send -1 for any free seat or 0-3` };
    }
    const gameName = md.value.game_name ?? "dice";
    if (!gamePattern.test(gameName)) {
        return { ok: false, reason: `SitDown metadata game_name: ${JSON.stringify(gameName)} is not a game name; send e.g. dice` };
    }
    const direct = md.value.direct;
    if (direct !== undefined && direct !== "0" && direct !== "1") {
        return { ok: false, reason: `SitDown metadata direct: ${JSON.stringify(direct)} is not 0 or 1; send direct=0 to be relayed, or leave it out` };
    }
    return { ok: true, request: direct === "0" ? { roomId, seat, gameName, relay: true } : { roomId, seat, gameName } };
}
