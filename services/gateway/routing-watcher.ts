import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseRoutingPolicy, type RoutingPolicy } from "./routing";

export interface RoutingWatcherOptions {
    file: string;
    /** Polling period; the directory watch is the fast path, polling catches what inotify misses. */
    pollMs?: number;
    /** Watch the directory too (default true); false leaves polling alone. */
    watchDir?: boolean;
}

export type InitialLoad = { ok: true; watcher: RoutingWatcher } | { ok: false; error: string };

/**
 * Keeps the last good routing policy of a file. Kubelet updates a mounted ConfigMap by swapping a
 * `..data` symlink in the file's directory, which a watch on the file itself never sees, so the
 * DIRECTORY is watched, and a timer polls too; both run the same `check()`, which re-reads the file
 * through any symlinks and acts only when the content hash changed.
 * Events: `policy` (RoutingPolicy) after a change was applied, `invalid` (error text) when a new
 * content failed validation and the previous policy stays in force.
 */
export class RoutingWatcher extends EventEmitter {
    private policy: RoutingPolicy;
    private lastHash: string;
    private dirWatcher: FSWatcher | undefined;
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<void> | undefined;
    private again = false;

    private constructor(
        private readonly file: string,
        initial: RoutingPolicy,
        hash: string,
    ) {
        super();
        this.policy = initial;
        this.lastHash = hash;
    }

    /** Loads the file once (a bad file at start is an error value) and starts watching. */
    static async start(options: RoutingWatcherOptions): Promise<InitialLoad> {
        let text: string;
        try {
            text = await readFile(options.file, "utf8");
        } catch (err) {
            return {
                ok: false,
                error: `ROUTING_FILE: cannot read "${options.file}" (${(err as NodeJS.ErrnoException).code ?? String(err)}); point it at the routing.json file`,
            };
        }
        const parsed = parseRoutingPolicy(text, options.file);
        if (!parsed.ok) return { ok: false, error: parsed.error };
        const watcher = new RoutingWatcher(options.file, parsed.policy, hashOf(text));
        watcher.begin(options.pollMs ?? 2000, options.watchDir ?? true);
        return { ok: true, watcher };
    }

    current(): RoutingPolicy {
        return this.policy;
    }

    /** Re-reads the file; concurrent calls coalesce into at most one extra pass. */
    check(): Promise<void> {
        if (this.running !== undefined) {
            this.again = true;
            return this.running;
        }
        this.running = this.pass().finally(() => {
            this.running = undefined;
            if (this.again) {
                this.again = false;
                void this.check();
            }
        });
        return this.running;
    }

    close(): void {
        this.dirWatcher?.close();
        if (this.timer !== undefined) clearInterval(this.timer);
    }

    private begin(pollMs: number, watchDir: boolean): void {
        if (watchDir) this.watchDirectory();
        this.timer = setInterval(() => void this.check(), pollMs);
        this.timer.unref();
    }

    private watchDirectory(): void {
        try {
            this.dirWatcher = watch(dirname(this.file), () => void this.check());
            this.dirWatcher.on("error", () => this.dirWatcher?.close());
        } catch {
            // Some filesystems cannot be watched; polling alone still applies every change.
            this.dirWatcher = undefined;
        }
    }

    private async pass(): Promise<void> {
        let text: string;
        try {
            text = await readFile(this.file, "utf8");
        } catch {
            // Mid-swap the path can be briefly missing; the next event or poll reads it again.
            return;
        }
        const hash = hashOf(text);
        if (hash === this.lastHash) return;
        this.lastHash = hash;
        const parsed = parseRoutingPolicy(text, this.file);
        if (parsed.ok) {
            this.policy = parsed.policy;
            this.emit("policy", parsed.policy);
        } else {
            this.emit("invalid", parsed.error);
        }
    }
}

function hashOf(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}
