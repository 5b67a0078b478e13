// The rules sidecar of an okg room pod (image target `rules`): puts the rules file baked into its image
// (RULES_SOURCE) into the emptyDir it shares with the room container (RULES_DIR/rules.json) — written
// beside it and renamed, so the room server never reads half a file — then idles until the pod stops.
// A new rules image (room.groups.<g>.rulesTag) restarts only this container, in place: it writes the new
// file, and the room server, which follows it, applies it from each room's next round.
import { copyFile, rename } from "node:fs/promises";
import path from "node:path";
import { env, parseEnv } from "../shared/env";
import { runService } from "../shared/process";

const rulesEnv = {
    RULES_DIR: env.path({ example: "/etc/gameops/rules", optional: false }),
    RULES_SOURCE: env.string({ default: "rules/rules.json", example: "rules/rules.json" }),
    LOG_LEVEL: env.oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const, "info"),
};

void runService({
    name: "rules",
    title: "rules sidecar",
    config: () => parseEnv(rulesEnv),
    logLevel: (cfg) => cfg.LOG_LEVEL,
    create: (cfg, log) => {
        let done!: (code: number) => void;
        // Nothing else holds the event loop while the sidecar idles.
        let idle: NodeJS.Timeout | undefined;
        const stopped = new Promise<number>((resolve) => (done = resolve));
        return {
            start: async () => {
                const target = path.join(cfg.RULES_DIR as string, "rules.json");
                const partial = `${target}.partial`;
                await copyFile(cfg.RULES_SOURCE, partial);
                await rename(partial, target);
                idle = setInterval(() => undefined, 1 << 30);
                log.info({ source: cfg.RULES_SOURCE, target }, "rules file in place; idling until the pod stops");
            },
            stop: async (reason) => {
                clearInterval(idle);
                log.info({ reason }, "rules sidecar stopped");
                done(0);
                return 0;
            },
            stopped,
        };
    },
    stopDeadlineMs: () => 2000,
});
