// Players for the drill: auto players (services/bot) that behave like real ones across a release —
// after Disconnect(0|1) they sit down again, and when their gateway goes away (1001) they reconnect
// through the Service, which sends them to another gateway, and return to their room.
import { AutoPlayer } from "../../../services/bot/auto";
import { BotPlayer } from "../../../services/bot/player";
import { mintToken } from "../../../services/bot/token";

export interface CrowdTotals {
    players: number;
    /** Disconnects that came while the player's round was running (goal: 0). */
    cutMidRound: number;
    settled: number;
    disconnects: Record<string, number>;
    errors: Record<string, number>;
    /** Error responses by their text. */
    errorTexts: Record<string, number>;
    /** Socket closes by code (1001: a gateway stopping). */
    closes: Record<string, number>;
    reconnects: number;
    /** Reconnects after which a round settled for the player (it plays again). */
    playingAgain: number;
}

function add(into: Record<string, number>, from: Map<number, number>): void {
    for (const [k, v] of from) into[String(k)] = (into[String(k)] ?? 0) + v;
}

export class DrillPlayer {
    private auto: AutoPlayer | undefined;
    private stopping = false;
    private readonly finished: Promise<void>;
    private resolveFinished!: () => void;
    readonly totals = { cutMidRound: 0, settled: 0, reconnects: 0, playingAgain: 0 };
    readonly disconnects = new Map<number, number>();
    readonly errors = new Map<number, number>();
    readonly closes = new Map<number, number>();
    /** Error responses by their text. */
    readonly errorTexts = new Map<string, number>();
    /** Settled rounds per room id. */
    readonly roomRounds = new Map<string, number>();

    constructor(
        private readonly url: string,
        readonly userId: bigint,
        readonly roomId: string,
        private readonly token: string,
    ) {
        this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    }

    /** Connects and sits down; resolves once seated. */
    async start(): Promise<void> {
        await this.connect(false);
    }

    private async connect(reconnect: boolean): Promise<void> {
        const player = new BotPlayer({ url: this.url, userId: this.userId, token: this.token });
        const auto = new AutoPlayer(player, { roomId: this.roomId, rounds: Number.POSITIVE_INFINITY, onLost: "resit" });
        this.auto = auto;
        // A sit-down refused while no server can take the room (one crashed and restarting) is tried
        // again a second later, as a game client does.
        player.on("errorResponse", (e) => {
            this.errorTexts.set(e.desc, (this.errorTexts.get(e.desc) ?? 0) + 1);
            if (e.desc.startsWith("cannot sit down") && !this.stopping) setTimeout(() => this.auto === auto && !this.stopping && auto.start(), 1000);
        });
        await player.opened();
        const seated = player.next("scene", () => true, 30_000);
        // Playing again: a round of the room it is back in settles for it.
        const playing = reconnect ? player.next("settlement", () => true, 90_000) : undefined;
        auto.start();
        await seated;
        if (reconnect) {
            this.totals.reconnects++;
            void playing?.then(
                () => this.totals.playingAgain++,
                () => undefined,
            );
        }
        void auto.done.then(async (end) => {
            this.collect(auto);
            if (end !== "closed") return this.resolveFinished();
            // The socket is closed already: its code says why (1001: the gateway is stopping).
            const closed = await player.closed;
            this.closes.set(closed.code, (this.closes.get(closed.code) ?? 0) + 1);
            if (!this.stopping) {
                try {
                    await this.connect(true);
                    return;
                } catch {
                    // counted as a close without a reconnect
                }
            }
            this.resolveFinished();
        });
    }

    private collect(auto: AutoPlayer): void {
        const s = auto.stats;
        this.totals.cutMidRound += s.cutMidRound;
        this.totals.settled += s.settled;
        for (const [k, v] of s.disconnects) this.disconnects.set(k, (this.disconnects.get(k) ?? 0) + v);
        for (const [k, v] of s.errors) this.errors.set(k, (this.errors.get(k) ?? 0) + v);
        for (const [room, n] of s.roomRounds) this.roomRounds.set(room, (this.roomRounds.get(room) ?? 0) + n);
    }

    /** Stands up after the running round and closes; resolves when done. */
    async stop(): Promise<void> {
        this.stopping = true;
        this.auto?.stopAfterRound();
        await this.finished;
        await this.auto?.player.close();
    }

    /** The player's figures so far, including the connection in use. */
    snapshot(): { cutMidRound: number; settled: number } {
        const live = this.auto?.stats;
        return { cutMidRound: this.totals.cutMidRound + (live?.cutMidRound ?? 0), settled: this.totals.settled + (live?.settled ?? 0) };
    }

    /** Disconnect notices with `reason` so far, including the connection in use. */
    disconnectsWith(reason: number): number {
        return (this.disconnects.get(reason) ?? 0) + (this.auto?.stats.disconnects.get(reason) ?? 0);
    }
}

export class Crowd {
    private constructor(readonly players: DrillPlayer[]) {}

    /** `count` players, four to a room (the dice room's seats), seated through `url`. */
    static async seat(url: string, jwtKeyBase64: string, count: number, firstRoom: bigint): Promise<Crowd> {
        const players = await Promise.all(
            Array.from({ length: count }, async (_, i) => {
                const id = 7_000_000n + BigInt(i);
                return new DrillPlayer(url, id, String(firstRoom + BigInt(Math.floor(i / 4))), await mintToken(id, jwtKeyBase64));
            }),
        );
        for (let i = 0; i < players.length; i += 50) await Promise.all(players.slice(i, i + 50).map((p) => p.start()));
        return new Crowd(players);
    }

    /** Players cut off in a running round so far (goal 0). */
    cutMidRound(): number {
        return this.players.reduce((n, p) => n + p.snapshot().cutMidRound, 0);
    }

    settled(): number {
        return this.players.reduce((n, p) => n + p.snapshot().settled, 0);
    }

    async stop(): Promise<CrowdTotals> {
        await Promise.all(this.players.map((p) => p.stop()));
        const t: CrowdTotals = {
            players: this.players.length,
            cutMidRound: 0,
            settled: 0,
            disconnects: {},
            errors: {},
            errorTexts: {},
            closes: {},
            reconnects: 0,
            playingAgain: 0,
        };
        for (const p of this.players) {
            t.cutMidRound += p.totals.cutMidRound;
            t.settled += p.totals.settled;
            t.reconnects += p.totals.reconnects;
            t.playingAgain += p.totals.playingAgain;
            add(t.disconnects, p.disconnects);
            add(t.errors, p.errors);
            add(t.closes, p.closes);
            for (const [text, n] of p.errorTexts) t.errorTexts[text] = (t.errorTexts[text] ?? 0) + n;
        }
        return t;
    }

    /** Settled rounds per room, as its players saw them (the most any one of them saw). */
    roundsByRoom(): Map<string, number> {
        const out = new Map<string, number>();
        for (const p of this.players) for (const [room, n] of p.roomRounds) out.set(room, Math.max(out.get(room) ?? 0, n));
        return out;
    }
}
