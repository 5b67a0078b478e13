import type { KeyObject } from "node:crypto";
// The two entry points the gateway uses, not jose's index: that one loads every JOSE feature (JWE,
// JWKS, key generation), about 0.6 MB more heap in every gateway.
import { JOSEAlgNotAllowed, JOSENotSupported, JWSSignatureVerificationFailed, JWTExpired } from "jose/errors";
import { jwtVerify } from "jose/jwt/verify";
import { readTopLevelInteger } from "./json-int";

type AuthFailure = "missing" | "signature" | "algorithm" | "expired" | "no-id" | "malformed";

export type AuthResult = { ok: true; userId: bigint } | { ok: false; code: AuthFailure; reason: string };

const hmacAlgorithms = ["HS256", "HS384", "HS512"];
const int64Max = (1n << 63n) - 1n;

const reasons: Record<AuthFailure, string> = {
    missing: "missing token query parameter",
    signature: "invalid token signature",
    algorithm: "token algorithm not allowed (HS256/HS384/HS512 only)",
    expired: "token expired",
    "no-id": "token has no positive int64 id claim",
    malformed: "malformed token",
};

function fail(code: AuthFailure): AuthResult {
    return { ok: false, code, reason: reasons[code] };
}

/** The HMAC key: the standard base64 decoding of JWT_KEY (so `ZGVmYXVsdF9rZXk=` is `default_key`). */
export function hmacKey(jwtKeyBase64: string): Uint8Array {
    return new Uint8Array(Buffer.from(jwtKeyBase64, "base64"));
}

/**
 * Verifies a client token. Never throws: every failure is a value with a short reason fit for a
 * WebSocket close frame. The id is read from the raw payload text because JSON.parse turns ids
 * above 2^53 into the wrong number. `key`: the raw HMAC key, or a KeyObject made from it once (jose
 * makes one per call from raw bytes).
 */
export async function verifyToken(token: string | null | undefined, key: Uint8Array | KeyObject, now?: Date): Promise<AuthResult> {
    if (token === null || token === undefined || token === "") return fail("missing");
    try {
        await jwtVerify(token, key, { algorithms: hmacAlgorithms, currentDate: now });
    } catch (err) {
        if (err instanceof JWTExpired) return fail("expired");
        if (err instanceof JOSEAlgNotAllowed || err instanceof JOSENotSupported) return fail("algorithm");
        if (err instanceof JWSSignatureVerificationFailed) return fail("signature");
        return fail("malformed");
    }
    const payloadText = Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8");
    const id = readTopLevelInteger(payloadText, "id");
    if (id === undefined || id <= 0n || id > int64Max) return fail("no-id");
    return { ok: true, userId: id };
}
