// How a player link to a room server ended, as the gateway reads it: a grpc-js StatusObject is one,
// and so is what the TCP relay builds from a close record, without loading grpc-js.
export interface LinkStatus {
    code: number;
    details: string;
    /** The trailers (the room's `owner-addr` on a redirect). */
    metadata: { get(key: string): unknown[] };
}

export function linkStatus(code: number, details: string, trailers: Record<string, string> = {}): LinkStatus {
    return { code, details, metadata: { get: (key) => (Object.hasOwn(trailers, key) ? [trailers[key]] : []) } };
}
