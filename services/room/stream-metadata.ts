// Reads the call metadata the gateway sets on a player stream (services/CONTRACT.md).
import type { Metadata } from "@grpc/grpc-js";
import { RoomMetadata } from "../protocol/room-service";

interface StreamRequest {
    userId: bigint;
    roomId: string;
    seat: number;
    gameName: string;
    clientVersion: string | undefined;
}

export type ParsedStream = { ok: true; value: StreamRequest } | { ok: false; reason: string };

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const supportedGames = ["dice"] as const;

function one(md: Metadata, key: string): string | undefined {
    const v = md.get(key)[0];
    return typeof v === "string" ? v : v === undefined ? undefined : v.toString("utf8");
}

export function parseStreamMetadata(md: Metadata): ParsedStream {
    const rawUser = one(md, RoomMetadata.userId);
    if (rawUser === undefined || !/^-?\d{1,19}$/.test(rawUser) || BigInt(rawUser) < int64Min || BigInt(rawUser) > int64Max) {
        return { ok: false, reason: `user_id: ${JSON.stringify(rawUser ?? null)} is not a decimal int64; the gateway must set it from the token's id claim` };
    }
    const roomId = one(md, RoomMetadata.roomId) ?? "";
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(roomId)) {
        return { ok: false, reason: `room_id: ${JSON.stringify(roomId)} is not 1-128 characters of letters, digits, '.', '_', ':' or '-'; send e.g. room-1` };
    }
    const rawSeat = one(md, RoomMetadata.seat) ?? "-1";
    const seat = /^-?\d{1,10}$/.test(rawSeat) ? Number(rawSeat) : NaN;
    if (!Number.isInteger(seat) || seat < -1 || seat > 0x7fffffff) {
        return { ok: false, reason: `seat: ${JSON.stringify(rawSeat)} is not -1 (any free seat) or a seat index >= 0; send e.g. -1` };
    }
    const gameName = one(md, RoomMetadata.gameName) ?? "dice";
    const game = gameName === "" ? "dice" : gameName;
    if (!(supportedGames as readonly string[]).includes(game)) {
        return { ok: false, reason: `game_name: ${JSON.stringify(gameName)} is not supported; use one of ${supportedGames.join(", ")}` };
    }
    return {
        ok: true,
        value: { userId: BigInt(rawUser), roomId, seat, gameName: game, clientVersion: one(md, RoomMetadata.clientVersion) },
    };
}
