import assert from "node:assert/strict";
import fc from "fast-check";
import { AutoPlayer } from "../../../services/bot/auto";
import type { BotPlayer } from "../../../services/bot/player";
import { Cmd, encodeFrame } from "../../../services/protocol";
import { Cluster, type GatewayProc } from "./cluster";

const MAX_FRAME_BYTES = 512;

type Fuzz =
  | { kind: "valid"; bytes: Uint8Array }
  | { kind: "text"; text: string }
  | { kind: "short"; bytes: Uint8Array }
  | { kind: "big"; bytes: Uint8Array };

const EXPECTED_CLOSE: Record<Exclude<Fuzz["kind"], "valid">, { code: number; reason: RegExp }> = {
  text: { code: 1003, reason: /^text frames are not allowed; send binary frames$/ },
  short: { code: 1002, reason: /^frame of [0-3] bytes is shorter than the 4-byte command$/ },
  big: { code: 1009, reason: /^frame exceeds the gateway's MAX_FRAME_BYTES$/ },
};

// Valid frames carry any command but SitDown: a sit-down would start a room stream, and this
// drill is about the framing edge (SitDown payloads are fuzzed in the SitDown parser's test).
const validFrame = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: MAX_FRAME_BYTES - 4 }))
  .filter(([cmd]) => cmd !== Cmd.SIT_DOWN)
  .map(([cmd, payload]): Fuzz => ({ kind: "valid", bytes: encodeFrame(cmd, payload) }));

const fuzzFrame: fc.Arbitrary<Fuzz> = fc.oneof(
  { weight: 17, arbitrary: validFrame },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text): Fuzz => ({ kind: "text", text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }).map((bytes): Fuzz => ({ kind: "short", bytes })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: MAX_FRAME_BYTES + 1, max: MAX_FRAME_BYTES + 300 }).map((n): Fuzz => ({ kind: "big", bytes: new Uint8Array(n).fill(7) })),
  },
);

describe("Gateway protocol fuzz", () => {
  let cluster: Cluster;
  let gw: GatewayProc;

  before(async function () {
    this.timeout(60_000);
    cluster = await Cluster.start();
    await cluster.addRoom("room-a-0", "a");
    gw = await cluster.addGateway({ MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) });
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
      let sentinel = 0;
      const open = async (): Promise<BotPlayer> => (current ??= await cluster.player(gw));
      // A valid frame never closes the connection: prove it with a frame the gateway must answer.
      const stillOpen = async (p: BotPlayer): Promise<void> => {
        const cmd = 4_000_000 + sentinel++;
        p.send(cmd);
        await p.next("errorResponse", (e) => e.desc === `unknown command ${cmd}`);
        assert.equal(p.isOpen, true);
      };

      await fc.assert(
        fc.asyncProperty(fc.array(fuzzFrame, { minLength: 100, maxLength: 100 }), async (frames) => {
          for (const f of frames) {
            const p = await open();
            sent++;
            if (f.kind === "valid") {
              p.sendRaw(f.bytes, true);
              continue;
            }
            if (f.kind === "text") p.sendRaw(f.text, false);
            else p.sendRaw(f.bytes, true);
            const closed = await p.closed;
            closes++;
            const want = EXPECTED_CLOSE[f.kind];
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
