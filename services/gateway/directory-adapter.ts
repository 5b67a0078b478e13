import { pickServer, type Directory, type ServerView } from "../directory";
import type { PlacementDirectory } from "./placement";

/** How long a NEW-room decision is reused for more players of the same room. */
const choiceMs = 5000;

/**
 * Placement reads over the shared Directory. Server loads in the directory are as old as the last
 * heartbeat (HEARTBEAT_MS), so a burst of sit-downs would put every new room on the same "least
 * loaded" server; rooms this gateway placed after a server's last heartbeat are added to its
 * load before picking.
 */
export class DirectoryPlacement implements PlacementDirectory {
    private readonly placed = new Map<string, number[]>();
    private readonly choices = new Map<string, { serverId: string; at: number }>();

    constructor(
        private readonly dir: Directory,
        private readonly now: () => number = Date.now,
    ) {}

    userRoom(userId: string): Promise<string | undefined> {
        return this.dir.userRoom(userId);
    }

    roomOwner(roomId: string): Promise<string | undefined> {
        return this.dir.roomOwner(roomId);
    }

    server(id: string): Promise<ServerView | undefined> {
        return this.dir.getServer(id);
    }

    async pickNew(roomId: string, group: string | undefined, excluded: ReadonlySet<string>): Promise<ServerView | undefined> {
        const servers = (await this.dir.listServers()).map((s) => this.withRecentPlacements(s));
        // Players of a room that does not exist yet sit down at about the same time: they all get the
        // first decision, or they would race to claim the room on different servers.
        const earlier = this.choices.get(roomId);
        if (earlier !== undefined && earlier.at > this.now() - choiceMs && !excluded.has(earlier.serverId)) {
            const same = servers.find((s) => s.id === earlier.serverId && s.state === "ready" && (group === undefined || s.group === group) && s.leased);
            if (same !== undefined) return same;
        }
        const chosen = pickServer(servers, group, excluded);
        if (chosen !== undefined) {
            const t = this.now();
            const list = this.placed.get(chosen.id) ?? [];
            list.push(t);
            this.placed.set(chosen.id, list);
            this.choices.delete(roomId);
            this.choices.set(roomId, { serverId: chosen.id, at: t });
            this.forgetOldChoices(t);
        }
        return chosen;
    }

    private forgetOldChoices(now: number): void {
        for (const [room, c] of this.choices) {
            if (c.at > now - choiceMs) break; // insertion order is time order
            this.choices.delete(room);
        }
    }

    private withRecentPlacements(s: ServerView): ServerView {
        const recent = (this.placed.get(s.id) ?? []).filter((t) => t > s.updatedAt);
        if (recent.length === 0) this.placed.delete(s.id);
        else this.placed.set(s.id, recent);
        return { ...s, rooms: s.rooms + recent.length, players: s.players + recent.length };
    }
}
