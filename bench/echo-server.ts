// The baseline of bench/gateway.ts: a bare `ws` server on 127.0.0.1 that sends every binary frame
// straight back. Prints `listening <port>` once ready.
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on("listening", () => {
  const addr = wss.address();
  if (addr !== null && typeof addr === "object") process.stdout.write(`listening ${addr.port}\n`);
});
process.on("SIGTERM", () => wss.close(() => process.exit(0)));
