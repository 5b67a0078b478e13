// The baselines of bench/gateway.ts: a bare `ws` server on 127.0.0.1. ECHO_FANOUT=1 (default)
// sends every binary frame straight back; ECHO_FANOUT=N puts connections in groups of N (in
// connection order) and sends every frame to its sender first, then to the rest of the group, as a
// room does with a shake. Prints `listening <port>` once ready.
import { WebSocketServer, type WebSocket } from "ws";

const fanout = Number(process.env.ECHO_FANOUT ?? "1");
if (!Number.isInteger(fanout) || fanout < 1) {
    process.stderr.write(`echo-server: ECHO_FANOUT: ${JSON.stringify(process.env.ECHO_FANOUT)} is not a positive integer; set it to e.g. 4\n`);
    process.exit(1);
}

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
let group: WebSocket[] = [];
wss.on("connection", (ws) => {
    if (fanout === 1) {
        ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
        return;
    }
    if (group.length === fanout) group = [];
    const peers = group;
    peers.push(ws);
    ws.on("message", (data, isBinary) => {
        ws.send(data, { binary: isBinary });
        for (const p of peers) if (p !== ws && p.readyState === p.OPEN) p.send(data, { binary: isBinary });
    });
});
wss.on("listening", () => {
    const addr = wss.address();
    if (addr !== null && typeof addr === "object") process.stdout.write(`listening ${addr.port}\n`);
});
process.on("SIGTERM", () => wss.close(() => process.exit(0)));
