// The Tencent Cloud API as the dynamic providers use it: one client per product from the official SDK,
// calls retried while throttled (RequestLimitExceeded), errors mapped to one message that names the API
// code, the request id and what to do, and bounded polling of asynchronous states with progress lines.
// Runs inside the dynamic provider (its functions are serialized), so the SDK is loaded inside `connect`
// and nothing here imports @pulumi/pulumi or captures a secret.

type Product = "vpc" | "tke" | "clb" | "tcr";

/** How a provider reaches the API: region, credentials (else the standard environment variables), endpoint. */
export interface ApiSettings {
    region: string;
    secretId?: string;
    secretKey?: string;
    /** `http://127.0.0.1:8443` or `https://host`: every product at this endpoint (a stand-in); default: the product's own domain. */
    endpoint?: string;
    /** Polling and retry timing; the defaults suit the real API (tests shorten them). */
    timing?: Partial<Timing>;
}

interface Timing {
    /** Between two polls of an asynchronous state. */
    pollMs: number;
    /** Longest wait for one asynchronous state (a TKE cluster takes 5 to 10 minutes). */
    timeoutMs: number;
    /** First back-off after RequestLimitExceeded; doubles each time. */
    retryMs: number;
    /** Calls made while throttled before giving up. */
    retries: number;
}

const defaultTiming: Timing = { pollMs: 10_000, timeoutMs: 20 * 60_000, retryMs: 1_000, retries: 6 };

export interface Api {
    call<T = Record<string, any>>(product: Product, action: string, request: Record<string, unknown>): Promise<T>;
    /** Polls `check` until it reports done; logs each new state; throws after `timing.timeoutMs`. */
    waitFor(what: string, check: () => Promise<{ done: boolean; state: string }>): Promise<void>;
    log(message: string): void;
}

/** A Tencent Cloud API error with its code and request id, and the message the user sees. */
class TencentCloudApiError extends Error {
    constructor(
        message: string,
        readonly code: string,
        readonly requestId: string,
    ) {
        super(message);
        this.name = "TencentCloudApiError";
    }
}

/** What to do about an API error code: the last part of every message. */
export function adviceFor(code: string): string {
    if (code.startsWith("AuthFailure")) {
        return "check the credentials: tencentcloud:secretId / tencentcloud:secretKey (pulumi config set --secret) or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, and that the key may call this API (CAM policy)";
    }
    if (code.startsWith("RequestLimitExceeded")) return "the API kept throttling; wait a minute and run `pulumi up` again";
    if (code.startsWith("LimitExceeded") || code.startsWith("ResourceInsufficient") || code.includes("Quota")) {
        return "a quota or stock limit of the account or zone was reached; raise the quota in the console or pick another instance type or zone";
    }
    if (code.startsWith("InvalidParameter") || code.startsWith("MissingParameter") || code.startsWith("UnsupportedOperation")) {
        return "the request was refused as built from the stack config; check the gameops:network / cluster / registry values named above";
    }
    if (code.startsWith("ResourceNotFound") || code.startsWith("InvalidVpcId") || code.startsWith("ResourceUnavailable")) {
        return "it no longer exists as the state says; run `pulumi refresh` and then `pulumi up`";
    }
    if (code.startsWith("ResourceInUse"))
        return "something still uses it (delete in order: zones, node pools, cluster, CLBs, subnets, VPC); retry after it is gone";
    return "see the error code in the Tencent Cloud API documentation, fix the cause and run `pulumi up` again";
}

/** Resolves settings against the environment (credentials, endpoint) without keeping the secret anywhere else. */
function credentialsOf(settings: ApiSettings): { secretId: string; secretKey: string } {
    const secretId = settings.secretId ?? process.env.TENCENTCLOUD_SECRET_ID;
    const secretKey = settings.secretKey ?? process.env.TENCENTCLOUD_SECRET_KEY;
    if (!secretId || !secretKey) {
        throw new Error(
            "tencentcloud: no credentials; set them with `pulumi config set --secret tencentcloud:secretId <id>` and `pulumi config set --secret tencentcloud:secretKey <key>`, or export TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
        );
    }
    return { secretId, secretKey };
}

