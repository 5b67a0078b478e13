import { strict as assert } from "node:assert";
import { Writable } from "node:stream";
import { createLogger, redactedText } from "../../../services/shared/logger";

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
        write(chunk: Buffer, _enc, cb) {
            for (const l of chunk.toString().split("\n")) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
            cb();
        },
    });
    return { lines, stream };
}

describe("createLogger", () => {
    describe("#redaction", () => {
        it("must redact password, token and key fields at any depth", () => {
            const { lines, stream } = capture();
            const log = createLogger({ name: "t", destination: stream });
            log.info({ password: "p", cfg: { JWT_KEY: "k", nested: { token: "t", ok: 1 } }, REDIS_PASSWORD: "x" }, "m");
            assert.deepEqual(
                [lines[0].password, lines[0].cfg, lines[0].REDIS_PASSWORD],
                [redactedText, { JWT_KEY: redactedText, nested: { token: redactedText, ok: 1 } }, redactedText],
            );
        });
        it("must redact secrets in child bindings", () => {
            const { lines, stream } = capture();
            createLogger({ name: "t", destination: stream }).child({ apiKey: "s" }).info("m");
            assert.equal(lines[0].apiKey, redactedText);
        });
        it("must keep ordinary fields and the message", () => {
            const { lines, stream } = capture();
            createLogger({ name: "room", destination: stream }).warn({ room: "r1" }, "hello");
            assert.deepEqual([lines[0].name, lines[0].room, lines[0].msg, lines[0].level], ["room", "r1", "hello", 40]);
        });
    });
});
