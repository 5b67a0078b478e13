// Conformance with the reference dice backend (panshiqu/server 35e45df): shaking and early
// settlement. The rooms run GAME_ENV=dev, so a shake's preset points make every frame exact.
import { Err } from "../../../services/protocol";
import { conformanceCluster, transports, roundMs, settleMs } from "./table";
import { F } from "./frames";

for (const transport of transports) {
    describe(`Conformance: shake (${transport})`, function () {
        this.timeout(30_000);
        const c = conformanceCluster(transport);

        describe("#shake", () => {
            it("must show the shaker its points and the others 0; a second shake gets DiceAlreadyShaken", async () => {
                const [a, b] = await c.table().seatPlayers(2);
                const A = a!.player.userId;
                a!.player.shake(3);
                await a!.expect("own shake", [F.shake(A, 3)]);
                await b!.expect("a's shake, points hidden", [F.shake(A, 0)]);
                a!.player.shake(6);
                await a!.expect("second shake", [F.error(Err.DICE_ALREADY_SHAKEN, "already shaken this round")]);
            });
        });

        describe("#early-settlement", () => {
            it("must settle as soon as every seated player shook, then start the next round after the idle", async () => {
                const [a, b] = await c.table().seatPlayers(2);
                const [A, B] = [a!.player.userId, b!.player.userId];
                a!.player.shake(2);
                await a!.expect("own shake", [F.shake(A, 2)]);
                await b!.expect("a's shake", [F.shake(A, 0)]);
                b!.player.shake(5);
                const settled = F.settlement(settleMs, [B], { [String(A)]: 2, [String(B)]: 5 });
                await b!.expect("own shake, then the early settlement", [F.shake(B, 5), settled]);
                await a!.expect("b's shake, then the early settlement", [F.shake(B, 0), settled]);
                await a!.expect("the next round", [F.start(roundMs)]);
                await b!.expect("the next round", [F.start(roundMs)]);
            });

            it("must not settle early while a seated player has not shaken", async () => {
                const [a, b, x] = await c.table().seatPlayers(3);
                const [A, B] = [a!.player.userId, b!.player.userId];
                a!.player.shake(1);
                await a!.expect("own shake", [F.shake(A, 1)]);
                b!.player.shake(1);
                await b!.expect("a's shake, own shake, no settlement", [F.shake(A, 0), F.shake(B, 1)]);
                await a!.expect("b's shake, no settlement", [F.shake(B, 0)]);
                // The third player's shake settles the round; before it nothing else was sent to anyone.
                x!.player.shake(6);
                const X = x!.player.userId;
                const settled = F.settlement(settleMs, [X], { [String(A)]: 1, [String(B)]: 1, [String(X)]: 6 });
                await x!.expect("the shakes and the settlement", [F.shake(A, 0), F.shake(B, 0), F.shake(X, 6), settled]);
                await a!.expect("the settlement", [F.shake(X, 0), settled]);
            });
        });
    });
}
