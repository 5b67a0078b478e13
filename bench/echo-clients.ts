// Closed-loop clients for the echo baseline: each sends one frame, waits for it to come back,
// pauses `thinkMs`, and repeats until told to stop.
import WebSocket from "ws";
import { Cmd, encodeFrame } from "../services/protocol";

export interface EchoRun {
  latenciesMs: number[];
  messages: number;
}

export async function runEchoClients(url: string, clients: number, thinkMs: number, durationMs: number): Promise<EchoRun> {
  const frame = encodeFrame(Cmd.DICE_SHAKE);
  const sockets = await Promise.all(
    Array.from({ length: clients }, () => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      return new Promise<WebSocket>((resolve, reject) => {
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
      });
    }),
  );
  const run: EchoRun = { latenciesMs: [], messages: 0 };
  let running = true;
  for (const ws of sockets) {
    let t0 = 0;
    const send = () => {
      if (!running) return;
      t0 = performance.now();
      ws.send(frame);
      run.messages++;
    };
    ws.on("message", () => {
      run.latenciesMs.push(performance.now() - t0);
      run.messages++;
      setTimeout(send, thinkMs * (0.5 + Math.random()));
    });
    // Spread the first sends over one think period, like players who sat down at different times.
    setTimeout(send, Math.random() * thinkMs);
  }
  await new Promise((r) => setTimeout(r, durationMs));
  running = false;
  await Promise.all(
    sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once("close", () => resolve()), ws.close())))),
  );
  return run;
}
