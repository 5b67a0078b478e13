import WebSocket from "ws";
import { CloseCode } from "../protocol";

/**
 * Close reasons for the closes that `ws` itself performs when the receiver rejects a frame (it
 * passes only a code). Every close at the client edge then says why.
 */
const defaultReasons: Record<number, string> = {
    [CloseCode.MalformedFrame]: "protocol error: invalid WebSocket frame",
    [CloseCode.InvalidUtf8]: "invalid UTF-8 in a text frame",
    [CloseCode.TooBig]: "frame exceeds the gateway's MAX_FRAME_BYTES",
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
