// Follows one file that another process replaces: a kubelet-mounted ConfigMap (a `..data` symlink swap)
// or a file a sidecar renames into an emptyDir. The DIRECTORY is watched (a watch on the file itself
// never sees a swap or a rename) and a timer polls too; both run the same check, which re-reads the
// file and calls back only when its content changed. A missing file is not a change (mid-swap, or the
// writer has not written it yet): the next event or poll reads it again.
import { createHash } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface FileFollower {
    /** Re-reads the file now (what a watch event or a poll does); resolves once the callback ran, if it did. */
    check(): Promise<void>;
    close(): void;
}

export function followFile(file: string, onContent: (text: string) => void, opts: { pollMs?: number } = {}): FileFollower {
    let lastHash: string | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    const pass = async () => {
        let text: string;
        try {
            text = await readFile(file, "utf8");
        } catch {
            return;
        }
        const hash = createHash("sha256").update(text).digest("hex");
        if (hash === lastHash) return;
        lastHash = hash;
        onContent(text);
    };
    const check = (): Promise<void> => {
        if (running !== undefined) {
            again = true;
            return running;
        }
        running = pass().finally(() => {
            running = undefined;
            if (again) {
                again = false;
                void check();
            }
        });
        return running;
    };
    let dirWatcher: FSWatcher | undefined;
    try {
        dirWatcher = watch(dirname(file), () => void check());
        dirWatcher.on("error", () => dirWatcher?.close());
    } catch {
        // A directory that cannot be watched (or is not there yet): polling alone still sees every change.
        dirWatcher = undefined;
    }
    const timer = setInterval(() => void check(), opts.pollMs ?? 2000);
    timer.unref();
    return {
        check,
        close: () => {
            dirWatcher?.close();
            clearInterval(timer);
        },
    };
}
