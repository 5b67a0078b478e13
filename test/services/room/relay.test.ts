import { strict as assert } from "node:assert";
import { Metadata, type StatusObject } from "@grpc/grpc-js";
import net from "node:net";
import { Cmd } from "../../../services/protocol";
import { relayHello } from "../../../services/protocol/relay-socket";
import { asBuffer, relayPath } from "../../../services/protocol/room-service";
import { redisPerSuite } from "../../../lib/services/redis";
import type { LinkStatus } from "../../../services/gateway/link-status";
import { RelayConnection } from "../../../services/gateway/relay-connection";
import { waitFor } from "../../../lib/services/wait";
import { GrpcPlayer, roomClient, status, useTransport } from "./grpc-player";
import { startRoom, type RoomProcess } from "./room-process";

// What is particular to the Relay stream (the room server suite runs every behaviour over it too).
describe("room server Relay", function () {
    this.timeout(30_000);
    const redis = redisPerSuite();
    let room: RoomProcess | undefined;

    before(() => useTransport("relay"));
    afterEach(async () => {
        await room?.kill();
        room = undefined;
    });

    it("must end only the relay that sent a malformed batch, naming the problem, and keep playing on the others", async () => {
        room = await startRoom(redis.server.url, "relay-1");
        const good = roomClient(room.addr);
        const bad = roomClient(room.addr);
        const player = new GrpcPlayer(good, 1n, "relay-room");
        await player.waitFrame("own User", (f) => f.cmd === Cmd.SIT_DOWN);
        const call = bad.makeBidiStreamRequest(relayPath, asBuffer, asBuffer, new Metadata());
        call.on("error", () => undefined);
        const ended = new Promise<StatusObject>((resolve) => call.on("status", resolve));
        call.write(Buffer.from([0x0a, 0x03, 0, 0, 0]));
        const st = await ended;
        assert.deepEqual([st.code, st.details], [status.INTERNAL, "relay: record header is cut off"]);
        await player.waitFrame("DiceScene of the running round", (f) => f.cmd === Cmd.DICE_SCENE);
        player.send(Cmd.DICE_SHAKE);
        await player.waitFrame("own shake, on the other relay", (f) => f.cmd === Cmd.DICE_SHAKE);
        good.close();
        bad.close();
    });

    it("must drop only a TCP relay that breaks the framing, and keep playing on the others", async () => {
        room = await startRoom(redis.server.url, "relay-3");
        useTransport("socket");
        const good = roomClient(room.addr);
        const player = new GrpcPlayer(good, 1n, "socket-room");
        await player.waitFrame("DiceScene", (f) => f.cmd === Cmd.DICE_SCENE);
        const [host, port] = room.addr.split(":");
        const raw = net.connect(Number(port), host);
        const answered = new Promise<Buffer>((resolve) => raw.once("data", resolve));
        const closed = new Promise<void>((resolve) => raw.on("close", () => resolve()));
        raw.on("error", () => undefined);
        raw.write(relayHello);
        assert.deepEqual(await answered, relayHello);
        raw.write(Buffer.from([0x2a, 0x00]));
        await closed;
        player.send(Cmd.DICE_SHAKE);
        await player.waitFrame("own shake, on the other relay", (f) => f.cmd === Cmd.DICE_SHAKE);
        useTransport("relay");
        good.close();
    });

    it("must send every link's last frames and then end the relay with OK when the server stops", async () => {
        room = await startRoom(redis.server.url, "relay-2");
        const c = roomClient(room.addr);
        let relayEnd: (s: LinkStatus) => void = () => undefined;
        const relayEnded = new Promise<LinkStatus>((resolve) => (relayEnd = resolve));
        const relay = new RelayConnection(
            () => c,
            (s) => relayEnd(s),
        );
        const link = relay.openLink({ user_id: "11", room_id: "stop-room" });
        const cmds: number[] = [];
        const linkEnded = new Promise<LinkStatus>((resolve) => link.on("status", resolve));
        const seen = (cmd: number) => waitFor(`cmd ${cmd} on the link`, () => cmds.includes(cmd) || undefined);
        link.on("data", (f) => cmds.push(f.cmd));
        await seen(Cmd.DICE_SCENE);
        room.signal("SIGTERM");
        await seen(Cmd.SERVER_CLOSING);
        room.signal("SIGTERM");
        assert.equal((await linkEnded).code, status.OK);
        assert.equal(cmds.at(-1), Cmd.DISCONNECT);
        assert.equal((await relayEnded).code, status.OK);
        assert.deepEqual(await room.exited, { code: 0, signal: null });
        c.close();
    });
});
