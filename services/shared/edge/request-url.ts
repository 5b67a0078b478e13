import type http from "node:http";

/** The answer to an upgrade request whose target is not a URL. */
export const badRequestResponse = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";

/**
 * The request target as a URL, or undefined when it is none: `new URL` throws on a target such as
 * `//[`, and a throw in an upgrade handler ends the whole process, so every edge parses here and
 * answers 400 to that one socket.
 */
export function requestUrl(req: http.IncomingMessage): URL | undefined {
    try {
        return new URL(req.url ?? "/", "http://edge");
    } catch {
        return undefined;
    }
}
