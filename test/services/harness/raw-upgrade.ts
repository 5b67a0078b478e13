// A WebSocket upgrade request with any request target, sent as raw bytes (a client library would
// refuse a target that is not a URL): resolves with the status line the server answers.
import net from "node:net";

export function rawUpgrade(url: string, target: string): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
        let got = "";
        const socket = net.connect(Number(port), hostname, () =>
            socket.write(
                `GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            ),
        );
        socket.on("data", (d: Buffer) => (got += d.toString()));
        socket.on("error", reject);
        socket.on("close", () => resolve(got.split("\r\n")[0] ?? ""));
    });
}
