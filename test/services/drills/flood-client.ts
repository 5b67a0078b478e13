// A hostile WebSocket client on a raw TCP socket: it completes the upgrade, then never reads its
// socket while it writes ping frames as fast as TCP takes them. `ws` cannot be used for this: it
// always reads (and answers) what arrives. Reading resumes only in closeFrame(), to find the
// close frame the gateway queued behind everything it had sent.
import { randomBytes } from "node:crypto";
import net from "node:net";

/** A masked ping frame (client frames must be masked) with a 125-byte payload, the largest a control frame may carry. */
function pingFrame(): Buffer {
    const payload = randomBytes(125);
    const mask = randomBytes(4);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    return Buffer.concat([Buffer.from([0x89, 0x80 | 125]), mask, masked]);
}

/** 500 pings per write: the flood costs this process one syscall per 64 KiB. */
const burst = Buffer.concat(Array.from({ length: 500 }, pingFrame));
const pingsPerBurst = 500;

export interface CloseFrame {
    /** 1006 when the connection ended without a close frame. */
    code: number;
    reason: string;
}

export class PingFlooder {
    pingsSent = 0;
    private flooding = false;
    private ended = false;

    private constructor(private readonly socket: net.Socket) {
        socket.on("error", () => undefined); // a reset is how a cut connection shows; closeFrame() reports it
        socket.once("close", () => (this.ended = true));
    }

    /** Opens the socket and completes the WebSocket upgrade; rejects unless the answer is 101. */
    static async connect(url: string, token: string): Promise<PingFlooder> {
        const u = new URL(url);
        const socket = net.connect(Number(u.port), u.hostname);
        await new Promise<void>((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("error", reject);
        });
        socket.write(
            `GET /?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
                `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
        const head = await new Promise<string>((resolve, reject) => {
            let got = "";
            const onData = (d: Buffer) => {
                got += d.toString("latin1");
                if (!got.includes("\r\n\r\n")) return;
                socket.off("data", onData);
                // Anything after the header belongs to the WebSocket stream; keep it for closeFrame().
                const rest = got.slice(got.indexOf("\r\n\r\n") + 4);
                if (rest.length > 0) socket.unshift(Buffer.from(rest, "latin1"));
                resolve(got);
            };
            socket.on("data", onData);
            socket.once("error", reject);
        });
        socket.pause();
        if (!head.startsWith("HTTP/1.1 101")) throw new Error(`upgrade refused: ${head.split("\r\n")[0]}`);
        return new PingFlooder(socket);
    }

    get isEnded(): boolean {
        return this.ended;
    }

    /** Writes pings whenever the socket takes them, until stop() or the connection ends. */
    start(): void {
        this.flooding = true;
        const pump = (): void => {
            while (this.flooding && !this.ended) {
                this.pingsSent += pingsPerBurst;
                if (!this.socket.write(burst)) {
                    this.socket.once("drain", pump);
                    return;
                }
            }
        };
        pump();
    }

    stop(): void {
        this.flooding = false;
    }

    /**
     * Starts reading: skips every frame (the pongs) up to the close frame and returns its code and
     * reason, or 1006 when the connection ends without one.
     */
    closeFrame(timeoutMs = 10_000): Promise<CloseFrame> {
        this.stop();
        if (this.ended) return Promise.resolve({ code: 1006, reason: "connection ended before reading started" });
        return new Promise((resolve) => {
            let buf: Buffer = Buffer.alloc(0);
            const done = (f: CloseFrame) => {
                clearTimeout(timer);
                this.socket.off("data", onData);
                this.socket.destroy();
                resolve(f);
            };
            const timer = setTimeout(() => done({ code: 1006, reason: `no close frame within ${timeoutMs} ms` }), timeoutMs);
            const onData = (d: Buffer) => {
                buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
                for (;;) {
                    const frame = nextFrame(buf);
                    if (frame === undefined) return;
                    buf = buf.subarray(frame.end);
                    if (frame.opcode === 0x8) {
                        const p = frame.payload;
                        return done({ code: p.length >= 2 ? p.readUInt16BE(0) : 1005, reason: p.subarray(2).toString("utf8") });
                    }
                }
            };
            this.socket.on("data", onData);
            this.socket.once("close", () => done({ code: 1006, reason: "connection ended without a close frame" }));
            this.socket.resume();
        });
    }

    destroy(): void {
        this.stop();
        this.socket.destroy();
    }
}

/** One unmasked server frame at the start of `buf`, or undefined until it is complete. */
function nextFrame(buf: Buffer): { opcode: number; payload: Buffer; end: number } | undefined {
    if (buf.length < 2) return undefined;
    let len = buf[1]! & 0x7f;
    let at = 2;
    if (len === 126) {
        if (buf.length < 4) return undefined;
        len = buf.readUInt16BE(2);
        at = 4;
    } else if (len === 127) {
        if (buf.length < 10) return undefined;
        len = Number(buf.readBigUInt64BE(2));
        at = 10;
    }
    if (buf.length < at + len) return undefined;
    return { opcode: buf[0]! & 0x0f, payload: buf.subarray(at, at + len), end: at + len };
}
