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
    const write = (profile, suffix) => {
        mkdirSync(dir, { recursive: true });
        const name = `${path.basename(process.argv[1] ?? "node", path.extname(process.argv[1] ?? ""))}-${process.pid}${suffix}.cpuprofile`;
        writeFileSync(path.join(dir, name), JSON.stringify(profile));
    };
    // CPU_PROFILE_FROM_SIGNAL=1: each SIGUSR2 starts or stops the profiler, and a stop writes the
    // window's profile (-w1, -w2...): a bench's measured windows, not the start-up.
    let running = process.env.CPU_PROFILE_FROM_SIGNAL !== "1";
    let windows = 0;
    if (running) session.post("Profiler.start");
    else {
        process.on("SIGUSR2", () => {
            // Posts on an in-process session complete synchronously.
            if (!running) session.post("Profiler.start");
            else session.post("Profiler.stop", (err, result) => err || write(result.profile, `-w${++windows}`));
            running = !running;
        });
    }
    process.on("exit", () => {
        if (running) session.post("Profiler.stop", (err, result) => err || write(result.profile, ""));
    });
}