function loadClient(product: Product): new (config: Record<string, unknown>) => Record<string, (req: unknown) => Promise<any>> {
    switch (product) {
        case "vpc":
            return require("tencentcloud-sdk-nodejs/tencentcloud/services/vpc").vpc.v20170312.Client;
        case "tke":
            return require("tencentcloud-sdk-nodejs/tencentcloud/services/tke").tke.v20180525.Client;
        case "clb":
            return require("tencentcloud-sdk-nodejs/tencentcloud/services/clb").clb.v20180317.Client;
        case "tcr":
            return require("tencentcloud-sdk-nodejs/tencentcloud/services/tcr").tcr.v20190924.Client;
    }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An Api for one provider operation. `log` receives progress lines (the Pulumi log in a real run). */
export function connect(settings: ApiSettings, log: (message: string) => void): Api {
    const timing: Timing = { ...defaultTiming, ...settings.timing };
    const credential = credentialsOf(settings);
    const endpoint = settings.endpoint ?? process.env.TENCENTCLOUD_API_ENDPOINT;
    const clients = new Map<Product, Record<string, (req: unknown) => Promise<any>>>();
    const clientOf = (product: Product) => {
        let client = clients.get(product);
        if (!client) {
            const Client = loadClient(product);
            const match = endpoint ? /^(https?:\/\/)(.+)$/.exec(endpoint) : null;
            const httpProfile = match ? { protocol: match[1], endpoint: match[2], reqTimeout: 30 } : { reqTimeout: 30 };
            client = new Client({ credential, region: settings.region, profile: { httpProfile } });
            clients.set(product, client);
        }
        return client;
    };

    async function call<T>(product: Product, action: string, request: Record<string, unknown>): Promise<T> {
        let delay = timing.retryMs;
        for (let attempt = 0; ; attempt++) {
            try {
                return (await clientOf(product)[action](request)) as T;
            } catch (err) {
                const e = err as { code?: string; requestId?: string; message?: string };
                const code = e.code ?? "";
                if (code.startsWith("RequestLimitExceeded") && attempt < timing.retries) {
                    log(`${product}:${action} throttled (RequestLimitExceeded); retrying in ${delay} ms`);
                    await sleep(delay);
                    delay *= 2;
                    continue;
                }
                const requestId = e.requestId ?? "";
                const what = code
                    ? `${code}: ${e.message ?? ""}`
                    : `${e.message ?? String(err)} (no API response; check the network and TENCENTCLOUD_API_ENDPOINT)`;
                throw new TencentCloudApiError(
                    `tencentcloud ${product}:${action} failed in ${settings.region}: ${what}${requestId ? ` (request id ${requestId})` : ""}; ${adviceFor(code)}`,
                    code,
                    requestId,
                );
            }
        }
    }

    async function waitFor(what: string, check: () => Promise<{ done: boolean; state: string }>): Promise<void> {
        const started = Date.now();
        let last = "";
        for (;;) {
            const { done, state } = await check();
            const seconds = Math.round((Date.now() - started) / 1000);
            if (state !== last) log(`${what}: ${state} (${seconds} s)`);
            last = state;
            if (done) return;
            if (Date.now() - started >= timing.timeoutMs) {
                throw new Error(
                    `tencentcloud: ${what} is still ${state} after ${seconds} s; run \`pulumi up\` again: it finds the resource by its name and tags and waits for it instead of creating another`,
                );
            }
            await sleep(timing.pollMs);
        }
    }

    return { call, waitFor, log };
}

/** Tencent tags (`Key`/`Value`) from a map, sorted so requests are stable. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
    return Object.entries(tags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([Key, Value]) => ({ Key, Value }));
}

/** Whether a described resource carries every one of `tags` (how a retried create recognises its own resource). */
export function hasTags(found: { Key?: string; Value?: string; TagKey?: string; TagValue?: string }[] | undefined, tags: Record<string, string>): boolean {
    const have = new Map((found ?? []).map((t) => [t.Key ?? t.TagKey, t.Value ?? t.TagValue]));
    return Object.entries(tags).every(([k, v]) => have.get(k) === v);
}
