// Closed-loop clients for the echo baselines: each sends one frame tagged with its own index,
// waits for that frame to come back, pauses `thinkMs`, and repeats until told to stop. Frames of
// other clients (the fan-out baseline relays them) are counted as messages, not as replies.
import WebSocket from "ws";
import { Cmd, encodeFrame } from "../services/protocol";

export interface EchoRun {
    latenciesMs: number[];
    messages: number;
}

/** Opens `clients` sockets; call the returned `run` to measure, then `close`. */
export async function connectEchoClients(url: string, clients: number) {
    const sockets = await Promise.all(
        Array.from({ length: clients }, () => {
            const ws = new WebSocket(url, { perMessageDeflate: false });
            return new Promise<WebSocket>((resolve, reject) => {
                ws.once("open", () => resolve(ws));
                ws.once("error", reject);
            });
        }),
    );
    return {
        run: (thinkMs: number, durationMs: number) => run(sockets, thinkMs, durationMs),
        close: () =>
            Promise.all(
                sockets.map(
                    (ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once("close", () => resolve()), ws.close()))),
                ),
            ),
    };
}

async function run(sockets: WebSocket[], thinkMs: number, durationMs: number): Promise<EchoRun> {
    const result: EchoRun = { latenciesMs: [], messages: 0 };
    let running = true;
    const timers = new Set<NodeJS.Timeout>();
    sockets.forEach((ws, index) => {
        const tag = new Uint8Array(4);
        new DataView(tag.buffer).setUint32(0, index, false);
        const frame = encodeFrame(Cmd.DICE_SHAKE, tag);
        let t0 = 0;
        const later = (ms: number) => {
            const t = setTimeout(() => {
                timers.delete(t);
                send();
            }, ms);
            timers.add(t);
        };
        const send = () => {
            if (!running) return;
            t0 = performance.now();
            ws.send(frame);
            result.messages++;
        };
        ws.on("message", (data: Buffer) => {
            if (!running) return;
            result.messages++;
            if (data.length !== 8 || data.readUInt32BE(4) !== index) return;
            result.latenciesMs.push(performance.now() - t0);
            later(thinkMs * (0.5 + Math.random()));
        });
        // Spread the first sends over one think period, like players who sat down at different times.
        later(Math.random() * thinkMs);
    });
    await new Promise((r) => setTimeout(r, durationMs));
    running = false;
    for (const t of timers) clearTimeout(t);
    for (const ws of sockets) ws.removeAllListeners("message");
    return result;
}
