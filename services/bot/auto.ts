import { EventEmitter } from "node:events";
import { Err, type SceneNotice } from "../protocol";
import type { BotPlayer } from "./player";
import { bump } from "./stats";

export type LostPolicy = "stop" | "resit";

/** The reference client does not shake into a round with less than this left. */
const minLeftMs = 100n;

export interface AutoPlayerOptions {
    roomId: string;
    /** Settled rounds to play before standing up. */
    rounds: number;
    seat?: number;
    /** After Disconnect(0 retry | 1 dissolved): stop, or sit down again (in `resitRoom()` if given). */
    onLost?: LostPolicy;
    resitRoom?: () => string;
    /** Think time before shaking (players do not all press at the same instant). */
    thinkMs?: () => number;
}

export type AutoEnd = "finished" | "replaced" | "lost" | "closed";

/** What one automatic player saw; the fleet adds these up. */
export interface AutoStats {
    settled: number;
    /** Settled rounds per room id. */
    roomRounds: Map<string, number>;
    errors: Map<number, number>;
    disconnects: Map<number, number>;
    latenciesMs: number[];
    closingNotices: number;
    /** Disconnects that arrived while a round this player was in had not settled yet. */
    cutMidRound: number;
}

/**
 * Plays the dice game on a BotPlayer the way the reference's dice client does, so it plays against
 * the reference backend as well as ours: shake once after DiceStart, or after a DiceScene of a
 * running round that does not list this player (the reference lists exactly who has shaken); stand
 * up after `rounds` settled rounds. The reference never confirms a StandUp, so the player is
 * finished as soon as it sent one.
 */
export class AutoPlayer extends EventEmitter<{ end: [AutoEnd] }> {
    readonly stats: AutoStats = {
        settled: 0,
        roomRounds: new Map(),
        errors: new Map(),
        disconnects: new Map(),
        latenciesMs: [],
        closingNotices: 0,
        cutMidRound: 0,
    };
    readonly done: Promise<AutoEnd>;
    room: string;
    private pending: { t0: number } | undefined;
    /** Shakes still in flight when their round settled: the room answers them StatusMismatch. */
    private lateShakes = 0;
    private seated = false;
    private ended = false;
    private standing = false;
    /** Asked to stop: stands up after the round it is in. */
    private stopping = false;
    /** A round runs that this player is part of (DiceStart, or a DiceScene of a running round). */
    private inRound = false;

    constructor(
        readonly player: BotPlayer,
        private readonly opts: AutoPlayerOptions,
    ) {
        super();
        this.room = opts.roomId;
        this.done = new Promise((resolve) => this.once("end", resolve));
        player.on("user", (u) => u.id === player.userId && (this.seated = true));
        player.on("scene", (s) => this.onScene(s));
        player.on("start", () => this.onStart());
        player.on("shake", (s) => s.userId === player.userId && this.onShakeAnswer());
        player.on("errorResponse", (e) => this.onError(e.code));
        player.on("settlement", () => this.onSettlement());
        player.on("disconnect", (r) => this.onDisconnect(r));
        player.on("closing", () => this.stats.closingNotices++);
        player.on("close", () => this.end("closed"));
    }

    start(): void {
        this.player.sitDown(this.room, this.opts.seat ?? -1);
    }

    /**
     * Stands up after the round this player is in, or at once between rounds: the stop a real player
     * makes, which cuts no round (a drill ends its players this way).
     */
    stopAfterRound(): void {
        this.stopping = true;
        if (this.inRound || this.standing) return;
        this.standing = true;
        if (this.seated) this.player.standUp();
        this.end("finished");
    }

    /** Every sit-down and reconnect is answered with the scene: it says whether to shake now. */
    private onScene(scene: SceneNotice): void {
        this.seated = true;
        this.inRound = scene.status;
        const shook = String(this.player.userId) in scene.dice;
        // Like the reference client: not when the round is about to end (the shake would arrive late).
        if (scene.status && !shook && scene.leftTime >= minLeftMs) this.shakeAfterThinking();
    }

    private onStart(): void {
        if (!this.seated) return;
        this.inRound = true;
        this.shakeAfterThinking();
    }

    private shakeAfterThinking(): void {
        if (this.opts.thinkMs === undefined) this.shake();
        else setTimeout(() => this.inRound && this.shake(), this.opts.thinkMs());
    }

    private shake(): void {
        if (this.player.seat === undefined || this.player.seat >= 4 || this.standing || this.pending !== undefined) return;
        this.pending = { t0: performance.now() };
        this.player.shake();
    }

    private onShakeAnswer(): void {
        if (this.pending !== undefined) this.stats.latenciesMs.push(performance.now() - this.pending.t0);
        this.pending = undefined;
    }

    private onError(code: number): void {
        this.pending = undefined;
        // A shake into a round that settled meanwhile (a sit-down late in the round) is a race the
        // player cannot avoid, not an error of the server.
        if (code === Err.STATUS_MISMATCH && this.lateShakes > 0) return void this.lateShakes--;
        bump(this.stats.errors, code);
    }

    private onSettlement(): void {
        if (!this.seated) return;
        this.inRound = false;
        if (this.pending !== undefined) this.lateShakes++;
        this.pending = undefined;
        this.stats.settled++;
        this.stats.roomRounds.set(this.room, (this.stats.roomRounds.get(this.room) ?? 0) + 1);
        if ((this.stats.settled >= this.opts.rounds || this.stopping) && !this.standing) {
            // Between rounds, so the stand-up is never the refused kind (after shaking, in a round).
            this.standing = true;
            this.player.standUp();
            this.end("finished");
        }
    }

    private onDisconnect(reason: number): void {
        bump(this.stats.disconnects, reason);
        this.lateShakes = 0;
        if (this.inRound) this.stats.cutMidRound++;
        this.inRound = false;
        this.seated = false;
        this.pending = undefined;
        if (reason === 2) return this.end("replaced");
        if (this.opts.onLost === "resit" && !this.standing) {
            this.room = this.opts.resitRoom?.() ?? this.room;
            this.player.sitDown(this.room, this.opts.seat ?? -1);
            return;
        }
        this.end("lost");
    }

    private end(how: AutoEnd): void {
        if (this.ended) return;
        this.ended = true;
        this.emit("end", how);
    }
}
