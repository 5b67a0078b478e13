import type WebSocket from "ws";
import { clientCommands, CloseCode, Cmd, decodeFrame, encode, encodeFrame, Err, unknownCommandReason } from "../protocol";
import type { GatewayMetrics } from "./metrics";
import { RateLimiter } from "./rate-limit";
import type { Session } from "./session";
import type { Corkable, WriteBatcher } from "./write-batch";

export interface ConnectionLimits {
  maxFrameBytes: number;
  maxMsgsPerSec: number;
}

/**
 * The framing edge of one authenticated client: binary frames only, at least the 4-byte command,
 * at most MAX_FRAME_BYTES, at most MAX_MSGS_PER_SEC, only client commands; any violation closes THIS
 * connection with a code and a reason and nothing else. Valid frames go to the session; the session's output goes
 * back as binary frames. Liveness is a ping per interval: no pong since the last ping → terminate.
 */
export class ClientConnection {
  private alive = true;
  private closing = false;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly ws: WebSocket,
    private readonly session: Session,
    private readonly limits: ConnectionLimits,
    private readonly metrics: GatewayMetrics,
    /** Merges this client's writes per event-loop turn; absent = one write per frame. */
    private readonly batch?: { batcher: WriteBatcher; socket: Corkable },
  ) {
    this.limiter = new RateLimiter(limits.maxMsgsPerSec);
    ws.on("message", (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on("pong", () => {
      this.alive = true;
    });
    ws.on("error", () => undefined); // ws closes the socket itself; the close event does the bookkeeping
  }

  /** Sends one frame to the client if the socket is still open. */
  send(frame: Uint8Array): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    this.metrics.messagesOut.inc();
    if (this.batch !== undefined) this.batch.batcher.hold(this.batch.socket);
    this.ws.send(frame, { binary: true });
  }

  /** Called by the heartbeat timer; returns false when the connection was terminated. */
  heartbeat(): boolean {
    if (!this.alive) {
      this.ws.terminate();
      return false;
    }
    this.alive = false;
    this.ws.ping();
    return true;
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.session.close();
    this.ws.close(code, reason);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    this.metrics.messagesIn.inc();
    if (!isBinary) {
      this.close(CloseCode.TextFrame, "text frames are not allowed; send binary frames");
      return;
    }
    if (!this.limiter.take()) {
      this.close(CloseCode.Policy, `rate limit: more than ${this.limits.maxMsgsPerSec} messages per second`);
      return;
    }
    const frame = decodeFrame(data, { maxBytes: this.limits.maxFrameBytes });
    if (!frame.ok) {
      this.close(frame.code, frame.reason);
      return;
    }
    if (!clientCommands.has(frame.cmd)) {
      // Checked here, not in the room: the same answer idle or seated, and a room never sees it.
      // The protocol's own error first, so a client that logs ErrorResponse sees why it was closed.
      this.send(encodeFrame(Cmd.ERROR, encode.error(Err.UNKNOWN_COMMAND, `unknown command ${frame.cmd}`)));
      this.close(CloseCode.Policy, unknownCommandReason(frame.cmd));
      return;
    }
    this.session.onClientFrame(frame.cmd, frame.payload);
  }
}
