// Helpers shared by the drills: seat auto players, read room owners.
import { AutoPlayer, type AutoPlayerOptions } from "../../../services/bot/auto";
import type { Cluster, GatewayProc } from "../../../lib/services/cluster";

/** `players` auto players spread over `rooms` rooms named `${prefix}<n>`, all sat down (through `gw`, default the first gateway). */
export async function seatAutos(
    cluster: Cluster,
    prefix: string,
    players: number,
    rooms: number,
    opts: Omit<AutoPlayerOptions, "roomId">,
    gw?: GatewayProc,
): Promise<AutoPlayer[]> {
    const autos = await Promise.all(
        Array.from({ length: players }, async (_, i) => new AutoPlayer(await cluster.player(gw), { ...opts, roomId: `${prefix}${i % rooms}` })),
    );
    for (const a of autos) a.start();
    await Promise.all(autos.map((a) => a.player.next("user", (u) => u.id === a.player.userId)));
    return autos;
}

/** room id → owning server id ("none" when the room key is gone). */
export async function owners(cluster: Cluster, rooms: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of new Set(rooms)) out.set(r, (await cluster.roomOwner(r)) ?? "none");
    return out;
}

export function roomsOf(owned: Map<string, string>, server: string): string[] {
    return [...owned].filter(([, o]) => o === server).map(([r]) => r);
}
