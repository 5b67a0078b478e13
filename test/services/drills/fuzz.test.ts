import assert from "node:assert/strict";
import fc from "fast-check";
import { AutoPlayer } from "../../../services/bot/auto";
import type { BotPlayer } from "../../../services/bot/player";
import { clientCommands, Cmd, encodeFrame } from "../../../services/protocol";
import { Cluster, type GatewayProc } from "../../../lib/services/cluster";

const maxFrameBytes = 512;

type Fuzz =
    | { kind: "valid"; bytes: Uint8Array }
    | { kind: "unknown"; bytes: Uint8Array }
    | { kind: "text"; text: string }
    | { kind: "short"; bytes: Uint8Array }
    | { kind: "big"; bytes: Uint8Array };

const expectedClose: Record<Exclude<Fuzz["kind"], "valid">, { code: number; reason: RegExp }> = {
    text: { code: 1003, reason: /^text frames are not allowed; send binary frames$/ },
    short: { code: 1002, reason: /^frame of [0-3] bytes is shorter than the 4-byte command$/ },
    big: { code: 1009, reason: /^frame exceeds the gateway's MAX_FRAME_BYTES$/ },
    unknown: { code: 1008, reason: /^unknown command \d+; a client sends SitDown \(3\), StandUp \(4\), Print \(6\) or DiceShake \(103\)$/ },
};

const payload = fc.uint8Array({ maxLength: maxFrameBytes - 4 });

// Valid frames carry a client command other than SitDown (a sit-down would start a room stream, and
// this drill is about the framing edge; SitDown payloads are fuzzed in the SitDown parser's test).
// Outside a room each gets exactly one ErrorResponse (StatusMismatch) and never closes the socket.
const validFrame = fc
    .tuple(fc.constantFrom(Cmd.STAND_UP, Cmd.PRINT, Cmd.DICE_SHAKE), payload)
    .map(([cmd, body]): Fuzz => ({ kind: "valid", bytes: encodeFrame(cmd, body) }));

// Any other command, known server-to-client ones included, is unknown from a client.
const unknownFrame = fc
    .tuple(fc.integer({ min: 0, max: 0xffffffff }), payload)
    .filter(([cmd]) => !clientCommands.has(cmd))
    .map(([cmd, body]): Fuzz => ({ kind: "unknown", bytes: encodeFrame(cmd, body) }));

const fuzzFrame: fc.Arbitrary<Fuzz> = fc.oneof(
    { weight: 15, arbitrary: validFrame },
    { weight: 2, arbitrary: unknownFrame },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text): Fuzz => ({ kind: "text", text })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }).map((bytes): Fuzz => ({ kind: "short", bytes })) },
    {
        weight: 1,
        arbitrary: fc.integer({ min: maxFrameBytes + 1, max: maxFrameBytes + 300 }).map((n): Fuzz => ({ kind: "big", bytes: new Uint8Array(n).fill(7) })),
    },
);

describe("Gateway protocol fuzz", () => {
    let cluster: Cluster;
    let gw: GatewayProc;

    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        await cluster.addRoom("room-a-0", "a");
        gw = await cluster.addGateway({ MAX_FRAME_BYTES: String(maxFrameBytes) });
    });

    after(async () => {
        await cluster.stop();
    });

    describe("#frames", () => {
        it("must close each offending connection with the right code while a bystander room keeps playing", async function () {
            this.timeout(150_000);
            const bystanders = await Promise.all([cluster.player(gw), cluster.player(gw)]);
            const autos = bystanders.map((p) => new AutoPlayer(p, { roomId: "bystanders", rounds: 1_000_000 }));
            autos.forEach((a) => a.start());
            await bystanders[0]!.next("settlement", () => true, 20_000);

            let sent = 0;
            let closes = 0;
            let current: BotPlayer | undefined;
            // Per connection: valid frames sent, and error answers received (one each, in order).
            let validSent = 0;
            let answered = 0;
            const open = async (): Promise<BotPlayer> => {
                if (current) return current;
                const p = await cluster.player(gw);
                validSent = 0;
                answered = 0;
                p.on("errorResponse", () => answered++);
                return (current = p);
            };
            // Valid frames never close the connection: one more must be answered after all the others.
            const stillOpen = async (p: BotPlayer): Promise<void> => {
                p.send(Cmd.STAND_UP);
                validSent++;
                while (answered < validSent) await p.next("errorResponse");
                assert.equal(answered, validSent);
                assert.equal(p.isOpen, true);
            };

            await fc.assert(
                fc.asyncProperty(fc.array(fuzzFrame, { minLength: 100, maxLength: 100 }), async (frames) => {
                    for (const f of frames) {
                        const p = await open();
                        sent++;
                        if (f.kind === "valid") {
                            p.sendRaw(f.bytes, true);
                            validSent++;
                            continue;
                        }
                        if (f.kind === "text") p.sendRaw(f.text, false);
                        else p.sendRaw(f.bytes, true);
                        const closed = await p.closed;
                        closes++;
                        const want = expectedClose[f.kind];
                        assert.equal(closed.code, want.code, `${f.kind} frame closed with ${closed.code} ${closed.reason}`);
                        assert.match(closed.reason, want.reason);
                        current = undefined;
                    }
                    if (current !== undefined) await stillOpen(current);
                }),
                { numRuns: 100, seed: 20261122, endOnFailure: true },
            );
            assert.ok(sent >= 10_000, `sent ${sent} frames`);
            assert.ok(closes > 500, `only ${closes} offending frames`);

            // The bystanders played on: a round settles after the fuzz, and they saw no error or disconnect.
            const before = autos[0]!.stats.settled;
            await bystanders[0]!.next("settlement", () => true, 20_000);
            assert.ok(autos[0]!.stats.settled > before);
            for (const a of autos) {
                assert.deepEqual([...a.stats.errors], []);
                assert.deepEqual([...a.stats.disconnects], []);
                assert.equal(a.player.isOpen, true);
            }
        });
    });
});
