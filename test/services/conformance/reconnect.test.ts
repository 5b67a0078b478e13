// Conformance with the reference dice backend (panshiqu/server 35e45df): the same user sits down on
// a new connection while seated. The reference sends Disconnect(2) to the old connection, Online(+id)
// to everyone (the new connection included), then DiceScene; the scene lists only who shook, which
// its client reads as "I already shook" for its own id (PROTOCOL.md, conformance 3 and 4).
import { conformanceCluster, transports, roundLeft, roundMs, settleMs } from "./table";
import { F } from "./frames";

for (const transport of transports) {
    describe(`Conformance: reconnect (${transport})`, function () {
        this.timeout(30_000);
        const c = conformanceCluster(transport);

        describe("#after-shaking", () => {
            it("must list the player with its own points, so it does not shake again", async () => {
                const t = c.table();
                const [a, b] = await t.seatPlayers(2);
                const A = a!.player.userId;
                a!.player.shake(5);
                await a!.expect("own shake", [F.shake(A, 5)]);
                await b!.expect("a's shake", [F.shake(A, 0)]);

                const a2 = await t.sit("a (new connection)", A);
                await a2.expect("reconnect", [F.online(A), F.scene(true, roundLeft, { [String(A)]: 5 })]);
                await a!.expect("replaced", [F.disconnect(2)]);
                await b!.expect("a is back", [F.online(A)]);
            });
        });

        describe("#before-shaking", () => {
            it("must leave the player out of DiceScene.dice, so it still shakes; the round then settles early", async () => {
                const t = c.table();
                const [a, b] = await t.seatPlayers(2);
                const [A, B] = [a!.player.userId, b!.player.userId];
                b!.player.shake(3);
                await b!.expect("own shake", [F.shake(B, 3)]);
                await a!.expect("b's shake", [F.shake(B, 0)]);

                const a2 = await t.sit("a (new connection)", A);
                await a2.expect("reconnect", [F.online(A), F.scene(true, roundLeft, { [String(B)]: 0 })]);
                await a!.expect("replaced", [F.disconnect(2)]);
                await b!.expect("a is back", [F.online(A)]);

                a2.player.shake(4);
                const settled = F.settlement(settleMs, [A], { [String(A)]: 4, [String(B)]: 3 });
                await a2.expect("own shake, early settlement, next round", [F.shake(A, 4), settled, F.start(roundMs)]);
                await b!.expect("a's shake, early settlement, next round", [F.shake(A, 0), settled, F.start(roundMs)]);
                a!.expectNothing("the replaced connection is out of the room");
            });
        });
    });
}
