import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { Cmd, encode, encodeFrame } from "../../../services/protocol";
import { frame, md, refuse, roomTransports, startFakeRoom, type FakeRoom, type RoomStream } from "./fake-room";
import { startGateway, type GatewayFixture } from "./fixture";
import { waitFor } from "../../../lib/services/wait";

/** A room that seats every stream (User frame for the newcomer) and echoes every frame back. */
function seatAndEcho(call: RoomStream): void {
    const id = BigInt(md(call, "user_id") ?? "0");
    call.write(frame(Cmd.SIT_DOWN, encode.user(id, 0, true)));
    call.on("data", (f: { cmd: number; data: Uint8Array }) => call.write(frame(f.cmd, f.data)));
    call.on("end", () => call.end());
}

// One contract over both transports: a room server with Relay, and one with only Connect (an older build).
for (const transport of roomTransports) {
    describe(`Session (room over ${transport})`, () => {
        let gw: GatewayFixture;
        const rooms: FakeRoom[] = [];

        beforeEach(async () => {
            gw = await startGateway();
        });

        afterEach(async () => {
            await gw.stop();
            await Promise.all(rooms.splice(0).map((r) => r.stop()));
        });

        async function room(onStream: (call: RoomStream) => void): Promise<FakeRoom> {
            const r = await startFakeRoom(onStream, transport);
            rooms.push(r);
            return r;
        }

        describe("#seating", () => {
            it("must open one stream with metadata from the token, not from the client", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                const p = await gw.player(9007199254740993n, "1.2.3");
                p.send(Cmd.SIT_DOWN, encode.sitDown({ room_id: "r1", seat: "2", game_name: "dice", user_id: "666" }));
                const [u] = await p.next("user");
                assert.equal(u.id, 9007199254740993n);
                const call = r.streams[0]!;
                assert.deepEqual(
                    ["user_id", "room_id", "seat", "game_name", "client_version"].map((k) => md(call, k)),
                    ["9007199254740993", "r1", "2", "dice", "1.2.3"],
                );
            });

            it("must forward payload bytes unchanged both ways", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                const payload = new Uint8Array([0xff, 0x00, 0x10, 0x80, 0x7f]);
                // A client command (unknown ones close the connection at the edge) with bytes that are no valid Print payload.
                p.sendRaw(encodeFrame(Cmd.PRINT, payload));
                const [cmd, echoed] = await p.next("frame", (c) => c === Cmd.PRINT);
                assert.equal(cmd, Cmd.PRINT);
                assert.deepEqual(Buffer.from(echoed), Buffer.from(payload));
            });

            it("must forward frames sent while the stream opens once the room answered", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                p.sendRaw(encodeFrame(Cmd.DICE_SHAKE, new Uint8Array([1, 2, 3])));
                const [, echoed] = await p.next("frame", (c) => c === Cmd.DICE_SHAKE);
                assert.deepEqual([...echoed], [1, 2, 3]);
            });

            it("must share one channel per room server address", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                const a = await gw.player(1n);
                const b = await gw.player(2n);
                a.sitDown("r1");
                b.sitDown("r2");
                await Promise.all([a.next("user"), b.next("user")]);
                assert.equal(r.streams.length, 2);
                assert.equal(r.peers[0], r.peers[1]);
                // Over a relay (TCP, or the gRPC stream of an older room server) both links ride one
                // stream; a room server older still gets a Connect stream each.
                assert.equal(r.relays, transport === "connect" ? 0 : 1);
            });

            it("must redial the owner named by FAILED_PRECONDITION owner-addr", async () => {
                const owner = await room(seatAndEcho);
                const other = await room((call) => refuse(call, status.FAILED_PRECONDITION, "not mine", { "owner-addr": owner.addr }));
                await gw.addServer("s-other", other.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                assert.deepEqual([other.streams.length, owner.streams.length], [1, 1]);
                assert.equal(md(owner.streams[0]!, "room_id"), "r1");
            });

            it("must place a NEW room elsewhere when the chosen server is draining", async () => {
                const draining = await room((call) => refuse(call, status.UNAVAILABLE, "draining"));
                const good = await room(seatAndEcho);
                await gw.addServer("s1-draining", draining.addr, { players: 0 });
                await gw.addServer("s2", good.addr, { players: 10 });
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                assert.deepEqual([draining.streams.length, good.streams.length], [1, 1]);
            });

            it("must send the player back to its current room (reconnect)", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                await gw.directory.claimRoom("r-old", "s1");
                await gw.directory.setUserRoom("1", "r-old");
                const p = await gw.player(1n);
                p.sitDown("r-new");
                await p.next("user");
                assert.equal(md(r.streams[0]!, "room_id"), "r-old");
            });

            it("must skip a current room whose server is gone and use the requested room", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                await gw.directory.claimRoom("r-old", "s-dead");
                await gw.directory.setUserRoom("1", "r-old");
                const p = await gw.player(1n);
                p.sitDown("r-new");
                await p.next("user");
                assert.equal(md(r.streams[0]!, "room_id"), "r-new");
            });

            it("must fail with the room's reason on any other refusal", async () => {
                const r = await room((call) => refuse(call, status.INVALID_ARGUMENT, "seat: 9x is not allowed"));
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                const [e] = await p.next("errorResponse");
                assert.equal(e.desc, "cannot sit down: the room refused the request: seat: 9x is not allowed");
            });

            it("must name no internal address or server detail in the client's error", async () => {
                const leaky = await room((call) => refuse(call, status.INTERNAL, "redis 10.0.0.5:6379 refused the connection"));
                const picky = await room((call) => refuse(call, status.INVALID_ARGUMENT, "seat: 9x is not allowed on room-a-0.room-a:7000"));
                const slow = await room(() => undefined);
                await gw.addServer("s1", leaky.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                const descs = [(await p.next("errorResponse"))[0].desc];
                await gw.directory.removeServer("s1", "test");
                await gw.addServer("s2", picky.addr);
                p.sitDown("r2");
                descs.push((await p.next("errorResponse"))[0].desc);
                await gw.directory.removeServer("s2", "test");
                await gw.addServer("s3", slow.addr);
                p.sitDown("r3");
                descs.push((await p.next("errorResponse", () => true, 15_000))[0].desc);
                assert.deepEqual(descs, [
                    "cannot sit down: the room server failed (INTERNAL)",
                    "cannot sit down: the room refused the request: seat: 9x is not allowed on (internal)",
                    "cannot sit down: the room server did not answer in time",
                ]);
                for (const d of descs) assert.doesNotMatch(d, /127\.0\.0\.1|10\.0\.0\.5|:\d{2,5}\b/);
            });
        });

        describe("#seated", () => {
            it("must send Disconnect(0) when the stream breaks and let the player sit again", async () => {
                let first = true;
                const r = await room((call) => {
                    seatAndEcho(call);
                    if (first) {
                        first = false;
                        call.on("data", (f: { cmd: number }) => f.cmd === Cmd.DICE_SHAKE && refuse(call, status.INTERNAL, "boom"));
                    }
                });
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                p.shake();
                const [reason] = await p.next("disconnect");
                assert.equal(reason, 0);
                p.sitDown("r1");
                await p.next("user");
                assert.equal(r.streams.length, 2);
            });

            it("must not add Disconnect(0) after the room's own Disconnect", async () => {
                const r = await room((call) => {
                    seatAndEcho(call);
                    call.on("data", (f: { cmd: number }) => {
                        if (f.cmd !== Cmd.STAND_UP) return;
                        call.write(frame(Cmd.DISCONNECT, encode.int32(2)));
                        refuse(call, status.CANCELLED, "replaced");
                    });
                });
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                const reasons: number[] = [];
                p.on("disconnect", (d) => reasons.push(d));
                p.standUp();
                await p.next("disconnect");
                await waitFor("idle", async () => (await gw.metrics.seated.get()).values[0]?.value === 0);
                // An idle session answers StatusMismatch: proof the gateway moved on without a second Disconnect.
                p.shake();
                await p.next("errorResponse");
                assert.deepEqual(reasons, [2]);
            });

            it("must cancel the room stream when the client goes away", async () => {
                const r = await room(seatAndEcho);
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                const cancelled = new Promise<void>((resolve) => r.streams[0]!.on("cancelled", () => resolve()));
                await p.close();
                await cancelled;
                await waitFor("seated gauge back to 0", async () => (await gw.metrics.seated.get()).values[0]?.value === 0);
            });

            it("must return to idle after a clean stream end (stand up), adding no frame of its own", async () => {
                // As the room does after a StandUp: it ends the stream with OK and says nothing to the leaver.
                const r = await room((call) => {
                    call.write(frame(Cmd.SIT_DOWN, encode.user(BigInt(md(call, "user_id")!), 0, true)));
                    call.on("data", (f: { cmd: number }) => f.cmd === Cmd.STAND_UP && call.end());
                });
                await gw.addServer("s1", r.addr);
                const p = await gw.player(1n);
                p.sitDown("r1");
                await p.next("user");
                const after: number[] = [];
                p.on("frame", (cmd) => after.push(cmd));
                p.standUp();
                await waitFor("idle", async () => (await gw.metrics.seated.get()).values[0]?.value === 0);
                assert.deepEqual(after, []);
                p.shake();
                const [e] = await p.next("errorResponse");
                assert.equal(e.desc, "not in a room; send SitDown first");
            });
        });
    });
}
