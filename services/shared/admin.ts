// The admin port: liveness, readiness (driven by the service's own state) and Prometheus metrics.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface AdminOptions {
    port: number;
    host?: string;
    /** Readiness, asked on every /readyz. */
    ready: () => boolean;
    registry: Registry;
}

export interface AdminServer {
    port: number;
    close(): Promise<void>;
}

export async function startAdmin(opts: AdminOptions): Promise<AdminServer> {
    const server = http.createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        if (req.method !== "GET") {
            res.writeHead(405, { allow: "GET" }).end();
            return;
        }
        if (path === "/healthz") {
            res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
        } else if (path === "/readyz") {
            const ok = opts.ready();
            res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ready\n" : "not ready\n");
        } else if (path === "/metrics") {
            opts.registry.metrics().then(
                (body) => res.writeHead(200, { "content-type": opts.registry.contentType }).end(body),
                (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(`${err.message}\n`),
            );
        } else {
            res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        }
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
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
