import { RoomMetadata } from "../protocol/room-service";
import { Status, statusName } from "../protocol/status";
import type { LinkStatus } from "./link-status";

/**
 * What a room server's answer to a stream that never got accepted means for the sit-down
 * (CONTRACT.md "Gateway ↔ room server").
 */
export type Refusal =
    /** Another server owns the room: dial the address in the `owner-addr` trailer. */
    | { kind: "redirect"; addr: string }
    /** The server is draining (refuses NEW rooms) or unreachable: place the room elsewhere. */
    | { kind: "unavailable"; draining: boolean; detail: string }
    /** Anything else: give up and tell the player `clientText` (the full detail is for the log). */
    | { kind: "fatal"; detail: string; clientText: string };

export function classifyRefusal(s: LinkStatus): Refusal {
    if (s.code === Status.FAILED_PRECONDITION) {
        const owner = s.metadata.get(RoomMetadata.ownerAddr)[0];
        if (typeof owner === "string" && owner !== "") return { kind: "redirect", addr: owner };
        return fatal(`room refused: ${s.details}`, "the room refused the sit-down");
    }
    if (s.code === Status.UNAVAILABLE) {
        return { kind: "unavailable", draining: /draining/i.test(s.details), detail: s.details };
    }
    if (s.code === Status.OK) return fatal("room server ended the stream without seating the player", "the room server ended the sit-down");
    const name = statusName(s.code);
    // INVALID_ARGUMENT names what was wrong with the player's own request (seat, room id): worth
    // passing on, scrubbed. Any other detail describes the server side and stays in the log.
    const clientText = s.code === Status.INVALID_ARGUMENT ? `the room refused the request: ${withoutAddresses(s.details)}` : `the room server failed (${name})`;
    return fatal(`room server answered ${name}: ${s.details}`, clientText);
}

function fatal(detail: string, clientText: string): Refusal {
    return { kind: "fatal", detail, clientText };
}

// IPv4 (with a port), [IPv6] (with a port), and any name:port.
const addressPattern = /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b|\[[0-9a-fA-F:.]+\](?::\d{1,5})?|\b[A-Za-z0-9][A-Za-z0-9.-]*:\d{1,5}\b/g;

/** Text for a client with anything that looks like an IP address or host:port replaced. */
function withoutAddresses(text: string): string {
    return text.replace(addressPattern, "(internal)");
}
