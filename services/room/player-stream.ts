// One player link into a room: a gRPC Connect call, or one link of a gateway's Relay stream.
import { Metadata, type StatusObject, status } from "@grpc/grpc-js";
import type { Frame } from "../protocol";
import { frame, RoomMetadata } from "../protocol/room-service";
import type { Logger } from "../shared/logger";
import type { Link } from "./game/types";
import type { RoomMetrics } from "./metrics";
import type { RoomHost } from "./room-host";
import { parseStreamMetadata } from "./stream-metadata";

/**
 * What a player link needs of its transport: the part of a gRPC server stream used here. A
 * Connect call is one as it is; a Relay link (relay-peer.ts) implements the same.
 */
export interface PlayerCall {
    readonly metadata: Metadata;
    write(f: Frame): unknown;
    /** Ends the link with status OK. */
    end(): void;
    destroy(err?: Error): void;
    /** Ends the link with this status (how a gRPC server stream is refused). */
    emit(event: "error", s: Partial<StatusObject>): boolean;
    on(event: "data", fn: (f: Frame) => void): unknown;
    on(event: "end" | "cancelled" | "error", fn: () => void): unknown;
    once(event: "cancelled", fn: () => void): unknown;
}

function refuse(call: PlayerCall, code: status, details: string, trailers?: Record<string, string>): void {
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(trailers ?? {})) metadata.set(k, v);
    call.emit("error", { code, details, metadata });
}

export async function handlePlayerStream(call: PlayerCall, host: RoomHost, log: Logger, metrics: RoomMetrics): Promise<void> {
    const parsed = parseStreamMetadata(call.metadata);
    if (!parsed.ok) {
        metrics.streams.inc({ outcome: "invalid" });
        return refuse(call, status.INVALID_ARGUMENT, parsed.reason);
    }
    const req = parsed.value;
    let gone = false;
    call.once("cancelled", () => (gone = true));

    // A room can close between acquire and join (it emptied); then it is claimed afresh once.
    for (let attempt = 0; attempt < 2; attempt++) {
        const got = await host.acquire(req.roomId);
        if (!got.ok) {
            metrics.streams.inc({ outcome: got.kind });
            if (got.kind === "draining") return refuse(call, status.UNAVAILABLE, "draining");
            if (got.kind === "error") return refuse(call, status.UNAVAILABLE, got.reason);
            if (got.ownerAddr === undefined) {
                return refuse(
                    call,
                    status.UNAVAILABLE,
                    `room ${req.roomId} is owned by ${got.owner}, which does not renew its lease; retry once its record expires`,
                );
            }
            return refuse(call, status.FAILED_PRECONDITION, `room ${req.roomId} is owned by ${got.owner}`, { [RoomMetadata.ownerAddr]: got.ownerAddr });
        }
        const room = got.room;
        if (gone) {
            host.closeIfUnused(room);
            return;
        }
        let ended = false;
        const link: Link = {
            send: (cmd, data) => {
                if (!ended) call.write(frame(cmd, data));
            },
            end: () => {
                if (ended) return;
                ended = true;
                call.end();
            },
        };
        const joined = room.join(req.userId, req.seat, link);
        if (!joined.ok && joined.code === "closed") continue;
        if (!joined.ok) {
            host.closeIfUnused(room);
            metrics.streams.inc({ outcome: "invalid" });
            return refuse(call, status.INVALID_ARGUMENT, joined.reason);
        }
        metrics.streams.inc({ outcome: joined.reconnect ? "reconnected" : "joined" });
        // Someone who (re)joins a draining room missed the notice at drain start; the next periodic
        // one can be CLOSING_NOTICE_MS away.
        const secondsLeft = host.closingSecondsLeft();
        if (secondsLeft !== undefined) room.notifyClosing(secondsLeft, req.userId);
        log.debug({ room: req.roomId, user: req.userId.toString(), seat: joined.seat, reconnect: joined.reconnect }, "player joined");
        const lost = () => {
            if (ended) return;
            ended = true;
            room.linkClosed(req.userId, link);
        };
        call.on("data", (f: Frame) => room.receive(req.userId, link, f.cmd, f.data));
        call.on("cancelled", lost);
        call.on("error", lost);
        call.on("end", () => {
            const wasOpen = !ended;
            lost();
            if (wasOpen) call.end();
        });
        return;
    }
    metrics.streams.inc({ outcome: "error" });
    refuse(call, status.UNAVAILABLE, `room ${req.roomId} closed while joining; sit down again`);
}
