import { strict as assert } from "node:assert";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { runFleet } from "../../../services/bot/fleet";
import { within } from "../../../lib/services/wait";

describe("runFleet", () => {
    describe("#connect", () => {
        it("must close the sockets it opened and name the URL when one player cannot connect", async () => {
            const accepted: WebSocket[] = [];
            let upgrades = 0;
            // Accepts two players, refuses the third at the upgrade, as a gateway does with a bad token.
            const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", verifyClient: () => ++upgrades <= 2 });
            wss.on("connection", (ws) => accepted.push(ws));
            await new Promise((r) => wss.once("listening", r));
            const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
            try {
                await assert.rejects(runFleet({ url, players: 3, rooms: 1, rounds: 1, jwtKeyBase64: "a2V5", deadlineMs: 5_000 }), {
                    // Which of the three is refused depends on which upgrade arrives last.
                    message: new RegExp(`^cannot connect 3 players to ${url}: player 100000[012] closed before open: 1006 $`),
                });
                assert.equal(accepted.length, 2);
                await within(
                    "the accepted sockets to be closed by the bot",
                    Promise.all(accepted.map((ws) => (ws.readyState === ws.CLOSED ? undefined : new Promise((r) => ws.once("close", r))))),
                    5_000,
                );
            } finally {
                for (const ws of accepted) ws.terminate();
                await new Promise((r) => wss.close(r));
            }
        });
    });
});
