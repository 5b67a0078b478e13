// TC3-HMAC-SHA256 as Tencent Cloud's API gateway checks it: canonical request, credential scope
// `<date>/<service>/tc3_request`, signing key derived from "TC3" + SecretKey, hex signature.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/** The signature a client holding `secretKey` sends for this request. */
export function tc3Signature(args: {
    secretKey: string;
    service: string;
    timestamp: number;
    contentType: string;
    host: string;
    body: Buffer | string;
    method?: string;
    path?: string;
}): string {
    const date = new Date(args.timestamp * 1000).toISOString().slice(0, 10);
    const canonicalRequest = [
        args.method ?? "POST",
        args.path ?? "/",
        "",
        `content-type:${args.contentType}\nhost:${args.host}\n`,
        "content-type;host",
        sha256(args.body),
    ].join("\n");
    const stringToSign = ["TC3-HMAC-SHA256", String(args.timestamp), `${date}/${args.service}/tc3_request`, sha256(canonicalRequest)].join("\n");
    const signingKey = hmac(hmac(hmac(`TC3${args.secretKey}`, date), args.service), "tc3_request");
    return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}

export interface Authorization {
    secretId: string;
    date: string;
    service: string;
    signedHeaders: string;
    signature: string;
}

/** Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string | undefined): Authorization | undefined {
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(
        header ?? "",
    );
    return m ? { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4], signature: m[5] } : undefined;
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
