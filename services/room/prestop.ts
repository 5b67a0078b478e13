// Kubernetes preStop hook: `node services/room/prestop.js`. Sends SIGTERM to the room server
// (PID 1 in its container) and waits until it exits or DRAIN_SECONDS pass, so the kubelet's own
// SIGTERM (which follows the hook and ends the drain at once) comes only after the drain.
import { env, EnvError, parseEnv } from "../shared/env";

const prestopEnv = {
    DRAIN_SECONDS: env.int({ min: 1, max: 86_400, default: 120 }),
    /** The process to drain; 1 in the container, a real pid in tests. */
    PRESTOP_TARGET_PID: env.int({ min: 1, max: 4_194_304, default: 1 }),
    PRESTOP_POLL_MS: env.int({ min: 10, max: 10_000, default: 250 }),
};

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}

export async function prestop(source: Record<string, string | undefined> = process.env): Promise<number> {
    let e;
    try {
        e = parseEnv(prestopEnv, source);
    } catch (err) {
        if (err instanceof EnvError) {
            process.stderr.write(`${err.message}\n`);
            return 1;
        }
        throw err;
    }
    const pid = e.PRESTOP_TARGET_PID;
    try {
        process.kill(pid, "SIGTERM");
    } catch (err) {
        process.stdout.write(`${JSON.stringify({ msg: "prestop: server already gone", pid, err: (err as Error).message })}\n`);
        return 0;
    }
    const deadline = Date.now() + e.DRAIN_SECONDS * 1000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, e.PRESTOP_POLL_MS));
    const exited = !alive(pid);
    process.stdout.write(`${JSON.stringify({ msg: exited ? "prestop: server exited" : "prestop: drain time is up", pid })}\n`);
    return 0;
}

if (require.main === module) {
    prestop().then((code) => process.exit(code));
}
