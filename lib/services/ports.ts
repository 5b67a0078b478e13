import net from "node:net";

/**
 * Ports handed out by this process, most recent last. The OS may offer a port again as soon as it is
 * released, so two calls in a row (a service's gRPC and admin ports) could get the same one before
 * either is bound; a port handed out recently is asked for again instead.
 */
const recent = new Set<number>();
const recentMax = 4096;

function osPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

/** A port that was free a moment ago (the OS picked it) and not handed out before by this process; callers retry on collision. */
export async function freePort(): Promise<number> {
    for (;;) {
        const port = await osPort();
        if (recent.has(port)) continue;
        recent.add(port);
        if (recent.size > recentMax) recent.delete(recent.values().next().value as number);
        return port;
    }
}
