import { strict as assert } from "node:assert";
import type { ResultEntry } from "../../../services/directory";
import { createLogger } from "../../../services/shared/logger";
import { ResultSink } from "../../../services/room/result-sink";
import { Writable } from "node:stream";

const log = createLogger({ name: "t", level: "silent", destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const entry = (round: number): ResultEntry => ({ id: `round-${round}`, room: "r", round, server: "s", settledAt: round, winners: [], dice: new Map() });

describe("ResultSink", () => {
    describe("#retry", () => {
        it("must retry a failed append until it succeeds, without losing or doubling an entry", async () => {
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
            assert.deepEqual([[...written].sort(), sink.failures, sink.pending], [[1, 2], 2, 0]);
        });
        it("must retry only the entries of a batch that failed, keeping them in order at the head", async () => {
            const calls: number[] = [];
            const failOnce = new Set([2, 4]);
            const sink = new ResultSink({
                log,
                backoffMs: 1,
                lingerMs: 5,
                append: async (e) => {
                    calls.push(e.round);
                    if (failOnce.delete(e.round)) throw new Error("blip");
                },
            });
            for (const r of [1, 2, 3, 4, 5]) sink.push(entry(r));
            assert.equal(await sink.flush(5_000), true);
            assert.deepEqual([calls, sink.failures], [[1, 2, 3, 4, 5, 2, 4], 1]);
        });
    });
    describe("#batch", () => {
        /** An append that resolves only when released, recording how many were in flight at once. */
        function gated() {
            let inFlight = 0;
            const peaks: number[] = [];
            const release: (() => void)[] = [];
            let first!: () => void;
            const started = new Promise<void>((r) => (first = r));
            const append = () =>
                new Promise<void>((resolve) => {
                    inFlight++;
                    peaks.push(inFlight);
                    release.push(() => {
                        inFlight--;
                        resolve();
                    });
                    first();
                });
            return { append, peaks, started, releaseAll: () => release.splice(0).forEach((r) => r()) };
        }
        it("must append the entries pushed within lingerMs as one batch, at once", async () => {
            const g = gated();
            const sink = new ResultSink({ log, lingerMs: 10, append: g.append });
            sink.push(entry(1));
            await new Promise((r) => setImmediate(r));
            sink.push(entry(2));
            sink.push(entry(3));
            await g.started;
            assert.deepEqual(g.peaks, [1, 2, 3], "the first entry waited for the next two; all three in flight together");
            g.releaseAll();
            assert.equal(await sink.flush(5_000), true);
        });
        it("must keep at most `batch` appends in flight", async () => {
            const g = gated();
            const sink = new ResultSink({ log, batch: 2, append: g.append });
            for (const r of [1, 2, 3, 4, 5]) sink.push(entry(r));
            const done = sink.flush(5_000);
            for (let i = 0; i < 3; i++) {
                await new Promise((r) => setImmediate(r));
                g.releaseAll();
            }
            assert.equal(await done, true);
            assert.equal(Math.max(...g.peaks), 2);
        });
        it("must wait lingerMs before a batch goes unless flushed", async () => {
            let calls = 0;
            const sink = new ResultSink({ log, lingerMs: 60_000, append: async () => void calls++ });
            sink.push(entry(1));
            await new Promise((r) => setImmediate(r));
            assert.equal(calls, 0, "still lingering");
            assert.equal(await sink.flush(2_000), true, "a flush sends the lingering batch at once");
            assert.equal(calls, 1);
            await sink.close();
        });
        it("must not append after close, even with a batch lingering", async () => {
            let calls = 0;
            const sink = new ResultSink({ log, lingerMs: 1, append: async () => void calls++ });
            sink.push(entry(1));
            await sink.close();
            assert.deepEqual([await sink.flush(20), calls, sink.unwritten().length], [false, 0, 1]);
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
    describe("#push", () => {
        it("must resolve an entry's promise once it is written or refused, never while its append fails", async () => {
            const order: string[] = [];
            let failures = 2;
            const sink = new ResultSink({
                log,
                backoffMs: 1,
                append: async (e) => {
                    if (e.round === 2) return { ok: false, code: "fenced", reason: "claimed elsewhere" };
                    if (e.round === 1 && failures-- > 0) {
                        order.push("failed 1");
                        throw new Error("blip");
                    }
                    order.push(`wrote ${e.round}`);
                    return { ok: true };
                },
            });
            const one = sink.push(entry(1)).then(() => order.push("left 1"));
            const two = sink.push(entry(2)).then(() => order.push("left 2"));
            await Promise.all([one, two]);
            // Entry 1 goes alone (pushed first, sent at once), then fails again beside 2, which is refused and leaves.
            assert.deepEqual(order, ["failed 1", "failed 1", "left 2", "wrote 1", "left 1"]);
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
