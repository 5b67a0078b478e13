// One stand-in per suite, the connection inputs that point the real SDK at it, and the progress lines
// the providers wrote.
import { progress } from "../../../../components/tencentcloud/providers/resource";
import { defaultSettle } from "./state";
import { standInCredentials, TencentStandIn } from "./server";

export interface StandInContext {
    api: TencentStandIn;
    /** Connection inputs: region, the stand-in's credentials and endpoint, fast polling. */
    conn: { region: string; credentials: { secretId: string; secretKey: string }; endpoint: string; timing: Record<string, number> };
    /** Progress lines the providers wrote since the test began. */
    lines: string[];
}

/** Starts a stand-in before the suite and stops it after; each test starts with no calls and no lines recorded. */
export function useStandIn(): StandInContext {
    const ctx = { lines: [] as string[] } as StandInContext;
    const write = progress.write;
    before(async () => {
        ctx.api = await new TencentStandIn().start();
        ctx.conn = {
            region: "ap-guangzhou",
            credentials: { ...standInCredentials },
            endpoint: ctx.api.endpoint,
            timing: { pollMs: 5, timeoutMs: 3000, retryMs: 5, retries: 3 },
        };
        progress.write = (line: string) => ctx.lines.push(line);
    });
    beforeEach(() => {
        ctx.api.reset();
        Object.assign(ctx.api.state.settle, defaultSettle);
        ctx.lines.length = 0;
    });
    after(async () => {
        progress.write = write;
        await ctx.api.stop();
    });
    return ctx;
}

/** Runs `fn`, which must reject; returns the error's message. */
export async function rejection(fn: () => Promise<unknown>): Promise<string> {
    try {
        await fn();
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected a rejection");
}
