export * from "./frame";
export * from "./codec";
export * from "./client-commands";
export { Cmd, Err } from "./gen/gameops/client/v1/cmd_pb";
export * from "./gen/gameops/client/v1/messages_pb";
export { type Frame } from "./gen/gameops/internal/v1/room_pb";
export * from "./room-service";
