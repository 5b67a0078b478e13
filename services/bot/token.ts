import { CompactSign } from "jose";

/**
 * An HS256 token for player `id`, signed with the standard-base64 key (the gateway's JWT_KEY).
 * The claims are written as text and signed as a JWS so ids above 2^53 keep every digit (a JS
 * number, and so JSON.stringify, would round them).
 */
export async function mintToken(id: bigint, jwtKeyBase64: string, ttlSeconds = 3600): Promise<string> {
    const key = new Uint8Array(Buffer.from(jwtKeyBase64, "base64"));
    const now = Math.floor(Date.now() / 1000);
    const claims = `{"id":${id.toString()},"iat":${now},"exp":${now + ttlSeconds}}`;
    return new CompactSign(new TextEncoder().encode(claims)).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key);
}
