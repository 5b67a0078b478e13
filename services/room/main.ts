// Entry point: `node services/room/main.js` (compiled) or `node --import tsx services/room/main.ts`.
// Started and stopped by the shared process module (shared/process.ts); the room server gives signals
// their meaning (server.ts: the first SIGTERM drains, the next ends the drain now).
import { runService } from "../shared/process";
import { loadRoomServerConfig } from "./config";
import { RoomServer, stopDeadlineMs } from "./server";

/** Beyond the drain and the server's own stop deadline, before the process exits regardless. */
const exitMarginMs = 2000;

void runService({
    name: "room",
    title: "room server",
    config: () => loadRoomServerConfig(),
    logLevel: (cfg) => cfg.logLevel,
    create: (cfg, log) => {
        const server = new RoomServer(cfg, log.child({ server: cfg.serverId }));
        return {
            start: () => server.start(),
            stop: (reason) => server.stop(reason),
            signal: (name) => server.signal(name),
            stopped: server.stopped,
        };
    },
    stopDeadlineMs: (cfg) => cfg.drainMs + stopDeadlineMs + exitMarginMs,
});
