// A stand-in for the Tencent Cloud API on 127.0.0.1, spoken to by the real tencentcloud-sdk-nodejs
// (its httpProfile endpoint and protocol point here). Every request's TC3-HMAC-SHA256 signature is
// verified against the one key pair it knows; actions and parameters are recorded; faults (errors,
// throttling) can be queued per action; asynchronous states advance with each describe poll.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { products } from "./products";
import { ApiFault, State } from "./state";
import { parseAuthorization, sameSignature, tc3Signature } from "./signature";

export interface RecordedCall {
    product: string;
    action: string;
    region: string;
    params: Record<string, any>;
}

export const standInCredentials = { secretId: "AKIDstandin0000000000000000000000000", secretKey: "stand-in-secret-key-0123456789abcd" };

export class TencentStandIn {
    readonly state = new State();
    readonly calls: RecordedCall[] = [];
    /** Requests refused before any action ran (bad signature, unknown action), by error code. */
    readonly refused: string[] = [];
    private readonly faults = new Map<string, { code: string; message: string; times: number }[]>();
    private server?: http.Server;
    private seq = 0;
    endpoint = "";

    async start(): Promise<this> {
        this.server = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => {
                const requestId = `stand-in-${(++this.seq).toString().padStart(6, "0")}`;
                const response = this.handle(req, Buffer.concat(chunks), requestId);
                res.writeHead(200, { "content-type": "application/json" });
                res.end(JSON.stringify({ Response: { ...response, RequestId: requestId } }));
            });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        return this;
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    /** The next `times` calls of `action` fail with `code`. */
    fail(action: string, code: string, message = "Injected by the stand-in.", times = 1): void {
        this.faults.set(action, [...(this.faults.get(action) ?? []), { code, message, times }]);
    }

    /** The next `times` calls of `action` are throttled, as the API does above its rate limit. */
    throttle(action: string, times: number): void {
        this.fail(
            action,
            "RequestLimitExceeded",
            "Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second.",
            times,
        );
    }

    actions(): string[] {
        return this.calls.map((c) => `${c.product}:${c.action}`);
    }

    reset(): void {
        this.calls.length = 0;
        this.refused.length = 0;
    }

    private handle(req: http.IncomingMessage, body: Buffer, requestId: string): Record<string, unknown> {
        const refuse = (code: string, message: string) => {
            this.refused.push(code);
            return { Error: { Code: code, Message: message } };
        };
        const auth = parseAuthorization(req.headers.authorization);
        if (!auth) return refuse("AuthFailure.SignatureFailure", "The Authorization header is not a TC3-HMAC-SHA256 signature.");
        if (auth.secretId !== standInCredentials.secretId) return refuse("AuthFailure.SecretIdNotFound", "The SecretId is not found.");
        const timestamp = Number(req.headers["x-tc-timestamp"]);
        if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
            return refuse("AuthFailure.SignatureExpire", "The signature expired.");
        const host = (req.headers.host ?? "").replace(/:\d+$/, "");
        // The SDK scopes its signature to the endpoint's first label, as the real API takes the service from the host.
        if (
            auth.service !== host.split(".")[0] ||
            auth.date !== new Date(timestamp * 1000).toISOString().slice(0, 10) ||
            auth.signedHeaders !== "content-type;host"
        ) {
            return refuse("AuthFailure.SignatureFailure", "The credential scope or signed headers do not match the request.");
        }
        const expected = tc3Signature({
            secretKey: standInCredentials.secretKey,
            service: auth.service,
            timestamp,
            contentType: String(req.headers["content-type"] ?? ""),
            host,
            body,
        });
        if (!sameSignature(expected, auth.signature)) return refuse("AuthFailure.SignatureFailure", "The provided credentials could not be validated.");

        const action = String(req.headers["x-tc-action"] ?? "");
        const version = String(req.headers["x-tc-version"] ?? "");
        const product = Object.entries(products).find(([, p]) => p.version === version)?.[0];
        const handler = product !== undefined ? products[product].actions[action] : undefined;
        if (product === undefined || handler === undefined) return refuse("InvalidAction", `The action ${action} (version ${version}) is not found.`);
        const params = JSON.parse(body.toString("utf8") || "{}");
        this.calls.push({ product, action, region: String(req.headers["x-tc-region"] ?? ""), params });

        const queued = this.faults.get(action);
        if (queued && queued.length > 0) {
            const fault = queued[0];
            if (--fault.times <= 0) queued.shift();
            return { Error: { Code: fault.code, Message: fault.message } };
        }
        try {
            return handler(params, this.state);
        } catch (err) {
            if (err instanceof ApiFault) return { Error: { Code: err.code, Message: err.message } };
            return { Error: { Code: "InternalError", Message: `${(err as Error).message} (${requestId})` } };
        }
    }
}
