// Preloaded by bench/gateway.ts --cpu-prof (NODE_OPTIONS="--import <this file>"), because Node 20
// refuses --cpu-prof in NODE_OPTIONS: starts the V8 sampling profiler in-process and writes the
// same .cpuprofile file `node --cpu-prof` would, into CPU_PROFILE_DIR, when the process exits.
import { Session } from "node:inspector";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.CPU_PROFILE_DIR;
if (dir !== undefined && dir !== "") {
    const session = new Session();
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: 1000 });
    // CPU_PROFILE_FROM_SIGNAL=1: profile from the first SIGUSR2 on (a bench phase, not the start-up).
    if (process.env.CPU_PROFILE_FROM_SIGNAL === "1") process.once("SIGUSR2", () => session.post("Profiler.start"));
    else session.post("Profiler.start");
    process.on("exit", () => {
        // Posts on an in-process session complete synchronously, so this runs before the process ends.
        session.post("Profiler.stop", (err, result) => {
            if (err) return;
            mkdirSync(dir, { recursive: true });
            const name = `${path.basename(process.argv[1] ?? "node", path.extname(process.argv[1] ?? ""))}-${process.pid}.cpuprofile`;
            writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
        });
    });
}
