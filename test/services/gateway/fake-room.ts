// A scripted room server for gateway tests: a real gRPC server speaking RoomService.Connect whose
// behaviour per stream is the test's function.
import * as grpc from "@grpc/grpc-js";
import type { Frame } from "../../../services/protocol";
import { frame as roomFrame, roomServiceDefinition } from "../../../services/protocol/room-service";

export type RoomStream = grpc.ServerDuplexStream<Frame, Frame>;

export interface FakeRoom {
    addr: string;
    /** Every stream opened, with its metadata, in order. */
    streams: RoomStream[];
    stop(): Promise<void>;
}

export function frame(cmd: number, data: Uint8Array = new Uint8Array(0)): Frame {
    return roomFrame(cmd, data);
}

export function md(call: RoomStream, key: string): string | undefined {
    const v = call.metadata.get(key)[0];
    return typeof v === "string" ? v : undefined;
}

export async function startFakeRoom(onStream: (call: RoomStream) => void): Promise<FakeRoom> {
    const server = new grpc.Server();
    const streams: RoomStream[] = [];
    server.addService(roomServiceDefinition, {
        Connect: (call: RoomStream) => {
            streams.push(call);
            call.on("error", () => undefined);
            onStream(call);
        },
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return {
        addr: `127.0.0.1:${port}`,
        streams,
        stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}

/** Refuses every stream with `code`, details and trailers. */
export function refuse(call: RoomStream, code: grpc.status, details: string, trailers: Record<string, string> = {}): void {
    const metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(trailers)) metadata.set(k, v);
    call.emit("error", { code, details, metadata } as grpc.ServiceError);
}
