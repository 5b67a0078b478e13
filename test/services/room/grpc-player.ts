// A test client of a room server's player ports: one Connect stream per player, (as the gateway
// does) one link per player on a Relay stream shared by every player of the same client, or (as a
// direct client does) a WebSocket per player on the direct port, opened with a seat ticket.
import { Client, credentials, Metadata, status } from "@grpc/grpc-js";
import type { Frame } from "../../../services/protocol";
import { connectPath, deserializeFrame, frame, serializeFrame } from "../../../services/protocol/room-service";
import { EventEmitter } from "node:events";
import type { LinkStatus } from "../../../services/gateway/link-status";
import { RelayConnection, type RoomCall } from "../../../services/gateway/relay-connection";
import { type RelayStream, SocketRelayStream } from "../../../services/gateway/relay-socket";
import { within } from "../../../lib/services/wait";
import { DirectCall } from "./direct-call";

/** "relay": the gRPC Relay stream; "socket": the TCP relay on the same port; "direct": the direct player port. */
export type Transport = "connect" | "relay" | "socket" | "direct";
export const transports: Transport[] = ["connect", "relay", "socket", "direct"];
let transport: Transport = "connect";
/** The transport of the players created from now on (a suite sets it in its `before`). */
export function useTransport(t: Transport): void {
    transport = t;
}

const relays = new WeakMap<Client, RelayConnection>();
const addrs = new WeakMap<Client, string>();

/** Where a "socket" player would fall back to gRPC: it fails instead, so a broken TCP relay cannot pass. */
function noFallback(): RelayStream {
    const e = new EventEmitter();
    queueMicrotask(() => e.emit("status", { code: status.INTERNAL, details: "test: the room server did not take the TCP relay", metadata: new Metadata() }));
    return Object.assign(e, { write: () => true, end: () => undefined, cancel: () => undefined });
}

function openCall(client: Client, md: Metadata): RoomCall {
    if (transport === "direct") return new DirectCall(addrs.get(client) ?? "", md);
    if (transport === "connect") return client.makeBidiStreamRequest(connectPath, serializeFrame, deserializeFrame, md);
    let relay = relays.get(client);
    if (relay === undefined || !relay.open) {
        const addr = addrs.get(client) ?? "";
        relay =
            transport === "socket"
                ? new RelayConnection(
                      () => client,
                      () => undefined,
                      () => new SocketRelayStream(addr, noFallback, 10_000),
                  )
                : new RelayConnection(
                      () => client,
                      () => undefined,
                  );
        relays.set(client, relay);
    }
    const record: Record<string, string> = {};
    for (const [k, v] of Object.entries(md.getMap())) if (typeof v === "string") record[k] = v;
    return relay.openLink(record);
}

export class GrpcPlayer {
    readonly frames: Frame[] = [];
    readonly status: Promise<LinkStatus>;
    private readonly call: RoomCall;
    private listeners: (() => void)[] = [];

    constructor(
        client: Client,
        readonly userId: bigint,
        roomId: string,
        seat = -1,
        extra: Record<string, string> = {},
    ) {
        const md = new Metadata();
        md.set("user_id", userId.toString());
        md.set("room_id", roomId);
        md.set("seat", String(seat));
        md.set("game_name", "dice");
        for (const [k, v] of Object.entries(extra)) md.set(k, v);
        this.call = openCall(client, md);
        this.call.on("data", (f: Frame) => {
            this.frames.push(f);
            for (const l of this.listeners) l();
        });
        this.call.on("error", () => undefined);
        this.status = new Promise((resolve) => this.call.on("status", resolve));
    }

    send(cmd: number, data: Uint8Array = new Uint8Array(0)): void {
        this.call.write(frame(cmd, data));
    }

    cancel(): void {
        this.call.cancel();
    }

    /** Waits (with a deadline) until a frame satisfies `match`, counting from index `from`. */
    waitFrame(what: string, match: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
        const find = () => this.frames.slice(from).find(match);
        const hit = find();
        if (hit) return Promise.resolve(hit);
        return within(
            `${what} for user ${this.userId}`,
            new Promise<Frame>((resolve) => {
                const l = () => {
                    const f = find();
                    if (f) {
                        this.listeners = this.listeners.filter((x) => x !== l);
                        resolve(f);
                    }
                };
                this.listeners.push(l);
            }),
            timeoutMs,
        );
    }

    cmds(): number[] {
        return this.frames.map((f) => f.cmd);
    }
}

export function roomClient(addr: string): Client {
    const client = new Client(addr, credentials.createInsecure());
    addrs.set(client, addr);
    return client;
}

export { status };
