// Conformance with the reference dice backend (panshiqu/server 35e45df): sitting down. Its room
// runs rounds from the moment it exists and its SitDown handler sends the scene to every newcomer,
// so a newcomer always learns from DiceScene whether to shake (PROTOCOL.md, conformance 1 and 2).
import { conformanceCluster, transports, roundLeft } from "./table";
import { F } from "./frames";

for (const transport of transports) {
    describe(`Conformance: sit-down (${transport})`, function () {
        this.timeout(30_000);
        const c = conformanceCluster(transport);

        describe("#empty-room", () => {
            it("must send the first player its User, then DiceScene{running, a full round, nobody shook} and no DiceStart", async () => {
                const t = c.table();
                const a = await t.sit("a");
                const A = a.player.userId;
                await a.expect("sit-down into an empty room", [F.user(A, 0), F.scene(true, roundLeft, {})]);
            });
        });

        describe("#again", () => {
            it("must change nothing when a seated player sends SitDown again (the room ignores it, on either path)", async () => {
                const t = c.table();
                const [a, b] = await t.seatPlayers(2);
                const B = b!.player.userId;
                // Not t.sitDown: a seated player's frames go to its room, so no ticket comes.
                b!.player.sitDown(t.roomId);
                b!.player.shake(2);
                await b!.expect("only its shake: no new seat, no Online", [F.shake(B, 2)]);
                await a!.expect("only b's shake", [F.shake(B, 0)]);
            });
        });

        describe("#running-round", () => {
            it("must send a newcomer one User per player, its own User, then DiceScene of the running round", async () => {
                const t = c.table();
                const a = await t.sit("a");
                const A = a.player.userId;
                await a.expect("sit-down into an empty room", [F.user(A, 0), F.scene(true, roundLeft, {})]);

                const b = await t.sit("b");
                const B = b.player.userId;
                await b.expect("sit-down into the running round", [F.user(A, 0), F.user(B, 1), F.scene(true, roundLeft, {})]);
                await a.expect("the newcomer", [F.user(B, 1)]);
            });

            it("must list in DiceScene only the players who shook, with 0 points", async () => {
                const t = c.table();
                const a = await t.sit("a");
                const A = a.player.userId;
                await a.expect("seated", [F.user(A, 0), F.scene(true, roundLeft, {})]);
                const b = await t.sit("b");
                const B = b.player.userId;
                await b.expect("seated", [F.user(A, 0), F.user(B, 1), F.scene(true, roundLeft, {})]);
                await a.expect("the newcomer", [F.user(B, 1)]);
                a.player.shake(4);
                await a.expect("own shake", [F.shake(A, 4)]);
                await b.expect("a's shake, points hidden", [F.shake(A, 0)]);

                const w = await t.sit("c");
                const C = w.player.userId;
                await w.expect("sit-down after a shook", [F.user(A, 0), F.user(B, 1), F.user(C, 2), F.scene(true, roundLeft, { [String(A)]: 0 })]);
                await a.expect("the newcomer", [F.user(C, 2)]);
                await b.expect("the newcomer", [F.user(C, 2)]);
            });
        });
    });
}
