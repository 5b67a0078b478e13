// A service run by services/shared/process.ts as its own process, for process.test.ts. Its
// environment says how it behaves; every call of its stop() is logged.
import { env, parseEnv } from "../../../services/shared/env";
import { runService } from "../../../services/shared/process";

const fixtureEnv = {
    FIXTURE_PORT: env.port(7000),
    /** How long stop() takes. */
    FIXTURE_STOP_MS: env.int({ min: 0, max: 600_000, default: 0 }),
    FIXTURE_DEADLINE_MS: env.int({ min: 1, max: 600_000, default: 5_000 }),
    FIXTURE_FAIL_START: env.oneOf(["no", "yes"] as const, "no"),
};

void runService({
    name: "fixture",
    title: "fixture service",
    config: () => parseEnv(fixtureEnv),
    logLevel: () => "info",
    create: (e, log) => ({
        async start() {
            // A handle that keeps the process alive, like a listening socket.
            const keepAlive = setInterval(() => undefined, 60_000);
            process.once("exit", () => clearInterval(keepAlive));
            if (e.FIXTURE_FAIL_START === "yes") throw new Error("port taken");
            log.info({ port: e.FIXTURE_PORT }, "started");
        },
        async stop(reason) {
            log.info({ reason }, "stop called");
            await new Promise((resolve) => setTimeout(resolve, e.FIXTURE_STOP_MS));
            log.info("stopped");
            return 0;
        },
    }),
    stopDeadlineMs: (e) => e.FIXTURE_DEADLINE_MS,
});
