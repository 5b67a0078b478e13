// A scripted room server for gateway tests: a real gRPC server speaking RoomService (Relay, as a
// room server does, or only Connect, as an older build does) whose behaviour per player link is the
// test's function.
import type net from "node:net";
import * as grpc from "@grpc/grpc-js";
import type { Frame } from "../../../services/protocol";
import { frame as roomFrame, roomServiceDefinition } from "../../../services/protocol/room-service";
import type { PlayerCall } from "../../../services/room/player-stream";
import { listenRelays } from "../../../services/room/relay-listener";
import { grpcRelay, type RelayCall, RelayPeer, type RelayTransport } from "../../../services/room/relay-peer";
import { createLogger } from "../../../services/shared/logger";

export type RoomStream = PlayerCall;

/**
 * "socket": the room server of this build (the TCP relay on its gRPC port, and gRPC); "relay": one
 * with only the gRPC Relay stream (the TCP hello is refused: the gateway falls back to it);
 * "connect": one that has no Relay at all (the gateway falls back to a Connect stream per link).
 */
export type RoomTransport = "socket" | "relay" | "connect";
export const roomTransports: RoomTransport[] = ["socket", "relay", "connect"];

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

export async function startFakeRoom(onStream: (call: RoomStream) => void, transport: RoomTransport = "socket"): Promise<FakeRoom> {
    const server = new grpc.Server();
    const streams: RoomStream[] = [];
    const peers: string[] = [];
    const serve = (call: RoomStream, peer: string) => {
        streams.push(call);
        peers.push(peer);
        call.on("error", () => undefined);
        onStream(call);
    };
    let listener: net.Server | undefined;
    const fake: FakeRoom = {
        addr: "",
        streams,
        peers,
        relays: 0,
        stop: async () => {
            listener?.close();
            await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
        },
    };
    const relayOn = (relay: RelayTransport, peer: string) => {
        fake.relays++;
        new RelayPeer(
            relay,
            (link) => serve(link, peer),
            log,
            () => undefined,
        );
    };
    const log = createLogger({ name: "fake-room", level: "silent" });
    const unimplemented = (call: RelayCall) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "no Relay here" });
    server.addService(roomServiceDefinition, {
        Connect: (call: grpc.ServerDuplexStream<Frame, Frame>) => serve(call, call.getPeer()),
        Relay: transport === "connect" ? unimplemented : (call: RelayCall) => relayOn(grpcRelay(call), call.getPeer()),
    });
    if (transport === "socket") {
        listener = await listenRelays({
            port: 0,
            injector: server.createConnectionInjector(grpc.ServerCredentials.createInsecure()),
            onRelay: relayOn,
            keepaliveMs: 10_000,
            onDropped: (peer, reason) => log.warn({ peer, reason }, "relay cut"),
        });
        fake.addr = `127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
        return fake;
    }
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
