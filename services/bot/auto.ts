import { EventEmitter } from "node:events";
import { Err } from "../protocol";
import type { BotPlayer } from "./player";
import { bump } from "./stats";

export type LostPolicy = "stop" | "resit";

export interface AutoPlayerOptions {
  roomId: string;
  /** Settled rounds to play before standing up. */
  rounds: number;
  seat?: number;
  /** After Disconnect(0 retry | 1 dissolved): stop, or sit down again (in `resitRoom()` if given). */
  onLost?: LostPolicy;
  resitRoom?: () => string;
  /** Think time before shaking after DiceStart (players do not all press at the same instant). */
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
 * Plays the dice game on a BotPlayer: sit down, shake once in every round, stand up after
 * `rounds` settled rounds. A player who sits down mid-round is not told a round runs, so it shakes
 * once right away as a probe; the StatusMismatch answer to that probe (no round running) is
 * expected and not counted as an error.
 */
export class AutoPlayer extends EventEmitter<{ end: [AutoEnd] }> {
  readonly stats: AutoStats = { settled: 0, roomRounds: new Map(), errors: new Map(), disconnects: new Map(), latenciesMs: [], closingNotices: 0, cutMidRound: 0 };
  readonly done: Promise<AutoEnd>;
  room: string;
  private pending: { t0: number; probe: boolean } | undefined;
  private seated = false;
  private ended = false;
  private standing = false;
  private shakeIfProbeFails = false;
  /** A round runs that this player is part of (DiceStart seen, or a probe shake accepted). */
  private inRound = false;

  constructor(readonly player: BotPlayer, private readonly opts: AutoPlayerOptions) {
    super();
    this.room = opts.roomId;
    this.done = new Promise((resolve) => this.once("end", resolve));
    player.on("user", (u) => u.id === player.userId && this.onSeated(u.seat));
    player.on("start", () => this.onStart());
    player.on("shake", (s) => s.userId === player.userId && this.onShakeAnswer());
    player.on("errorResponse", (e) => this.onError(e.code));
    player.on("settlement", () => this.onSettlement());
    player.on("standUp", (id) => id === player.userId && this.standing && this.end("finished"));
    player.on("disconnect", (r) => this.onDisconnect(r));
    player.on("closing", () => this.stats.closingNotices++);
    player.on("close", () => this.end("closed"));
  }

  start(): void {
    this.player.sitDown(this.room, this.opts.seat ?? -1);
  }

  private onSeated(seat: number): void {
    this.seated = true;
    if (seat < 4) this.shake(true);
  }

  private onStart(): void {
    if (!this.seated) return;
    this.inRound = true;
    // A probe still in flight may land in this round or before it: its answer decides.
    if (this.pending?.probe === true) this.shakeIfProbeFails = true;
    else if (this.opts.thinkMs === undefined) this.shake(false);
    else setTimeout(() => this.inRound && this.shake(false), this.opts.thinkMs());
  }

  private shake(probe: boolean): void {
    if (this.player.seat === undefined || this.player.seat >= 4 || this.standing) return;
    this.pending = { t0: performance.now(), probe };
    this.player.shake();
  }

  private onShakeAnswer(): void {
    this.inRound = true;
    if (this.pending !== undefined) this.stats.latenciesMs.push(performance.now() - this.pending.t0);
    this.pending = undefined;
    this.shakeIfProbeFails = false;
  }

  private onError(code: number): void {
    const probe = this.pending?.probe === true;
    this.pending = undefined;
    if (probe && code === Err.STATUS_MISMATCH) {
      if (this.shakeIfProbeFails) {
        this.shakeIfProbeFails = false;
        this.shake(false);
      }
      return;
    }
    bump(this.stats.errors, code);
  }

  private onSettlement(): void {
    if (!this.seated) return;
    this.inRound = false;
    this.pending = undefined;
    this.shakeIfProbeFails = false;
    this.stats.settled++;
    this.stats.roomRounds.set(this.room, (this.stats.roomRounds.get(this.room) ?? 0) + 1);
    if (this.stats.settled >= this.opts.rounds && !this.standing) {
      this.standing = true;
      this.player.standUp();
    }
  }

  private onDisconnect(reason: number): void {
    bump(this.stats.disconnects, reason);
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
