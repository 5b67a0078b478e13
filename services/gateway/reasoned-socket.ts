import WebSocket from "ws";

/**
 * Close reasons for the closes that `ws` itself performs when the receiver rejects a frame (it
 * passes only a code). Every close at the client edge then says why.
 */
const defaultReasons: Record<number, string> = {
    1002: "protocol error: invalid WebSocket frame",
    1007: "invalid UTF-8 in a text frame",
    1009: "frame exceeds the gateway's MAX_FRAME_BYTES",
};

export class ReasonedWebSocket extends WebSocket {
    override close(code?: number, data?: string | Buffer): void {
        if (code !== undefined && (data === undefined || data.length === 0) && defaultReasons[code] !== undefined) {
            super.close(code, defaultReasons[code]);
            return;
        }
        super.close(code, data);
    }
}
