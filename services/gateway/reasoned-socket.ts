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

/**
 * The listener table every client socket starts with: one slot per event ClientConnection listens
 * to, all empty. EventEmitter's own table is a null-prototype object that V8 keeps in dictionary
 * mode, about 300 bytes per socket once it has listeners; this one is an ordinary object with its
 * prototype set to null afterwards, which V8 keeps in fast mode (about 60 bytes; Node's streams
 * likewise start theirs as an ordinary object). EventEmitter reads an `undefined` slot as "no
 * listener" and counts none (`_eventsCount` stays 0); only `eventNames()` would list the empty
 * slots, and nothing here calls it.
 */
function listenerTable(): object {
    const table = { close: undefined, error: undefined, message: undefined, ping: undefined, pong: undefined };
    Object.setPrototypeOf(table, null);
    return table;
}

export class ReasonedWebSocket extends WebSocket {
    // ws's own overloads, passed through unchanged (the server makes its sockets with `(null, undefined, options)`).
    constructor(...args: unknown[]) {
        super(...(args as ConstructorParameters<typeof WebSocket>));
        (this as unknown as { _events: object })._events = listenerTable();
    }

    override close(code?: number, data?: string | Buffer): void {
        if (code !== undefined && (data === undefined || data.length === 0) && defaultReasons[code] !== undefined) {
            super.close(code, defaultReasons[code]);
            return;
        }
        super.close(code, data);
    }
}
