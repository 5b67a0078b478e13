// The direct player port seen as a room stream, so the room server's contract suite runs over it:
// a WebSocket opened with a seat ticket made from the stream's metadata. Its end reads as a status:
// the room's normal end (1000 after frames) is OK, our own close CANCELLED, any other close
// UNAVAILABLE with the close reason as details (what a direct client shows its player).
import { EventEmitter } from "node:events";
import { Metadata, status, type StatusObject } from "@grpc/grpc-js";
import WebSocket from "ws";
import { decodeFrame, encodeFrame, type Frame } from "../../../services/protocol";
import { frame } from "../../../services/protocol/room-service";
import { issueTicket } from "../../../services/shared/ticket";
import { directUrlOf, testTicketKey } from "./room-process";

export class DirectCall extends EventEmitter {
    private ws: WebSocket | undefined;
    private readonly pending: Frame[] = [];
    private cancelled = false;

    constructor(grpcAddr: string, md: Metadata) {
        super();
        const one = (k: string) => {
            const v = md.get(k)[0];
            return v === undefined ? undefined : String(v);
        };
        const url = directUrlOf(grpcAddr);
        void issueTicket(testTicketKey, {
            userId: BigInt(one("user_id") ?? "0"),
            roomId: one("room_id") ?? "",
            seat: Number(one("seat") ?? "-1"),
            serverId: url.serverId,
            gameName: one("game_name") ?? "dice",
            ...(one("client_version") !== undefined ? { clientVersion: one("client_version") } : {}),
        }).then((ticket) => this.open(`${url.url}?ticket=${ticket}`));
    }

    private open(url: string): void {
        if (this.cancelled) return this.finish(status.CANCELLED, "cancelled by the client");
        const ws = new WebSocket(url, { perMessageDeflate: false });
        this.ws = ws;
        ws.on("error", () => undefined);
        ws.on("open", () => {
            for (const f of this.pending.splice(0)) ws.send(encodeFrame(f.cmd, f.data));
        });
        ws.on("message", (data: Buffer) => {
            const f = decodeFrame(data);
            if (f.ok) this.emit("data", frame(f.cmd, f.payload));
        });
        ws.on("close", (code, reason) => {
            if (this.cancelled) this.finish(status.CANCELLED, "cancelled by the client");
            else this.finish(code === 1000 ? status.OK : status.UNAVAILABLE, reason.toString("utf8"));
        });
    }

    private finish(code: status, details: string): void {
        const st: StatusObject = { code, details, metadata: new Metadata() };
        this.emit("status", st);
    }

    write(f: Frame): boolean {
        if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeFrame(f.cmd, f.data));
        else this.pending.push(f);
        return true;
    }

    /** A WebSocket has no half-close: the client closes, as a direct client that leaves does. */
    end(): void {
        this.ws?.close(1000, "bye");
    }

    cancel(): void {
        this.cancelled = true;
        this.ws?.close(1000, "bye");
    }
}
