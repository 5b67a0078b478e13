// The version the room server's group should run, from the room-versions ConfigMap (okg engine:
// DESIRED_VERSION_FILE = {"a": {"version": "1.3.0", "release": "lossless"}, ...}). A server whose own
// ROOM_VERSION differs is outdated: idle, the state probe says idle-outdated (kruise-game marks it
// WaitToBeDeleted); under a lossless release it also takes no new rooms, so its games end and it goes.
import { z } from "zod";
import { followFile, type FileFollower } from "../shared/file-watch";
import type { Logger } from "../shared/logger";

const groupSchema = z.object({ version: z.string().min(1), release: z.enum(["rolling", "lossless"]) });
const documentSchema = z.record(z.string(), groupSchema);

export interface Desired {
    version: string;
    release: "rolling" | "lossless";
}

export interface DesiredVersionOptions {
    file: string | undefined;
    group: string;
    log: Logger;
    onChange: (desired: Desired | undefined) => void;
    pollMs?: number;
}

/** Follows the file; `current()` is undefined until a valid file names this group (then nothing is outdated). */
export class DesiredVersion {
    private desired: Desired | undefined;
    private follower: FileFollower | undefined;

    constructor(private readonly o: DesiredVersionOptions) {}

    current(): Desired | undefined {
        return this.desired;
    }

    async start(): Promise<void> {
        if (this.o.file === undefined) return;
        this.follower = followFile(this.o.file, (text) => this.apply(text), { pollMs: this.o.pollMs });
        await this.follower.check();
    }

    close(): void {
        this.follower?.close();
    }

    private apply(text: string): void {
        let parsed: ReturnType<typeof documentSchema.safeParse>;
        try {
            parsed = documentSchema.safeParse(JSON.parse(text));
        } catch (err) {
            this.o.log.error({ file: this.o.file, reason: (err as Error).message }, "desired-version file is not JSON; the last one stays");
            return;
        }
        if (!parsed.success) {
            this.o.log.error(
                { file: this.o.file, reason: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
                "desired-version file refused; the last one stays",
            );
            return;
        }
        const next = parsed.data[this.o.group];
        if (JSON.stringify(next) === JSON.stringify(this.desired)) return;
        this.desired = next;
        this.o.log.info({ group: this.o.group, desired: next }, "desired version changed");
        this.o.onChange(next);
    }
}

export type RoomServerState = "busy" | "idle-outdated" | "idle";

/** What the state probe prints: busy while any room is open; idle servers on another version are outdated. */
export function roomServerState(rooms: number, version: string, desired: Desired | undefined): RoomServerState {
    if (rooms > 0) return "busy";
    return desired !== undefined && desired.version !== version ? "idle-outdated" : "idle";
}
