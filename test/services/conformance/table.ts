// The conformance fixture: one real gateway, room server and redis-server (the drills' Cluster on
// the test harness) and, per scenario, a fresh numeric room id with players whose frames are
// recorded from their first one. Every scenario runs over each transport: relayed through the
// gateway, and direct (services/direct-rooms.md: the gateway hands out a RoomTicket and the client
// plays on the room server's own port); a player sees the same frames either way.
import { Cluster } from "../../../lib/services/cluster";
import { waitFor } from "../../../lib/services/wait";
import { between, F, Recorder } from "./frames";

/** Long rounds: only the scenario ends one (early settlement), never the clock. */
export const roundMs = 60_000;
/** A short idle after settlement, so the next DiceStart is part of the scenario. */
export const settleMs = 300;
/** LeftTime of a round that started during the scenario (a busy machine is slow, never 20 s slow). */
export const roundLeft = between(roundMs - 20_000, roundMs);

export type Transport = "relay" | "direct";
export const transports: readonly Transport[] = ["relay", "direct"];

export interface Conformance {
    readonly cluster: Cluster;
    /** A new table in a room nobody used yet. */
    table(): Table;
}

/** Registers before/after hooks on the enclosing describe. */
export function conformanceCluster(transport: Transport): Conformance {
    let cluster: Cluster | undefined;
    let nextRoom = 1001;
    let tables: Table[] = [];
    before(async function () {
        this.timeout(60_000);
        cluster = await Cluster.start();
        await cluster.addRoom("room-a-0", "a", { ROUND_MS: String(roundMs), SETTLE_MS: String(settleMs) }, transport === "direct");
        await cluster.addGateway();
        cluster.directPlayers = transport === "direct";
    });
    // Every scenario starts with nobody seated, so the gateway's seated count is the scenario's own.
    afterEach(async () => {
        await Promise.all(tables.map((t) => t.leave()));
        tables = [];
    });
    after(async () => {
        await cluster?.stop();
    });
    return {
        get cluster() {
            if (!cluster) throw new Error("the conformance cluster is not started (use it inside it())");
            return cluster;
        },
        table() {
            const t = new Table(this.cluster, String(nextRoom++), transport);
            tables.push(t);
            return t;
        },
    };
}

class Table {
    private readonly players: Recorder[] = [];
    private readonly refusals: string[] = [];

    constructor(
        readonly cluster: Cluster,
        /** Numeric, as the reference requires of `room_id`. */
        readonly roomId: string,
        readonly transport: Transport,
    ) {}

    /** A connected player (a new socket), its frames recorded; `id` again = the same user on a new connection. */
    async connect(name: string, id?: bigint): Promise<Recorder> {
        const r = new Recorder(await this.cluster.player(undefined, id), name);
        // A refused ticket would fall back to the relay and hide a broken direct port: fail instead.
        r.player.on("directRefused", (code, reason) => this.refusals.push(`${name}: ${code} ${reason}`));
        this.players.push(r);
        return r;
    }

    /** Closes every socket of the table and waits until the gateway has nobody seated. */
    async leave(): Promise<void> {
        await Promise.all(this.players.map((r) => r.player.close()));
        await this.seatedLinks(0);
        if (this.refusals.length > 0) throw new Error(`the room's direct port refused: ${this.refusals.join("; ")}`);
    }

    /** Connects and sends SitDown for this table's room (seat -1, game dice). */
    async sit(name: string, id?: bigint): Promise<Recorder> {
        const r = await this.connect(name, id);
        await this.sitDown(r);
        return r;
    }

    /** Sends SitDown for this table's room on `r`'s connection; direct, the gateway must answer with a ticket (a relayed answer would pass unnoticed). */
    async sitDown(r: Recorder): Promise<void> {
        const ticket = this.transport === "direct" ? r.player.next("ticket") : undefined;
        r.player.sitDown(this.roomId);
        await ticket;
    }

    /**
     * Seats `n` new players one after the other (seats 0, 1, ...), each checked against the
     * sit-down golden of sit-down.test.ts, so each scenario starts from known frames.
     */
    async seatPlayers(n: number): Promise<Recorder[]> {
        const seated: Recorder[] = [];
        for (let i = 0; i < n; i++) {
            const p = await this.sit(String.fromCharCode(97 + i));
            const id = p.player.userId;
            await p.expect("sit-down", [...seated.map((s, seat) => F.user(s.player.userId, seat)), F.user(id, i), F.scene(true, roundLeft, {})]);
            for (const s of seated) await s.expect("the newcomer", [F.user(id, i)]);
            seated.push(p);
        }
        return seated;
    }

    /**
     * Barrier: exactly `n` players of this table are linked to the room (relayed: the gateway has
     * them on a room stream; direct: their socket to the room's port is open). A player whose link
     * ended without a frame (stand-up) is seen by the client only through what follows it.
     */
    async seatedLinks(n: number): Promise<void> {
        if (this.transport === "direct") {
            await waitFor(`${n} players on the room's direct port`, async () => this.players.filter((r) => r.player.onRoomPort).length === n);
            return;
        }
        const gw = this.cluster.gateways[0]!;
        const url = `http://127.0.0.1:${gw.adminPort}/metrics`;
        await waitFor(`${n} players seated on the gateway`, async () => {
            const body = await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
            return new RegExp(`^gameops_gateway_seated_players ${n}$`, "m").test(body);
        });
    }
}
