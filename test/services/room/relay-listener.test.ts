// The room's end of a TCP relay cuts a gateway that stops reading, instead of holding its output
// without bound, and says why.
import { strict as assert } from "node:assert";
import net from "node:net";
import * as grpc from "@grpc/grpc-js";
import { relayHello } from "../../../services/protocol/relay-socket";
import { listenRelays } from "../../../services/room/relay-listener";
import type { RelayTransport } from "../../../services/room/relay-peer";
import { waitFor, within } from "../../../lib/services/wait";

describe("room relay listener", function () {
    this.timeout(20_000);
    const cleanup: (() => unknown)[] = [];
    afterEach(async () => {
        for (const c of cleanup.splice(0).reverse()) await c();
    });

    /** A listener whose relays cut a gateway past `limit` unsent bytes, and a gateway connected to it that said hello. */
    async function connected(limit: number) {
        const server = new grpc.Server();
        const relays: RelayTransport[] = [];
        const dropped: [string, string][] = [];
        const listener = await listenRelays({
            port: 0,
            injector: server.createConnectionInjector(grpc.ServerCredentials.createInsecure()),
            onRelay: (r) => relays.push(r),
            keepaliveMs: 60_000,
            maxBacklogBytes: limit,
            onDropped: (peer, reason) => dropped.push([peer, reason]),
        });
        cleanup.push(() => listener.close());
        const gateway = net.connect({ host: "127.0.0.1", port: (listener.address() as net.AddressInfo).port });
        cleanup.push(() => gateway.destroy());
        gateway.write(relayHello);
        await new Promise<void>((resolve) => gateway.once("data", () => resolve()));
        return { relay: relays[0]!, dropped, gateway };
    }

    it("must cut a gateway that reads nothing once the unsent bytes pass the limit, name the limit, and end the relay as cancelled", async () => {
        const limit = 64 * 1024;
        const { relay, dropped, gateway } = await connected(limit);
        // A gateway that said hello and then never reads again.
        gateway.pause();
        const cancelled = new Promise<void>((resolve) => relay.on("cancelled", () => resolve()));

        // The kernel takes megabytes on loopback before anything waits in the process; a batch per turn.
        const batch = Buffer.alloc(32 * 1024, 0x0a);
        let written = 0;
        while (dropped.length === 0 && written < 256 * 1024 * 1024) {
            relay.write(batch);
            written += batch.length;
            await new Promise((r) => setImmediate(r));
        }
        await within("the relay to end as cancelled", cancelled, 5_000);
        assert.equal(dropped.length, 1, `written ${written} bytes`);
        const [peer, reason] = dropped[0]!;
        assert.equal(peer, `127.0.0.1:${gateway.localPort}`);
        assert.match(reason, new RegExp(`^the gateway is not reading: \\d+ bytes wait to be sent on the relay \\(limit ${limit}\\)$`));
        // Nothing more is written after the cut.
        assert.equal(relay.write(batch), false);
    });

    it("must keep a gateway that reads, through the same writes", async () => {
        const limit = 64 * 1024;
        const { relay, dropped, gateway } = await connected(limit);
        let received = relayHello.length;
        gateway.on("data", (d: Buffer) => (received += d.length));
        const batch = Buffer.alloc(32 * 1024, 0x0a);
        const total = 64 * 1024 * 1024;
        // Far more in all than the limit (and than the kernel buffers), never more than the limit unread.
        for (let written = batch.length; written <= total; written += batch.length) {
            if (relay.write(batch) === false) {
                await waitFor("the gateway to read what was written", () => received >= relayHello.length + written, { intervalMs: 1 });
            }
        }
        await waitFor("every byte to arrive", () => received >= relayHello.length + total);
        assert.deepEqual(dropped, []);
    });
});
