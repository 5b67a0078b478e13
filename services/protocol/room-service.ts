// The RoomService definition for @grpc/grpc-js, built by hand from the generated Frame message
// (protoc-gen-es generates messages, not grpc-js stubs).
import type { ServiceDefinition } from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FrameSchema, type Frame } from "./gen/gameops/internal/v1/room_pb";

export const connectPath = "/gameops.internal.v1.RoomService/Connect";

/** Call metadata keys (services/CONTRACT.md). */
export const RoomMetadata = {
    userId: "user_id",
    roomId: "room_id",
    seat: "seat",
    gameName: "game_name",
    clientVersion: "client_version",
    /** Trailer on FAILED_PRECONDITION: the address of the room's owner. */
    ownerAddr: "owner-addr",
} as const;

export const serializeFrame = (f: Frame): Buffer => Buffer.from(toBinary(FrameSchema, f));
export const deserializeFrame = (b: Buffer): Frame => fromBinary(FrameSchema, b);
export const frame = (cmd: number, data: Uint8Array): Frame => create(FrameSchema, { cmd, data });

export const roomServiceDefinition: ServiceDefinition = {
    Connect: {
        path: connectPath,
        requestStream: true,
        responseStream: true,
        requestSerialize: serializeFrame,
        requestDeserialize: deserializeFrame,
        responseSerialize: serializeFrame,
        responseDeserialize: deserializeFrame,
        originalName: "connect",
    },
};
