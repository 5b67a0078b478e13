// Spawns a service entry point the way it runs locally (`node --import tsx <file>`, or the compiled
// file as the image runs it), with the node flags its pod command has, captures its JSON logs, and
// waits on conditions (readiness, a log line, exit).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { contract } from "../../components/primitives/service-contract";
import { waitFor } from "./wait";

const repoRoot = path.resolve(__dirname, "../..");

export interface ServiceOptions {
    /** Entry point, relative to the repo root (e.g. services/room/main.ts). */
    entry: string;
    args?: string[];
    env: Record<string, string>;
    /** When set, start() waits until http://127.0.0.1:<adminPort>/readyz answers 200. */
    adminPort?: number;
    readyTimeoutMs?: number;
    /**
     * Runs the compiled entry with plain node, as the image does, instead of under tsx: true = dist/ (`npm run build`),
     * a path = another build's output directory (the bench's baseline; it must sit inside the repo to find node_modules).
     */
    compiled?: boolean | string;
}

interface Exit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
    child: ChildProcess;
    pid: number;
    /** Every stdout line, parsed as JSON when possible. */
    logs: Array<Record<string, unknown> | string>;
    stderr(): string;
    exited: Promise<Exit>;
    signal(sig: NodeJS.Signals): void;
    kill(): Promise<Exit>;
    /** Resolves with the first log line (past or future) for which `match` is true. */
    waitForLog(what: string, match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
    /** GET on the admin port; returns the status code. */
    admin(pathname: string): Promise<number>;
}

async function getStatus(url: string): Promise<number> {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
}

/**
 * The node flags the pods give `entry` (the flags in its command in the service contract, e.g. the
 * gateway's heap settings), so that a service runs here with the V8 settings it has in the image.
 */
function nodeFlags(entry: string): string[] {
    const script = entry.replace(/\.ts$/, ".js");
    const values: unknown[] = Object.values(contract);
    const commands = values.filter((v): v is readonly string[] => Array.isArray(v));
    const command = commands.find((c) => c[0] === "node" && c.at(-1) === script);
    return command === undefined ? [] : command.slice(1, -1);
}

/** What follows `node` on the command line of the service process `opts` describes. */
export function serviceArgv(opts: Pick<ServiceOptions, "entry" | "args" | "compiled">): string[] {
    const dist = opts.compiled === true ? path.join(repoRoot, "dist") : opts.compiled || undefined;
    const entry = dist !== undefined ? [path.join(dist, opts.entry.replace(/\.ts$/, ".js"))] : ["--import", "tsx", path.join(repoRoot, opts.entry)];
    return [...nodeFlags(opts.entry), ...entry, ...(opts.args ?? [])];
}

export function spawnService(opts: ServiceOptions): ServiceProcess {
    const child = spawn(process.execPath, serviceArgv(opts), {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const logs: ServiceProcess["logs"] = [];
    let err = "";
    let partial = "";
    child.stdout?.on("data", (d: Buffer) => {
        partial += d.toString();
        const lines = partial.split("\n");
        partial = lines.pop() ?? "";
        for (const l of lines) {
            if (l.trim() === "") continue;
            try {
                logs.push(JSON.parse(l) as Record<string, unknown>);
            } catch {
                logs.push(l);
            }
        }
    });
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    const svc: ServiceProcess = {
        child,
        pid: child.pid ?? -1,
        logs,
        stderr: () => err,
        exited,
        signal: (sig) => {
            child.kill(sig);
        },
        kill: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            return exited;
        },
        waitForLog: (what, match, timeoutMs = 10_000) =>
            waitFor(`log line: ${what}`, () => logs.find((l): l is Record<string, unknown> => typeof l === "object" && match(l)), { timeoutMs }),
        admin: (pathname) => getStatus(`http://127.0.0.1:${opts.adminPort ?? 0}${pathname}`),
    };
    return svc;
}

/** Spawns and, when adminPort is given, waits for /readyz = 200 (fails early if the process exits). */
export async function startService(opts: ServiceOptions): Promise<ServiceProcess> {
    const svc = spawnService(opts);
    if (opts.adminPort === undefined) return svc;
    const early = svc.exited.then((e) => {
        throw new Error(`${opts.entry} exited before it was ready: ${JSON.stringify(e)}`);
    });
    const ready = waitFor(`${opts.entry} /readyz on port ${opts.adminPort}`, async () => (await svc.admin("/readyz")) === 200, {
        timeoutMs: opts.readyTimeoutMs ?? 20_000,
    });
    try {
        await Promise.race([ready, early]);
    } catch (e) {
        await svc.kill();
        const logs = svc.logs.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
        throw new Error(`${(e as Error).message}\nstdout:\n${logs}\nstderr:\n${svc.stderr()}`);
    }
    early.catch(() => undefined);
    ready.catch(() => undefined);
    return svc;
}
