// `npm run bench`'s colyseus 0.16 side: a dice room with the rules of dice-table.mjs, plain
// messages (msgpack, colyseus's default), no schema state sync, authenticated by the same JWT as
// the gateway (onAuth), on colyseus's ws transport. One process, as colyseus deploys a room.
// Env: JWT_KEY (standard base64), ROUND_MS, SETTLE_MS. Prints "listening <port>".
import { createServer } from "node:http";
import { Room, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { jwtVerify } from "jose";
import { DiceTable } from "./dice-table.mjs";

const key = new Uint8Array(Buffer.from(process.env.JWT_KEY ?? "", "base64"));
const roundMs = Number(process.env.ROUND_MS ?? 30000);
const settleMs = Number(process.env.SETTLE_MS ?? 5000);

function send(client, kind, value) {
    client.send(kind, value);
}

class DiceRoom extends Room {
    maxClients = 4;

    async onAuth(_client, options) {
        const { payload } = await jwtVerify(String(options.token ?? ""), key, { algorithms: ["HS256", "HS384", "HS512"] });
        return { id: Number(payload.id) };
    }

    onCreate() {
        this.table = new DiceTable({ roomId: this.roomId, roundMs, settleMs, send, onEmpty: () => undefined });
        this.onMessage("shake", (client) => this.table.shake(client.auth.id));
        this.onMessage("print", (client) => this.table.print(client.auth.id));
    }

    onJoin(client) {
        this.table.join(client.auth.id, client);
    }

    onLeave(client) {
        this.table.leave(client.auth.id);
    }

    onDispose() {
        clearTimeout(this.table.timer);
    }
}

const server = createServer();
const gameServer = new Server({ transport: new WebSocketTransport({ server, perMessageDeflate: false }), greet: false, gracefullyShutdown: false });
gameServer.define("dice", DiceRoom);
await gameServer.listen(0, "127.0.0.1");
process.stdout.write(`listening ${server.address().port}\n`);
process.on("SIGTERM", () => process.exit(0));
