import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { hotCounter } from "../shared/hot-counter";

export function createRoomMetrics() {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return {
        registry,
        rooms: new Gauge({ name: "gameops_room_rooms", help: "Rooms hosted by this server", registers: [registry] }),
        players: new Gauge({ name: "gameops_room_players", help: "Members (seated and watching) of all rooms", registers: [registry] }),
        rounds: new Counter({ name: "gameops_room_rounds_settled_total", help: "Settled rounds", registers: [registry] }),
        resultsPending: new Gauge({ name: "gameops_room_results_pending", help: "Settled rounds not yet in the results stream", registers: [registry] }),
        resultsRefused: new Counter({
            name: "gameops_room_results_refused_total",
            help: "Settled rounds the directory refused because another server claimed the room since (stale owner)",
            registers: [registry],
        }),
        streams: new Counter({
            name: "gameops_room_streams_total",
            help: "Player streams by outcome",
            labelNames: ["outcome"] as const,
            registers: [registry],
        }),
        draining: new Gauge({ name: "gameops_room_draining", help: "1 while the server drains", registers: [registry] }),
        // The direct port's client edge (services/direct-rooms.md), named as the gateway's.
        direct: {
            messagesIn: hotCounter(registry, "gameops_room_direct_messages_in_total", "Client frames received on the direct port"),
            messagesOut: hotCounter(registry, "gameops_room_direct_messages_out_total", "Frames sent to direct clients"),
            closes: new Counter({
                name: "gameops_room_direct_closes_total",
                help: "Direct client connections closed, by close code",
                labelNames: ["code"] as const,
                registers: [registry],
            }),
        },
    };
}

export type RoomMetrics = ReturnType<typeof createRoomMetrics>;
