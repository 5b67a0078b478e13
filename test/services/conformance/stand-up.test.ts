// Conformance with the reference dice backend (panshiqu/server 35e45df): standing up. Its gate turns
// StandUp into the end of the player's room stream; the room tells the others and never the
// leaver. Who shook in the running round stays seated offline until settlement
// (PROTOCOL.md, conformance 5 and 6).
import { Err } from "../../../services/protocol";
import { conformanceCluster, transports, roundLeft, roundMs, settleMs } from "./table";
import { F } from "./frames";

/** What an idle gateway session answers to DiceShake/StandUp (kept extension; decision 6). */
const notInARoom = F.error(Err.STATUS_MISMATCH, "not in a room; send SitDown first");

for (const transport of transports) {
    describe(`Conformance: stand-up (${transport})`, function () {
        this.timeout(30_000);
        const c = conformanceCluster(transport);

        describe("#before-shaking", () => {
            it("must send StandUp(id) to the others and nothing to the leaver", async () => {
                const t = c.table();
                const [a, b] = await t.seatPlayers(2);
                const B = b!.player.userId;
                b!.player.standUp();
                await a!.expect("b left", [F.standUp(B)]);
                // The leaver's stream ended without a frame; its next command is answered outside any room.
                await t.seatedLinks(1);
                b!.player.shake();
                await b!.expect("nothing after StandUp; then the idle answer", [notInARoom]);
            });
        });

        describe("#after-shaking", () => {
            it("must answer nothing, show the leaver offline to the others and stand it up at settlement", async () => {
                const t = c.table();
                const [a, b] = await t.seatPlayers(2);
                const [A, B] = [a!.player.userId, b!.player.userId];
                b!.player.shake(2);
                await b!.expect("own shake", [F.shake(B, 2)]);
                await a!.expect("b's shake", [F.shake(B, 0)]);

                b!.player.standUp();
                await a!.expect("b is offline, still seated", [F.online(-B)]);
                await t.seatedLinks(1);
                b!.player.shake();
                await b!.expect("nothing after StandUp; then the idle answer", [notInARoom]);

                // b's shake still counts: a's shake settles the round early, then b is stood up.
                a!.player.shake(6);
                const settled = F.settlement(settleMs, [A], { [String(A)]: 6, [String(B)]: 2 });
                await a!.expect("early settlement, then b stood up", [F.shake(A, 6), settled, F.standUp(B), F.start(roundMs)]);
                b!.expectNothing("off the room stream since its StandUp");
            });

            it("must take the player back into its seat when it sits down again in the same round (a reconnect)", async () => {
                const t = c.table();
                const [a, b] = await t.seatPlayers(2);
                const B = b!.player.userId;
                b!.player.shake(2);
                await b!.expect("own shake", [F.shake(B, 2)]);
                await a!.expect("b's shake", [F.shake(B, 0)]);
                b!.player.standUp();
                await a!.expect("b is offline", [F.online(-B)]);
                await t.seatedLinks(1);

                await t.sitDown(b!);
                await b!.expect("back in its seat", [F.online(B), F.scene(true, roundLeft, { [String(B)]: 2 })]);
                await a!.expect("b is back", [F.online(B)]);
            });
        });

        describe("#before-sit-down", () => {
            // The reference's gate drops the socket on DiceShake and ignores StandUp; its client never
            // sends either before sitting down, so ours keeps answering StatusMismatch (decision 6).
            it("must answer DiceShake and StandUp with Error StatusMismatch and keep the socket", async () => {
                const t = c.table();
                const p = await t.connect("idle");
                p.player.shake();
                p.player.standUp();
                await p.expect("idle answers", [notInARoom, notInARoom]);
                await t.sitDown(p);
                await p.expect("the socket still works", [F.user(p.player.userId, 0), F.scene(true, roundLeft, {})]);
            });
        });
    });
}
