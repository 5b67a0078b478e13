// Entry point: `node services/room/main.js` (compiled) or `node --import tsx services/room/main.ts`.
import { EnvError } from "../shared/env";
import { createLogger } from "../shared/logger";
import { loadRoomServerConfig } from "./config";
import { RoomServer } from "./server";

async function main(): Promise<number> {
    let cfg;
    try {
        cfg = loadRoomServerConfig();
    } catch (err) {
        if (err instanceof EnvError) {
            // LOG_LEVEL itself may be what is wrong, so this one line uses a fixed level.
            createLogger({ name: "room" }).fatal({ problems: err.problems }, err.message);
            return 1;
        }
        throw err;
    }
    const log = createLogger({ name: "room", level: cfg.logLevel });
    const server = new RoomServer(cfg, log.child({ server: cfg.serverId }));
    for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => server.signal(sig));
    try {
        await server.start();
    } catch (err) {
        log.fatal({ err: (err as Error).message }, "room server failed to start");
        await server.stop("start failed");
        return 1;
    }
    const code = await server.stopped;
    return code;
}

main().then(
    (code) => {
        process.exitCode = code;
        // Whatever handle is left (a socket in TIME_WAIT, a stray timer) must not keep a stopped server alive.
        setTimeout(() => process.exit(code), 200).unref();
    },
    (err: Error) => {
        process.stderr.write(`room server crashed: ${err.stack ?? err.message}\n`);
        process.exit(1);
    },
);
