/**
 * Where a sit-down goes (CONTRACT.md "Directory"): the room the player is already in (reconnect
 * through any gateway), else the owner of the requested room (even while it drains), else a NEW
 * room on the least-loaded ready server of the wanted group. Entries that point at a server whose
 * directory record is gone are stale (a crashed server) and skipped.
 *
 * A player whose group has no ready server at all goes to another group's (route "fallback") unless
 * a version rule chose the group: during an A/B cutover the old group drains at once while each
 * gateway reads the new routing file only at the kubelet's next ConfigMap sync (up to a minute or
 * so), and a gateway still on the old file must not strand the players of the rooms that ended.
 */

interface PlacementServer {
    id: string;
    addr: string;
    group: string;
    state: string;
    /** The server's direct player port (absent: its players are relayed). */
    wsUrl?: string;
}

/** The reads placement needs; an adapter over services/directory. */
export interface PlacementDirectory {
    userRoom(userId: string): Promise<string | undefined>;
    roomOwner(roomId: string): Promise<string | undefined>;
    server(id: string): Promise<PlacementServer | undefined>;
    /** Picks the server for NEW room `roomId` of `group` (any group when undefined) among live servers, excluding `excluded` ids. */
    pickNew(roomId: string, group: string | undefined, excluded: ReadonlySet<string>): Promise<PlacementServer | undefined>;
}

type Route = "user" | "room" | "new" | "fallback" | "owner-redirect";

export interface Target {
    addr: string;
    /** Server id when the directory named it (absent for an `owner-addr` redirect). */
    serverId: string | undefined;
    /** The room the stream asks for: the player's current room on reconnect, else the requested one. */
    roomId: string;
    route: Route;
    /** The server's direct player port, when the directory names one. */
    wsUrl?: string;
}

export interface PlacementRequest {
    userId: string;
    roomId: string;
    group: string;
    /** Servers that already refused or failed during this sit-down. */
    excluded: ReadonlySet<string>;
    /** Set after the player's current room turned out unreachable: use the requested room. */
    ignoreUserRoom: boolean;
    /** When `group` has no ready server, a new room may go to another group's (no version rule chose `group`). */
    anyGroupFallback?: boolean;
}

export type PlacementResult = { ok: true; target: Target } | { ok: false; reason: string };

export async function place(dir: PlacementDirectory, req: PlacementRequest): Promise<PlacementResult> {
    if (!req.ignoreUserRoom) {
        const current = await dir.userRoom(req.userId);
        if (current !== undefined) {
            const owner = await liveOwner(dir, current, req.excluded);
            if (owner !== undefined) return { ok: true, target: targetOn(owner, current, "user") };
        }
    }
    const owner = await liveOwner(dir, req.roomId, req.excluded);
    if (owner !== undefined) return { ok: true, target: targetOn(owner, req.roomId, "room") };
    const fresh = await dir.pickNew(req.roomId, req.group, req.excluded);
    if (fresh !== undefined) return { ok: true, target: targetOn(fresh, req.roomId, "new") };
    const other = req.anyGroupFallback ? await dir.pickNew(req.roomId, undefined, req.excluded) : undefined;
    if (other === undefined) return { ok: false, reason: `no ready room server in group ${req.group}` };
    return { ok: true, target: targetOn(other, req.roomId, "fallback") };
}

function targetOn(s: PlacementServer, roomId: string, route: Route): Target {
    const t: Target = { addr: s.addr, serverId: s.id, roomId, route };
    // A draining server still serves its rooms, through the relay: its pod is out of its load balancer.
    if (s.wsUrl !== undefined && s.state === "ready") t.wsUrl = s.wsUrl;
    return t;
}

async function liveOwner(dir: PlacementDirectory, roomId: string, excluded: ReadonlySet<string>): Promise<PlacementServer | undefined> {
    const id = await dir.roomOwner(roomId);
    if (id === undefined || excluded.has(id)) return undefined;
    return dir.server(id);
}
