// The `version` query parameter of a client's connection: the gateway routes by it (routing.ts) and
// passes it to the room as stream metadata, where only printable ASCII is allowed (gRPC metadata:
// grpc-js throws on anything else). So it is checked once, at the edge, like the token.
export type ClientVersion = { ok: true; value: string | undefined } | { ok: false; reason: string };

const versionPattern = /^[0-9A-Za-z.+_-]{1,64}$/;
/** How much of a bad value a close reason repeats: a WebSocket close reason holds 123 bytes. */
const shownChars = 16;

export function parseClientVersion(raw: string | null): ClientVersion {
    if (raw === null) return { ok: true, value: undefined };
    if (versionPattern.test(raw)) return { ok: true, value: raw };
    // Non-ASCII as "?", so the reason stays one byte per character and within a close frame.
    const cut = raw.length > shownChars ? `${raw.slice(0, shownChars)}...` : raw;
    const shown = JSON.stringify(cut.replace(/[^ -~]/g, "?"));
    return { ok: false, reason: `version: ${shown} is not a client version (1-64 of 0-9 A-Z a-z . + _ -); send e.g. version=1.4.2` };
}
