// A scripted room server for gateway tests: a real gRPC server speaking RoomService (Relay, as a
// room server does, or only Connect, as an older build does) whose behaviour per player link is the
// test's function.
import * as grpc from "@grpc/grpc-js";
import type { Frame } from "../../../services/protocol";
import { frame as roomFrame, roomServiceDefinition } from "../../../services/protocol/room-service";
import type { PlayerCall } from "../../../services/room/player-stream";
import { type RelayCall, RelayPeer } from "../../../services/room/relay-peer";
import { createLogger } from "../../../services/shared/logger";

export type RoomStream = PlayerCall;

/** "relay": the room server of this build; "connect": one that has no Relay (the gateway falls back to Connect). */
export type RoomTransport = "relay" | "connect";
export const roomTransports: RoomTransport[] = ["relay", "connect"];

export interface FakeRoom {
    addr: string;
    /** Every player link opened, with its metadata, in order. */
    streams: RoomStream[];
    /** The gateway's address (host:port) each link came from, in the same order. */
    peers: string[];
    /** Relay streams opened (every link of one gateway rides one). */
    relays: number;
    stop(): Promise<void>;
}

export function frame(cmd: number, data: Uint8Array = new Uint8Array(0)): Frame {
    return roomFrame(cmd, data);
}

export function md(call: RoomStream, key: string): string | undefined {
    const v = call.metadata.get(key)[0];
    return typeof v === "string" ? v : undefined;
}

export async function startFakeRoom(onStream: (call: RoomStream) => void, transport: RoomTransport = "relay"): Promise<FakeRoom> {
    const server = new grpc.Server();
    const streams: RoomStream[] = [];
    const peers: string[] = [];
    const serve = (call: RoomStream, peer: string) => {
        streams.push(call);
        peers.push(peer);
        call.on("error", () => undefined);
        onStream(call);
    };
    const fake: FakeRoom = {
        addr: "",
        streams,
        peers,
        relays: 0,
        stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
    const log = createLogger({ name: "fake-room", level: "silent" });
    const unimplemented = (call: RelayCall) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "no Relay here" });
    server.addService(roomServiceDefinition, {
        Connect: (call: grpc.ServerDuplexStream<Frame, Frame>) => serve(call, call.getPeer()),
        Relay:
            transport === "relay"
                ? (call: RelayCall) => {
                      fake.relays++;
                      new RelayPeer(
                          call,
                          (link) => serve(link, call.getPeer()),
                          log,
                          () => undefined,
                      );
                  }
                : unimplemented,
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    fake.addr = `127.0.0.1:${port}`;
    return fake;
}

/** Refuses every stream with `code`, details and trailers. */
export function refuse(call: RoomStream, code: grpc.status, details: string, trailers: Record<string, string> = {}): void {
    const metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(trailers)) metadata.set(k, v);
    call.emit("error", { code, details, metadata } as grpc.ServiceError);
}
