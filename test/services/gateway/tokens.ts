// Test tokens: HS256 by default, with any claims, algorithm or key.
import { SignJWT, generateKeyPair, type JWTPayload } from "jose";

export const testJwtKeyB64 = "ZGVmYXVsdF9rZXk=";
export const testKey = new Uint8Array(Buffer.from(testJwtKeyB64, "base64"));

export async function hsToken(claims: JWTPayload, opts: { alg?: string; key?: Uint8Array; expSeconds?: number } = {}): Promise<string> {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? "HS256" }).setIssuedAt();
    if (opts.expSeconds !== undefined) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + opts.expSeconds);
    return jwt.sign(opts.key ?? testKey);
}

/** A token with a raw JSON payload (ids above 2^53 cannot go through a JS number). */
export async function rawPayloadToken(payloadJson: string, key: Uint8Array = testKey): Promise<string> {
    const { createHmac } = await import("node:crypto");
    const head = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
    const body = Buffer.from(payloadJson).toString("base64url");
    const sig = createHmac("sha256", key).update(`${head}.${body}`).digest("base64url");
    return `${head}.${body}.${sig}`;
}

export function noneToken(claims: JWTPayload): string {
    const head = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    return `${head}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
}

export async function rsToken(claims: JWTPayload): Promise<string> {
    const { privateKey } = await generateKeyPair("RS256");
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
}
