import { status as Status, type StatusObject } from "@grpc/grpc-js";
import { RoomMetadata } from "../protocol/room-service";

/**
 * What a room server's answer to a stream that never got accepted means for the sit-down
 * (CONTRACT.md "Gateway ↔ room server").
 */
export type Refusal =
  /** Another server owns the room: dial the address in the `owner-addr` trailer. */
  | { kind: "redirect"; addr: string }
  /** The server is draining (refuses NEW rooms) or unreachable: place the room elsewhere. */
  | { kind: "unavailable"; draining: boolean; detail: string }
  /** Anything else: give up and tell the player. */
  | { kind: "fatal"; detail: string };

export function classifyRefusal(s: StatusObject): Refusal {
  if (s.code === Status.FAILED_PRECONDITION) {
    const owner = s.metadata.get(RoomMetadata.ownerAddr)[0];
    if (typeof owner === "string" && owner !== "") return { kind: "redirect", addr: owner };
    return { kind: "fatal", detail: `room refused: ${s.details}` };
  }
  if (s.code === Status.UNAVAILABLE) {
    return { kind: "unavailable", draining: /draining/i.test(s.details), detail: s.details };
  }
  if (s.code === Status.OK) return { kind: "fatal", detail: "room server ended the stream without seating the player" };
  return { kind: "fatal", detail: `room server answered ${Status[s.code] ?? s.code}: ${s.details}` };
}
