import assert from "node:assert/strict";
import WebSocket from "ws";
import { Cluster, type GatewayProc } from "../../../lib/services/cluster";
import { hsToken, noneToken, rsToken } from "../gateway/tokens";

function closeOf(url: string): Promise<{ code: number; reason: string }> {
    const ws = new WebSocket(url);
    ws.on("error", () => undefined);
    return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe("Gateway process", () => {
    let cluster: Cluster;
    let gw: GatewayProc;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        gw = await cluster.addGateway();
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#auth", () => {
        it("must close 4001 with a reason for a missing token", async () => {
            assert.deepEqual(await closeOf(gw.url), { code: 4001, reason: "missing token query parameter" });
        });

        it("must close 4001 with a reason for a bad signature", async () => {
            const t = await hsToken({ id: 1 }, { key: new TextEncoder().encode("not_the_key") });
            assert.deepEqual(await closeOf(`${gw.url}?token=${t}`), { code: 4001, reason: "invalid token signature" });
        });

        it("must close 4001 with a reason for a wrong algorithm", async () => {
            const expected = { code: 4001, reason: "token algorithm not allowed (HS256/HS384/HS512 only)" };
            assert.deepEqual(await closeOf(`${gw.url}?token=${noneToken({ id: 1 })}`), expected);
            assert.deepEqual(await closeOf(`${gw.url}?token=${await rsToken({ id: 1 })}`), expected);
        });

        it("must close 4001 with a reason for an expired token", async () => {
            const t = await hsToken({ id: 1 }, { expSeconds: -30 });
            assert.deepEqual(await closeOf(`${gw.url}?token=${t}`), { code: 4001, reason: "token expired" });
        });

        it("must report the failures on /metrics", async () => {
            const res = await fetch(`http://127.0.0.1:${gw.adminPort}/metrics`);
            const text = await res.text();
            for (const reason of ["missing", "signature", "algorithm", "expired"]) {
                assert.match(text, new RegExp(`gameops_gateway_auth_failures_total\\{reason="${reason}"\\} [1-9]`));
            }
        });
    });
});
