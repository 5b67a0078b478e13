// The dice rules of services/room/game for the bench's two other servers (the colyseus room and the
// raw-ws relay), written once so both do the same work per message as our room server: 4 seats,
// User frames on sit-down then DiceScene to the newcomer, a round that starts when someone sits,
// shake answers (own points to the shaker, 0 to the others), early settlement once everyone seated
// has shaken, a settle pause, the next round, Print's text dump. Plain JavaScript so the servers
// run under plain node, as our compiled services do (tsx would add its loader's memory to theirs).

/** Err values of the client protocol that the rules answer with. */
const statusMismatch = 102;
const diceAlreadyShaken = 10001;
const seats = 4;

export class DiceTable {
    /**
     * @param {{ roomId: string, roundMs: number, settleMs: number, send: (conn: unknown, kind: string, value: unknown) => void, onEmpty: () => void }} opts
     */
    constructor(opts) {
        this.opts = opts;
        /** @type {Map<number, { id: number, seat: number, conn: unknown }>} */
        this.players = new Map();
        /** @type {Map<number, number> | undefined} dice of the running round; undefined between rounds */
        this.dice = undefined;
        this.lastDice = new Map();
        this.round = 0;
        this.roundEnd = 0;
        this.timer = undefined;
        this.settling = false;
    }

    join(id, conn) {
        const used = new Set([...this.players.values()].map((p) => p.seat));
        let seat = 0;
        while (used.has(seat)) seat++;
        const me = { id, seat, conn };
        for (const p of this.players.values()) this.opts.send(conn, "user", { id: p.id, seat: p.seat, online: true });
        this.players.set(id, me);
        for (const p of this.players.values()) this.opts.send(p.conn, "user", { id, seat, online: true });
        const starts = this.dice === undefined && !this.settling && seat < seats;
        if (starts) this.startRound(id);
        this.opts.send(conn, "scene", this.scene(id));
    }

    leave(id) {
        if (!this.players.delete(id)) return;
        for (const p of this.players.values()) this.opts.send(p.conn, "standUp", id);
        if (this.players.size > 0) return;
        clearTimeout(this.timer);
        this.opts.onEmpty();
    }

    shake(id) {
        const me = this.players.get(id);
        if (me === undefined) return;
        if (this.dice === undefined) return this.opts.send(me.conn, "error", { code: statusMismatch, desc: "not in a round" });
        if (this.dice.has(id)) return this.opts.send(me.conn, "error", { code: diceAlreadyShaken, desc: "already shaken" });
        const points = 1 + Math.floor(Math.random() * 6);
        this.dice.set(id, points);
        for (const p of this.players.values()) this.opts.send(p.conn, "shake", { userId: id, points: p.id === id ? points : 0 });
        if (this.dice.size > 1 && this.dice.size === this.players.size) this.settle();
    }

    print(id) {
        const me = this.players.get(id);
        if (me === undefined) return;
        const phase = this.dice === undefined ? "idle" : "playing";
        const lines = [
            `room ${this.opts.roomId} phase=${phase} round=${this.round} left=${Math.max(0, this.roundEnd - Date.now())}ms players=${this.players.size}`,
        ];
        for (const p of [...this.players.values()].sort((a, b) => a.seat - b.seat)) {
            const points = this.dice?.get(p.id);
            lines.push(`seat ${p.seat}: ${p.id} online${points === undefined ? "" : ` shook=${points}`}`);
        }
        this.opts.send(me.conn, "print", lines.join("\n"));
    }

    scene(viewer) {
        if (this.dice === undefined) return { status: false, leftTime: 0, dice: Object.fromEntries(this.lastDice) };
        const dice = {};
        for (const [id, points] of this.dice) dice[id] = id === viewer ? points : 0;
        return { status: true, leftTime: Math.max(0, this.roundEnd - Date.now()), dice };
    }

    /** `quiet`: the player whose sit-down starts the round learns it from its DiceScene, not DiceStart. */
    startRound(quiet) {
        this.round++;
        this.dice = new Map();
        this.roundEnd = Date.now() + this.opts.roundMs;
        this.timer = setTimeout(() => this.settle(), this.opts.roundMs);
        for (const p of this.players.values()) if (p.id !== quiet) this.opts.send(p.conn, "start", this.opts.roundMs);
    }

    settle() {
        clearTimeout(this.timer);
        const dice = this.dice ?? new Map();
        this.dice = undefined;
        this.lastDice = dice;
        const best = Math.max(0, ...dice.values());
        const winners = [...dice].filter(([, points]) => points === best && best > 0).map(([id]) => id);
        for (const p of this.players.values()) this.opts.send(p.conn, "settlement", { idle: this.opts.settleMs, winners, dice: Object.fromEntries(dice) });
        this.settling = true;
        this.timer = setTimeout(() => {
            this.settling = false;
            if (this.players.size > 0) this.startRound(undefined);
        }, this.opts.settleMs);
    }
}
