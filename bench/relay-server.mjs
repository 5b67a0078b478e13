// `npm run bench`'s raw-ws baseline: one process, the `ws` library, the client wire protocol (our
// compiled protocol module, so dist/ must be built) and the dice rules of dice-table.mjs. It is what
// our gateway + room server would cost with no hop, no directory and no framework: the floor.
// Env: JWT_KEY (standard base64), ROUND_MS, SETTLE_MS. Prints "listening <port>".
import { createRequire } from "node:module";
import { jwtVerify } from "jose";
import { WebSocketServer } from "ws";
import { DiceTable } from "./dice-table.mjs";

const require = createRequire(import.meta.url);
const { Cmd, Err, decode, decodeFrame, encode, encodeFrame } = require("../dist/services/protocol/index.js");

const key = new Uint8Array(Buffer.from(process.env.JWT_KEY ?? "", "base64"));
const roundMs = Number(process.env.ROUND_MS ?? 30000);
const settleMs = Number(process.env.SETTLE_MS ?? 5000);
/** @type {Map<string, DiceTable>} */
const tables = new Map();

const encoders = {
    user: (v) => encodeFrame(Cmd.SIT_DOWN, encode.user(BigInt(v.id), v.seat, v.online)),
    scene: (v) => encodeFrame(Cmd.DICE_SCENE, encode.scene(v.status, BigInt(v.leftTime), v.dice)),
    start: (v) => encodeFrame(Cmd.DICE_START, encode.int64(BigInt(v))),
    shake: (v) => encodeFrame(Cmd.DICE_SHAKE, encode.shake(BigInt(v.userId), v.points)),
    settlement: (v) => encodeFrame(Cmd.DICE_SETTLEMENT, encode.settlement(BigInt(v.idle), v.winners.map(BigInt), v.dice)),
    standUp: (v) => encodeFrame(Cmd.STAND_UP, encode.int64(BigInt(v))),
    print: (v) => encodeFrame(Cmd.PRINT, encode.string(v)),
    error: (v) => encodeFrame(Cmd.ERROR, encode.error(v.code, v.desc)),
};

function send(ws, kind, value) {
    if (ws.readyState === ws.OPEN) ws.send(encoders[kind](value), { binary: true });
}

const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false, maxPayload: 4096 });
wss.on("connection", async (ws, req) => {
    ws.pause();
    const token = new URL(req.url ?? "/", "ws://x").searchParams.get("token") ?? "";
    let id;
    try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256", "HS384", "HS512"] });
        id = Number(payload.id);
    } catch {
        return ws.close(1008, "invalid token");
    }
    ws.resume();
    let table;
    ws.on("message", (data) => {
        const frame = decodeFrame(data);
        if (!frame.ok) return ws.close(frame.code, frame.reason);
        if (frame.cmd === Cmd.SIT_DOWN && table === undefined) {
            const md = decode.sitDown(frame.payload);
            const roomId = md.ok ? (md.value.room_id ?? "0") : "0";
            table = tables.get(roomId);
            if (table === undefined) {
                table = new DiceTable({ roomId, roundMs, settleMs, send, onEmpty: () => tables.delete(roomId) });
                tables.set(roomId, table);
            }
            table.join(id, ws);
        } else if (table === undefined) send(ws, "error", { code: Err.STATUS_MISMATCH, desc: "not in a room; send SitDown first" });
        else if (frame.cmd === Cmd.DICE_SHAKE) table.shake(id);
        else if (frame.cmd === Cmd.PRINT) table.print(id);
        else if (frame.cmd === Cmd.STAND_UP) {
            table.leave(id);
            table = undefined;
        }
    });
    ws.on("close", () => table?.leave(id));
});
wss.on("listening", () => process.stdout.write(`listening ${wss.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
