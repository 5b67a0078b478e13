// The room server's loopback-only admin port (LOCAL_ADMIN_PORT, 127.0.0.1): what only the pod itself
// may ask. GET /state is what the okg state probe prints; POST /rules/reload re-reads the rules file now
// (the directory watch does it too; this is for a sidecar or an operator with `kubectl exec`).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RoomServerState } from "./desired-version";
import type { ReloadResult } from "./rules/rules-source";

export interface LocalAdminOptions {
    port: number;
    state: () => { state: RoomServerState; rooms: number; version: string; desiredVersion: string | undefined; rulesVersion: string };
    reloadRules: () => Promise<ReloadResult>;
}

export interface LocalAdmin {
    port: number;
    close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" }).end(`${JSON.stringify(body)}\n`);
}

export async function startLocalAdmin(opts: LocalAdminOptions): Promise<LocalAdmin> {
    const server = http.createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        if (path === "/state" && req.method === "GET") return json(res, 200, opts.state());
        if (path === "/rules/reload" && req.method === "POST") {
            opts.reloadRules().then(
                (r) => json(res, r.ok ? 200 : 422, r),
                (err: Error) => json(res, 500, { ok: false, reason: err.message }),
            );
            return;
        }
        if (path === "/state" || path === "/rules/reload") return json(res, 405, { reason: `${req.method} is not allowed on ${path}` });
        json(res, 404, { reason: `no ${path}; use GET /state or POST /rules/reload` });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, "127.0.0.1", () => resolve());
    });
    return {
        port: (server.address() as AddressInfo).port,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
