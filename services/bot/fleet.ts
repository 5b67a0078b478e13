import { AutoPlayer, type AutoEnd, type LostPolicy } from "./auto";
import { BotPlayer } from "./player";
import { summarize, type LatencySummary } from "./stats";
import { mintToken } from "./token";

export interface FleetOptions {
    url: string;
    players: number;
    rooms: number;
    rounds: number;
    jwtKeyBase64: string;
    /** First player id; players get consecutive ids. */
    firstId?: bigint;
    /**
     * First room id; rooms get consecutive ids. Numeric because the reference backend accepts only
     * an int64 `room_id`; the default is derived from the clock so that runs do not share rooms.
     */
    firstRoomId?: bigint;
    version?: string;
    /** Connect with ?direct=1: play on a room server's own port when the gateway hands one out. */
    direct?: boolean;
    onLost?: LostPolicy;
    /** The run stops by itself after this long, finished or not. */
    deadlineMs?: number;
    /** Sockets opened at once while connecting. */
    connectBatch?: number;
}

export interface FleetSummary {
    players: number;
    rooms: number;
    /** Distinct settled rounds, summed over rooms (a room's count is the most any of its players saw). */
    roundsPlayed: number;
    ends: Record<AutoEnd | "unfinished", number>;
    errorsByCode: Record<string, number>;
    disconnectsByReason: Record<string, number>;
    /** Sockets that closed before their player finished (not counting our own close after finishing). */
    unexpectedCloses: number;
    closingNotices: number;
    shakeLatencyMs: LatencySummary;
    durationMs: number;
    /** With --direct: RoomTickets the gateway handed out, and how many the room servers refused (those players were relayed). */
    direct?: { tickets: number; refused: number };
}

/** Plays `players` bots spread over `rooms` rooms (player i in room i mod rooms) and adds up what they saw. */
export async function runFleet(opts: FleetOptions): Promise<FleetSummary> {
    const t0 = performance.now();
    const firstId = opts.firstId ?? 1_000_000n;
    const firstRoom = opts.firstRoomId ?? BigInt(Date.now()) * 1000n;
    const autos: AutoPlayer[] = [];
    const batch = opts.connectBatch ?? 100;
    const direct = { tickets: 0, refused: 0 };
    try {
        for (let i = 0; i < opts.players; i += batch) {
            const group = Array.from({ length: Math.min(batch, opts.players - i) }, async (_, j) => {
                const id = firstId + BigInt(i + j);
                const token = await mintToken(id, opts.jwtKeyBase64);
                const player = new BotPlayer({ url: opts.url, userId: id, token, version: opts.version, direct: opts.direct });
                player.on("ticket", () => direct.tickets++);
                player.on("directRefused", () => direct.refused++);
                const auto = new AutoPlayer(player, { roomId: String(firstRoom + BigInt((i + j) % opts.rooms)), rounds: opts.rounds, onLost: opts.onLost });
                autos.push(auto);
                await player.opened();
            });
            await Promise.all(group);
        }
    } catch (err) {
        // One refused socket ends the run; the ones already open must not stay connected (seated bots
        // in a drill, or a CLI process that never exits).
        await Promise.all(autos.map((a) => a.player.close()));
        throw new Error(`cannot connect ${opts.players} players to ${opts.url}: ${(err as Error).message}`);
    }
    for (const a of autos) a.start();

    const ends = new Map<AutoPlayer, AutoEnd>();
    const all = Promise.all(autos.map((a) => a.done.then((e) => ends.set(a, e))));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, opts.deadlineMs ?? 120_000)))]);
    clearTimeout(timer);
    await Promise.all(autos.map((a) => a.player.close()));
    const summary = summarizeFleet(autos, ends, opts, performance.now() - t0);
    return opts.direct === true ? { ...summary, direct } : summary;
}

function summarizeFleet(autos: AutoPlayer[], ends: Map<AutoPlayer, AutoEnd>, opts: FleetOptions, durationMs: number): FleetSummary {
    const errors = new Map<number, number>();
    const disconnects = new Map<number, number>();
    const roomRounds = new Map<string, number>();
    const endCounts: FleetSummary["ends"] = { finished: 0, replaced: 0, lost: 0, closed: 0, unfinished: 0 };
    const latencies: number[] = [];
    let closing = 0;
    for (const a of autos) {
        const s = a.stats;
        for (const [k, v] of s.errors) errors.set(k, (errors.get(k) ?? 0) + v);
        for (const [k, v] of s.disconnects) disconnects.set(k, (disconnects.get(k) ?? 0) + v);
        for (const [room, n] of s.roomRounds) roomRounds.set(room, Math.max(roomRounds.get(room) ?? 0, n));
        latencies.push(...s.latenciesMs);
        closing += s.closingNotices;
        endCounts[ends.get(a) ?? "unfinished"]++;
    }
    return {
        players: opts.players,
        rooms: opts.rooms,
        roundsPlayed: [...roomRounds.values()].reduce((a, b) => a + b, 0),
        ends: endCounts,
        errorsByCode: Object.fromEntries([...errors].map(([k, v]) => [String(k), v])),
        disconnectsByReason: Object.fromEntries([...disconnects].map(([k, v]) => [String(k), v])),
        unexpectedCloses: endCounts.closed,
        closingNotices: closing,
        shakeLatencyMs: summarize(latencies),
        durationMs: Math.round(durationMs),
    };
}
