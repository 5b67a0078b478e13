import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { type HotCounter, hotCounter } from "../shared/hot-counter";

export interface GatewayMetrics {
    registry: Registry;
    connections: Gauge;
    messagesIn: HotCounter;
    messagesOut: HotCounter;
    closes: Counter<"code">;
    seated: Gauge;
    streamErrors: Counter<"code">;
    authFailures: Counter<"reason">;
    redisUp: Gauge;
    roomTickets: Counter<"route">;
}

export function createGatewayMetrics(): GatewayMetrics {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const registers = [registry];
    return {
        registry,
        connections: new Gauge({ name: "gameops_gateway_connections", help: "Open client WebSocket connections", registers }),
        messagesIn: hotCounter(registry, "gameops_gateway_messages_in_total", "Client frames received"),
        messagesOut: hotCounter(registry, "gameops_gateway_messages_out_total", "Frames sent to clients"),
        closes: new Counter({ name: "gameops_gateway_closes_total", help: "Client connections closed, by close code", labelNames: ["code"], registers }),
        seated: new Gauge({ name: "gameops_gateway_seated_players", help: "Players with an open room stream", registers }),
        streamErrors: new Counter({
            name: "gameops_gateway_stream_errors_total",
            help: "Room streams that failed or were refused, by gRPC status",
            labelNames: ["code"],
            registers,
        }),
        authFailures: new Counter({ name: "gameops_gateway_auth_failures_total", help: "Rejected tokens, by reason", labelNames: ["reason"], registers }),
        roomTickets: new Counter({
            name: "gameops_gateway_room_tickets_total",
            help: "SitDowns answered with a RoomTicket (the player plays on the room server's own port), by placement route",
            labelNames: ["route"],
            registers,
        }),
        redisUp: new Gauge({ name: "gameops_gateway_redis_up", help: "1 while Redis answers PING (readiness needs it)", registers }),
    };
}
