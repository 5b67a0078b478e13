// The gateway's TCP relay: used when the room server answers the hello, the gRPC Relay stream when it
// does not (an older build, nobody listening, nobody answering), and a room's non-OK end as a status.
import { strict as assert } from "node:assert";
import { EventEmitter } from "node:events";
import net from "node:net";
import * as grpc from "@grpc/grpc-js";
import { Cmd } from "../../../services/protocol";
import { type LinkStatus, linkStatus } from "../../../services/gateway/link-status";
import { grpcRelayStream, RelayConnection } from "../../../services/gateway/relay-connection";
import { type RelayStream, SocketRelayStream } from "../../../services/gateway/relay-socket";
import { waitFor, within } from "../../../lib/services/wait";
import { relayHello } from "../../../services/protocol/relay-socket";
import { frame, startFakeRoom, type FakeRoom, type RoomStream, type RoomTransport } from "./fake-room";

function echo(call: RoomStream): void {
    call.write(frame(Cmd.SIT_DOWN));
    call.on("data", (f: { cmd: number; data: Uint8Array }) => call.write(frame(f.cmd, f.data)));
    call.on("end", () => call.end());
}

describe("SocketRelayStream", function () {
    this.timeout(20_000);
    const cleanup: (() => unknown)[] = [];
    afterEach(async () => {
        for (const c of cleanup.splice(0).reverse()) await c();
    });

    async function fake(transport: RoomTransport): Promise<FakeRoom> {
        const r = await startFakeRoom(echo, transport);
        cleanup.push(() => r.stop());
        return r;
    }

    /** A relay to `addr` through the pool's stream, and one player link on it that echoes a Print. */
    async function playOnce(addr: string, helloTimeoutMs?: number) {
        const client = new grpc.Client(addr, grpc.credentials.createInsecure());
        cleanup.push(() => client.close());
        let grpcOpened = 0;
        let stream: SocketRelayStream | undefined;
        const relay = new RelayConnection(
            () => client,
            () => undefined,
            () => {
                stream = new SocketRelayStream(
                    addr,
                    () => {
                        grpcOpened++;
                        return grpcRelayStream(client);
                    },
                    10_000,
                    helloTimeoutMs,
                );
                return stream;
            },
        );
        cleanup.push(() => relay.close());
        const link = relay.openLink({ user_id: "5" });
        const cmds: number[] = [];
        const status = new Promise<LinkStatus>((resolve) => link.on("status", resolve));
        const echoed = new Promise<void>((resolve) =>
            link.on("data", (f) => {
                cmds.push(f.cmd);
                if (f.cmd === Cmd.SIT_DOWN) link.write(frame(Cmd.PRINT, new Uint8Array([1, 2])));
                if (f.cmd === Cmd.PRINT) resolve();
            }),
        );
        return { link, cmds, status, echoed, grpcOpened: () => grpcOpened, stream: () => stream! };
    }

    it("must carry the links over TCP when the room server answers the hello", async () => {
        const r = await fake("socket");
        const p = await playOnce(r.addr);
        await p.echoed;
        assert.deepEqual([p.cmds, p.stream().transport, p.grpcOpened(), r.relays], [[Cmd.SIT_DOWN, Cmd.PRINT], "socket", 0, 1]);
    });

    it("must fall back to the gRPC Relay stream, replaying what was written meanwhile, when the room refuses the hello", async () => {
        const r = await fake("relay");
        const p = await playOnce(r.addr);
        // The link's OPEN record was written before the room answered: it went on the gRPC stream.
        await p.echoed;
        assert.deepEqual([p.cmds, p.stream().transport, p.grpcOpened(), r.relays], [[Cmd.SIT_DOWN, Cmd.PRINT], "grpc", 1, 1]);
    });

    it("must fall back at once, not at the hello timeout, when nobody listens (and end the link as gRPC would)", async () => {
        const free = net.createServer();
        await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
        const port = (free.address() as net.AddressInfo).port;
        await new Promise<void>((resolve) => free.close(() => resolve()));
        const started = Date.now();
        const p = await playOnce(`127.0.0.1:${port}`, 60_000);
        const st = await p.status;
        assert.deepEqual([st.code, p.grpcOpened()], [grpc.status.UNAVAILABLE, 1]);
        assert.ok(Date.now() - started < 10_000, "fell back only after the hello timeout");
    });

    it("must end the links, not throw, when the gRPC channel is already closed at the fallback (the gateway stops)", async () => {
        const free = net.createServer();
        await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
        const addr = `127.0.0.1:${(free.address() as net.AddressInfo).port}`;
        await new Promise<void>((resolve) => free.close(() => resolve()));
        const stream = new SocketRelayStream(
            addr,
            () => {
                throw new Error("Channel has been shut down");
            },
            10_000,
        );
        const st = await new Promise<grpc.StatusObject>((resolve) => stream.on("status", resolve));
        assert.deepEqual([st.code, st.details, stream.transport], [grpc.status.UNAVAILABLE, `relay to ${addr}: Channel has been shut down`, "ended"]);
    });

    it("must fall back after the hello timeout when the server accepts and never answers", async () => {
        const silent = net.createServer(() => undefined);
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        cleanup.push(() => {
            silent.close();
        });
        const addr = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
        const started = Date.now();
        const p = await playOnce(addr, 100);
        // gRPC then waits for the same silent server as it would have; the switch is what counts here.
        await waitFor("the fallback to gRPC", () => p.grpcOpened() === 1 || undefined);
        assert.ok(Date.now() - started >= 100, "fell back before the hello timeout");
    });

    it("must end the relay as UNAVAILABLE, naming the limit, when the room server answers the hello and then reads nothing", async () => {
        const limit = 64 * 1024;
        const stuck = net.createServer((socket) => {
            socket.once("data", () => {
                socket.write(relayHello);
                socket.pause();
            });
        });
        await new Promise<void>((resolve) => stuck.listen(0, "127.0.0.1", resolve));
        cleanup.push(() => {
            stuck.close();
        });
        const addr = `127.0.0.1:${(stuck.address() as net.AddressInfo).port}`;
        const stream = new SocketRelayStream(
            addr,
            () => {
                throw new Error("no gRPC fallback here");
            },
            60_000,
            5_000,
            limit,
        );
        cleanup.push(() => stream.cancel());
        const ended = new Promise<grpc.StatusObject>((resolve) => stream.on("status", resolve));
        await waitFor("the hello to be answered", () => stream.transport === "socket");
        const batch = Buffer.alloc(32 * 1024, 0x0a);
        let written = 0;
        while (stream.transport === "socket" && written < 256 * 1024 * 1024) {
            stream.write(batch);
            written += batch.length;
            await new Promise((r) => setImmediate(r));
        }
        const st = await within("the relay's status", ended, 5_000);
        assert.equal(st.code, grpc.status.UNAVAILABLE);
        assert.match(
            st.details,
            new RegExp(`^relay to ${addr}: the room server is not reading: \\d+ bytes wait to be sent on the relay \\(limit ${limit}\\)$`),
        );
    });

    it("must end the links with the room's status when the room ends the relay over a malformed batch", async () => {
        const r = await fake("socket");
        const p = await playOnce(r.addr);
        await p.echoed;
        p.stream().write(Buffer.from([0x0a, 0x03, 0, 0, 0]));
        const st = await p.status;
        assert.deepEqual([st.code, st.details], [grpc.status.INTERNAL, "relay: record header is cut off"]);
    });

    it("must end the links as UNAVAILABLE, not throw, when a room without Relay answers after the pool closed the channel", async () => {
        // A relay still saying hello when the gateway stops: the room then turns out to have no Relay
        // (UNIMPLEMENTED), and the pool refuses to make a channel nobody would close.
        const stream = new EventEmitter() as EventEmitter & RelayStream;
        Object.assign(stream, { write: () => true, end: () => undefined, cancel: () => undefined });
        let ended: number | undefined;
        const relay = new RelayConnection(
            () => {
                throw new Error("the channel to 127.0.0.1:1 was closed");
            },
            (s) => (ended = s.code),
            () => stream,
        );
        const link = relay.openLink({ user_id: "5" });
        const status = new Promise<LinkStatus>((resolve) => link.on("status", resolve));
        stream.emit("status", linkStatus(grpc.status.UNIMPLEMENTED, "no Relay here"));
        const st = await status;
        assert.deepEqual(
            [st.code, st.details, ended],
            [grpc.status.UNAVAILABLE, "the gateway closed its channel to the room server", grpc.status.UNIMPLEMENTED],
        );
    });
});
