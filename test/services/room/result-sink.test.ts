import { strict as assert } from "node:assert";
import type { ResultEntry } from "../../../services/directory";
import { createLogger } from "../../../services/shared/logger";
import { ResultSink } from "../../../services/room/result-sink";
import { Writable } from "node:stream";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const entry = (round: number): ResultEntry => ({ id: `round-${round}`, room: "r", round, server: "s", settledAt: round, winners: [], dice: new Map() });

describe("ResultSink", () => {
    describe("#retry", () => {
        it("must retry a failed append until it succeeds, in order, without losing an entry", async () => {
            const written: number[] = [];
            let failures = 3;
            const sink = new ResultSink({
                log,
                backoffMs: 1,
                append: async (e) => {
                    if (failures-- > 0) throw new Error("redis down");
                    written.push(e.round);
                },
            });
            sink.push(entry(1));
            sink.push(entry(2));
            assert.equal(await sink.flush(5_000), true);
            assert.deepEqual([written, sink.failures, sink.pending], [[1, 2], 3, 0]);
        });
    });
    describe("#refused", () => {
        it("must drop an entry the directory refused (a fenced, stale owner) without retrying it, and report it", async () => {
            const calls: number[] = [];
            const refused: number[] = [];
            const sink = new ResultSink({
                log,
                backoffMs: 1,
                append: async (e) => {
                    calls.push(e.round);
                    return e.round === 1 ? { ok: false, code: "fenced", reason: "another server claimed the room" } : { ok: true };
                },
                onRefused: (e, r) => refused.push(e.round, r.code === "fenced" ? 1 : 0),
            });
            sink.push(entry(1));
            sink.push(entry(2));
            assert.equal(await sink.flush(5_000), true);
            assert.deepEqual([calls, refused, sink.failures, sink.pending], [[1, 2], [1, 1], 0, 0]);
        });
    });
    describe("#flush", () => {
        it("must resolve true at once when nothing is pending", async () => {
            const sink = new ResultSink({ log, append: async () => undefined });
            assert.equal(await sink.flush(1), true);
        });
        it("must resolve false at the deadline and keep the unwritten entries", async () => {
            const sink = new ResultSink({ log, backoffMs: 1, maxBackoffMs: 5, append: () => Promise.reject(new Error("down")) });
            sink.push(entry(7));
            assert.equal(await sink.flush(50), false);
            assert.deepEqual(
                sink.unwritten().map((e) => e.round),
                [7],
            );
        });
        it("must stop retrying once closed, keeping what is unwritten", async () => {
            let calls = 0;
            const sink = new ResultSink({
                log,
                backoffMs: 1,
                maxBackoffMs: 1,
                append: () => {
                    calls++;
                    return Promise.reject(new Error("down"));
                },
            });
            sink.push(entry(3));
            assert.equal(await sink.flush(30), false);
            await sink.close();
            const after = calls;
            // A retry loop still running would append again within this flush's 30 ms (backoff 1 ms).
            assert.deepEqual([await sink.flush(30), calls, sink.unwritten().map((e) => e.round)], [false, after, [3]]);
        });
        it("must retry at once when flushed during a long backoff", async () => {
            let calls = 0;
            const sink = new ResultSink({
                log,
                backoffMs: 60_000,
                append: async () => {
                    if (calls++ === 0) throw new Error("blip");
                },
            });
            sink.push(entry(1));
            await new Promise((r) => setImmediate(r));
            assert.equal(await sink.flush(2_000), true);
        });
    });
});
