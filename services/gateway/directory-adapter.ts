import { pickServer, type Directory, type ServerRecord } from "../directory";
import type { PlacementDirectory } from "./placement";

/**
 * Placement reads over the shared Directory. Server loads in the directory are as old as the last
 * heartbeat (HEARTBEAT_MS), so a burst of sit-downs would put every new room on the same "least
 * loaded" server; rooms this gateway placed after a server's last heartbeat are added to its
 * load before picking.
 */
export class DirectoryPlacement implements PlacementDirectory {
  private readonly placed = new Map<string, number[]>();

  constructor(private readonly dir: Directory, private readonly now: () => number = Date.now) {}

  userRoom(userId: string): Promise<string | undefined> {
    return this.dir.userRoom(userId);
  }

  roomOwner(roomId: string): Promise<string | undefined> {
    return this.dir.roomOwner(roomId);
  }

  server(id: string): Promise<ServerRecord | undefined> {
    return this.dir.getServer(id);
  }

  async pickNew(group: string, excluded: ReadonlySet<string>): Promise<ServerRecord | undefined> {
    const servers = (await this.dir.listServers()).map((s) => this.withRecentPlacements(s));
    const chosen = pickServer(servers, group, excluded);
    if (chosen !== undefined) {
      const list = this.placed.get(chosen.id) ?? [];
      list.push(this.now());
      this.placed.set(chosen.id, list);
    }
    return chosen;
  }

  private withRecentPlacements(s: ServerRecord): ServerRecord {
    const recent = (this.placed.get(s.id) ?? []).filter((t) => t > s.updatedAt);
    if (recent.length === 0) this.placed.delete(s.id);
    else this.placed.set(s.id, recent);
    return { ...s, rooms: s.rooms + recent.length, players: s.players + recent.length };
  }
}
