// Where players reach a room server: the gRPC port (Connect and Relay streams, and the TCP relay,
// which shares it by sniffing the first bytes) and, when configured, the direct player port. Every
// link from any of them is served by handlePlayerStream; one close ends them all.
import type net from "node:net";
import { Server, ServerCredentials, type ServerDuplexStream, status } from "@grpc/grpc-js";
import type { Frame } from "../protocol";
import { roomServiceDefinition } from "../protocol/room-service";
import type { Directory } from "../directory";
import type { Logger } from "../shared/logger";
import type { RoomServerConfig } from "./config";
import { DirectListener } from "./direct-listener";
import type { RoomMetrics } from "./metrics";
import { NetworkStatus } from "./network-status";
import { handlePlayerStream, type PlayerCall } from "./player-stream";
import { listenRelays } from "./relay-listener";
import { grpcRelay, type RelayCall, RelayPeer, type RelayTransport } from "./relay-peer";
import type { RoomHost } from "./room-host";

/** A TCP relay quiet this long is pinged, and dropped when no answer comes within half that (as the gRPC keepalive). */
const relayKeepaliveMs = 10_000;

/** How long the close waits for streams and connections before it forces them shut. */
const closeGraceMs = 2000;

export class PlayerPorts {
    private readonly relays = new Set<RelayPeer>();
    private listener: net.Server | undefined;
    private direct: DirectListener | undefined;
    private networkStatus: NetworkStatus | undefined;
    private advertiseUrl: string | undefined;
    private closing = false;

    private constructor(private readonly grpc: Server) {}

    static async open(cfg: RoomServerConfig, host: RoomHost, log: Logger, metrics: RoomMetrics, directory: Pick<Directory, "useTicket">): Promise<PlayerPorts> {
        // Server pings find a gateway that vanished without closing its connection, so its players go offline.
        const ports = new PlayerPorts(new Server({ "grpc.keepalive_time_ms": 10_000, "grpc.keepalive_timeout_ms": 5_000 }));
        const serve = (call: PlayerCall) => {
            handlePlayerStream(call, host, log, metrics).catch((err: Error) => {
                log.error({ err: err.message }, "player stream failed");
                call.destroy(err);
            });
        };
        const relayOn = (relay: RelayTransport) => {
            ports.relays.add(new RelayPeer(relay, serve, log, (peer) => ports.relays.delete(peer)));
        };
        ports.grpc.addService(roomServiceDefinition, {
            Connect: (call: ServerDuplexStream<Frame, Frame>) => serve(call),
            Relay: (call: RelayCall) => relayOn(grpcRelay(call)),
        });
        ports.listener = await listenRelays({
            port: cfg.grpcPort,
            injector: ports.grpc.createConnectionInjector(ServerCredentials.createInsecure()),
            // A relay that got through while the port closes would never be ended by close().
            onRelay: (relay) => (ports.closing ? relay.end() : relayOn(relay)),
            keepaliveMs: relayKeepaliveMs,
            onDropped: (peer, reason) => log.warn({ peer, reason }, "relay from a gateway cut; its players reconnect"),
        });
        if (cfg.direct !== undefined) {
            ports.direct = await DirectListener.listen({
                ...cfg.direct,
                serverId: cfg.serverId,
                metrics: metrics.direct,
                log,
                serve,
                useTicket: (id, ttlMs) => directory.useTicket(id, ttlMs),
            });
            ports.advertiseUrl = cfg.direct.advertiseUrl;
            if (cfg.direct.advertiseFile !== undefined) {
                ports.networkStatus = new NetworkStatus({ file: cfg.direct.advertiseFile, port: cfg.direct.port, log });
                await ports.networkStatus.start();
            }
        }
        return ports;
    }

    /** Where players reach the direct port (the directory record's wsUrl); undefined: the gateways relay them. */
    advertisedWsUrl(): string | undefined {
        return this.advertiseUrl ?? this.networkStatus?.wsUrl();
    }

    get grpcPort(): number {
        return (this.listener?.address() as net.AddressInfo).port;
    }

    get directPort(): number | undefined {
        return this.direct?.port;
    }

    /** After dissolveAll ended every link: ends the relays, closes the ports, cuts what is stuck. */
    async close(): Promise<void> {
        // A relay stays open until its gateway's channel idles, so it is ended here.
        this.closing = true;
        this.networkStatus?.close();
        for (const peer of [...this.relays]) peer.end(status.OK, "");
        const grpc = this.grpc;
        const listener = this.listener;
        await new Promise<void>((resolve) => {
            // Every stream was ended by dissolveAll; a stuck peer must not hold the exit.
            const t = setTimeout(() => {
                grpc.forceShutdown();
                resolve();
            }, closeGraceMs);
            // Done once the gRPC sessions and the port's connections (TCP relays included) are closed.
            let open = 2;
            const closed = () => {
                if (--open > 0) return;
                clearTimeout(t);
                resolve();
            };
            grpc.tryShutdown(closed);
            if (listener) listener.close(closed);
            else closed();
        });
        // Every direct link was ended by dissolveAll (its close frame queued); what is left is cut.
        await this.direct?.close();
    }
}
