// The stand-in checks what the real API checks, and the providers' API layer maps what comes back:
// a wrong key is refused by signature, throttling is retried with back-off, every error names the API
// code, the request id and the fix, and a missing credential says where to set it.
import { strict as assert } from "node:assert";
import * as http from "node:http";
import { adviceFor, connect } from "../../../components/tencentcloud/providers/api";
import { standInCredentials } from "./stand-in/server";
import { tc3Signature } from "./stand-in/signature";
import { rejection, useStandIn } from "./stand-in/fixture";

/** Posts a DescribeVpcs request signed with `secretKey`; `tamper` changes the body after signing. */
function rawRequest(endpoint: string, secretKey: string, tamper = false): Promise<any> {
    const url = new URL(endpoint);
    const body = JSON.stringify({ VpcIds: ["vpc-1"] });
    const timestamp = Math.floor(Date.now() / 1000);
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const signature = tc3Signature({ secretKey, service: "127", timestamp, contentType: "application/json", host: url.hostname, body });
    const sent = tamper ? body.replace("vpc-1", "vpc-2") : body;
    return new Promise((resolve, reject) => {
        const req = http.request(
            {
                host: url.hostname,
                port: url.port,
                method: "POST",
                path: "/",
                headers: {
                    "content-type": "application/json",
                    "x-tc-action": "DescribeVpcs",
                    "x-tc-version": "2017-03-12",
                    "x-tc-timestamp": String(timestamp),
                    authorization: `TC3-HMAC-SHA256 Credential=${standInCredentials.secretId}/${date}/127/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
                },
            },
            (res) => {
                let text = "";
                res.on("data", (c) => (text += c));
                res.on("end", () => resolve(JSON.parse(text).Response));
            },
        );
        req.on("error", reject);
        req.end(sent);
    });
}

describe("tencentcloud API layer against the stand-in", () => {
    const t = useStandIn();
    const settings = () => ({ region: "ap-guangzhou", ...t.conn.credentials, endpoint: t.conn.endpoint, timing: t.conn.timing });
    const log = (line: string) => t.lines.push(line);

    it("must accept the real SDK's signature and refuse a wrong key", async () => {
        const ok = await connect(settings(), log).call("vpc", "DescribeVpcs", {});
        assert.equal(typeof ok.RequestId, "string");
        const message = await rejection(() => connect({ ...settings(), secretKey: "not-the-key" }, log).call("vpc", "DescribeVpcs", {}));
        assert.match(
            message,
            /^tencentcloud vpc:DescribeVpcs failed in ap-guangzhou: AuthFailure\.SignatureFailure: The provided credentials could not be validated\. \(request id stand-in-\d+\); check the credentials: tencentcloud:secretId \/ tencentcloud:secretKey/,
        );
        assert.deepEqual(t.api.refused, ["AuthFailure.SignatureFailure"]);
        assert.deepEqual(t.api.calls, [t.api.calls[0]], "the refused request ran no action");
    });

    it("must verify the signature over the body: a request changed after signing is refused", async () => {
        assert.equal((await rawRequest(t.conn.endpoint, standInCredentials.secretKey)).Error, undefined);
        assert.equal((await rawRequest(t.conn.endpoint, standInCredentials.secretKey, true)).Error.Code, "AuthFailure.SignatureFailure");
        assert.equal((await rawRequest(t.conn.endpoint, "wrong")).Error.Code, "AuthFailure.SignatureFailure");
    });

    it("must retry a throttled call with back-off and log it", async () => {
        t.api.throttle("DescribeVpcs", 2);
        await connect(settings(), log).call("vpc", "DescribeVpcs", {});
        assert.deepEqual(t.api.actions(), ["vpc:DescribeVpcs", "vpc:DescribeVpcs", "vpc:DescribeVpcs"]);
        assert.deepEqual(t.lines, [
            "vpc:DescribeVpcs throttled (RequestLimitExceeded); retrying in 5 ms",
            "vpc:DescribeVpcs throttled (RequestLimitExceeded); retrying in 10 ms",
        ]);
    });

    it("must give up after its retries, saying what to do", async () => {
        t.api.throttle("DescribeVpcs", 10);
        const message = await rejection(() => connect(settings(), log).call("vpc", "DescribeVpcs", {}));
        assert.match(message, /: RequestLimitExceeded: .* \(request id stand-in-\d+\); the API kept throttling; wait a minute and run `pulumi up` again$/);
        assert.equal(t.api.calls.length, 4, "one call and three retries");
    });

    it("must say where to set credentials when there are none", () => {
        const saved = { id: process.env.TENCENTCLOUD_SECRET_ID, key: process.env.TENCENTCLOUD_SECRET_KEY };
        delete process.env.TENCENTCLOUD_SECRET_ID;
        delete process.env.TENCENTCLOUD_SECRET_KEY;
        try {
            assert.throws(() => connect({ region: "ap-guangzhou" }, log), {
                message:
                    "tencentcloud: no credentials; set them with `pulumi config set --secret tencentcloud:secretId <id>` and `pulumi config set --secret tencentcloud:secretKey <key>`, or export TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
            });
        } finally {
            if (saved.id !== undefined) process.env.TENCENTCLOUD_SECRET_ID = saved.id;
            if (saved.key !== undefined) process.env.TENCENTCLOUD_SECRET_KEY = saved.key;
        }
    });

    it("must read the credentials and endpoint from the standard environment variables", async () => {
        const saved = { ...process.env };
        Object.assign(process.env, {
            TENCENTCLOUD_SECRET_ID: standInCredentials.secretId,
            TENCENTCLOUD_SECRET_KEY: standInCredentials.secretKey,
            TENCENTCLOUD_API_ENDPOINT: t.conn.endpoint,
        });
        try {
            await connect({ region: "ap-guangzhou" }, log).call("tke", "DescribeClusters", {});
            assert.deepEqual(t.api.actions(), ["tke:DescribeClusters"]);
        } finally {
            for (const key of ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_API_ENDPOINT"]) {
                if (saved[key] === undefined) delete process.env[key];
                else process.env[key] = saved[key];
            }
        }
    });

    it("must end every mapped error with what to do", () => {
        for (const code of [
            "AuthFailure.SecretIdNotFound",
            "LimitExceeded.ClusterQuota",
            "InvalidParameter.CidrConflict",
            "ResourceNotFound",
            "ResourceInUse",
            "InternalError",
        ]) {
            assert.match(adviceFor(code), /\b(check|raise|run|retry|see)\b/, code);
        }
    });
});
