import { clientCommands, Cmd, Err, encode, encodeFrame, type Frame } from "../protocol";
import { wireBytes } from "../protocol/relay";
import { RoomMetadata } from "../protocol/room-service";
import { Status, statusName } from "../protocol/status";
import type { RateLimiter } from "../shared/edge/rate-limit";
import type { Logger } from "../shared/logger";
import { roomFrame, type ChannelPool, type RoomCall } from "./channel-pool";
import type { GatewayMetrics } from "./metrics";
import { place, type PlacementDirectory, type Target } from "./placement";
import type { LinkStatus } from "./link-status";
import { classifyRefusal, type Refusal } from "./refusal";
import { parseSitDown, type SitDown } from "./sit-down";
import { goesDirect, signFor, sitDownBudget, directSitDowns, type DirectTarget } from "./direct-handover";
import type { IssuedTicket, SeatTicketIssuer } from "./tickets";

/** Dial attempts per sit-down: redirects and re-placements after a draining/dead server. */
const maxAttempts = 5;
/** Frames a client may send while its stream is being opened; they are forwarded once seated. */
const maxQueued = 32;

export interface SessionDeps {
    userId: bigint;
    clientVersion: string | undefined;
    /** Sends one encoded frame to the client (no-op once the socket is gone). */
    send(frame: Uint8Array): void;
    directory: PlacementDirectory;
    pool: ChannelPool;
    /** Group for NEW rooms under the current routing policy. */
    groupFor(clientVersion: string | undefined): string;
    strictGroup?(clientVersion: string | undefined): boolean;
    metrics: GatewayMetrics;
    log: Logger;
    /** How long a room server may take to answer a new stream before the sit-down fails. */
    seatTimeoutMs?: number;
    /** The client connected with `?direct=1`: it can play on a room server's own port. */
    direct?: boolean;
    /** Signs seat tickets (ROOM_TICKET_KEY); absent, every player is relayed. */
    tickets?: SeatTicketIssuer;
}

type State =
    | { kind: "idle" }
    | { kind: "seating"; queue: Frame[]; call: RoomCall | undefined; settle: ((o: Outcome) => void) | undefined }
    | { kind: "seated"; call: RoomCall; roomId: string; addr: string }
    | { kind: "closed" };

type Outcome = { kind: "seated" } | { kind: "refused"; refusal: Refusal } | { kind: "timeout" } | { kind: "closed" };

/**
 * One client connection after authentication: idle → seating → seated → idle … → closed.
 * Seated, every client frame goes to the room stream and every room frame to the client, payload
 * bytes unchanged. A Disconnect from the room (any reason, including 2 = replaced) returns the
 * session to idle at once, the socket stays open; so does a stream that ends cleanly (stand up).
 * A stream that breaks without a Disconnect sends Disconnect(0) so the player can sit down again.
 */
export class Session {
    private state: State = { kind: "idle" };
    /** Direct clients only, made on the first sit-down. */
    private budget: RateLimiter | undefined;

    constructor(private readonly deps: SessionDeps) {}

    get stateKind(): State["kind"] {
        return this.state.kind;
    }

    onClientFrame(cmd: number, payload: Uint8Array): void {
        const s = this.state;
        switch (s.kind) {
            case "closed":
                return;
            case "seated":
                s.call.write(roomFrame(cmd, payload));
                return;
            case "seating":
                if (s.queue.length >= maxQueued) {
                    this.sendError(Err.FAIL, "too many messages while sitting down; wait for the room's answer");
                    return;
                }
                s.queue.push(roomFrame(cmd, payload));
                return;
            case "idle":
                if (cmd === Cmd.SIT_DOWN) {
                    const parsed = parseSitDown(payload);
                    if (!parsed.ok) this.sendError(Err.FAIL, parsed.reason);
                    else if (!this.withinBudget()) {
                        this.sendError(
                            Err.FAIL,
                            `too many sit-downs: more than ${directSitDowns.burst} in a burst, ${directSitDowns.perSecond} a second after that; wait a second and sit down again`,
                        );
                    } else void this.sitDown(parsed.request);
                } else if (clientCommands.has(cmd)) {
                    this.sendError(Err.STATUS_MISMATCH, "not in a room; send SitDown first");
                } else {
                    // ClientConnection closes on unknown commands before they get here; a direct caller still gets the protocol's answer.
                    this.sendError(Err.UNKNOWN_COMMAND, `unknown command ${cmd}`);
                }
                return;
        }
    }

    /** A direct client's sit-downs come from a budget (direct-handover.ts); a relayed one's are paced by its room. */
    private withinBudget(): boolean {
        if (this.deps.direct !== true) return true;
        this.budget ??= sitDownBudget();
        return this.budget.take();
    }

    /** The client socket is gone (or the gateway stops): end the room stream so the room marks the player offline. */
    close(): void {
        const s = this.state;
        this.state = { kind: "closed" };
        if (s.kind === "seated") {
            this.deps.metrics.seated.dec();
            s.call.cancel();
        } else if (s.kind === "seating") {
            s.call?.cancel();
            s.settle?.({ kind: "closed" });
        }
    }

    private async sitDown(req: SitDown): Promise<void> {
        const seating: Extract<State, { kind: "seating" }> = { kind: "seating", queue: [], call: undefined, settle: undefined };
        this.state = seating;
        const excluded = new Set<string>();
        let ignoreUserRoom = false;
        let redirect: Target | undefined;
        let lastProblem = "no room server answered";
        const tried: { addr: string; route: string; outcome: unknown }[] = [];
        for (let attempt = 0; attempt < maxAttempts; attempt++) {
            let target: Target;
            if (redirect !== undefined) {
                target = redirect;
                redirect = undefined;
            } else {
                const placed = await this.placeSafely(req, excluded, ignoreUserRoom);
                if (this.state !== seating) return;
                if (!placed.ok) {
                    // After servers refused or failed, what they said explains more than "none left".
                    if (tried.length === 0) lastProblem = placed.reason;
                    break;
                }
                target = placed.target;
            }
            if (goesDirect(this.deps.direct === true, this.deps.tickets, target, req)) {
                await this.handOver(seating, target, req);
                return;
            }
            const outcome = await this.open(seating, target, req);
            if (outcome.kind === "seated" || outcome.kind === "closed") return;
            // That call is over (cancelled or refused): a late frame of it must not seat the player.
            seating.call = undefined;
            // Addresses and server ids go to the log only: the client's text names no internal address.
            if (outcome.kind === "timeout") {
                lastProblem = "the room server did not answer in time";
                tried.push({ addr: target.addr, route: target.route, outcome: "timeout" });
                if (target.serverId !== undefined) excluded.add(target.serverId);
                continue;
            }
            const r = outcome.refusal;
            tried.push({ addr: target.addr, route: target.route, outcome: r });
            if (r.kind === "redirect") {
                redirect = { addr: r.addr, serverId: undefined, roomId: target.roomId, route: "owner-redirect" };
            } else if (r.kind === "unavailable") {
                lastProblem = r.draining ? "the room server is draining" : "the room server is unavailable";
                if (target.serverId !== undefined) excluded.add(target.serverId);
                if (target.route === "user") ignoreUserRoom = true;
            } else {
                lastProblem = r.clientText;
                break;
            }
        }
        if (this.state !== seating) return;
        this.state = { kind: "idle" };
        this.deps.log.info({ roomId: req.roomId, tried, problem: lastProblem }, "sit-down failed");
        this.sendError(Err.FAIL, `cannot sit down: ${lastProblem}`);
    }

    /** Answers the SitDown with a RoomTicket: the client opens the room's port itself; this session is idle again. */
    private async handOver(seating: Extract<State, { kind: "seating" }>, target: DirectTarget, req: SitDown): Promise<void> {
        let issued: IssuedTicket;
        try {
            issued = await signFor(this.deps.tickets!, this.deps.userId, this.deps.clientVersion, target, req);
        } catch (err) {
            if (this.state !== seating) return;
            this.state = { kind: "idle" };
            this.deps.log.error({ err: (err as Error).message }, "seat ticket not signed");
            this.sendError(Err.FAIL, "cannot sit down: no seat ticket; sit down again with direct=0");
            return;
        }
        const { ticket, expiresMs } = issued;
        if (this.state !== seating) return;
        this.state = { kind: "idle" };
        this.deps.metrics.roomTickets.inc({ route: target.route });
        this.deps.send(encodeFrame(Cmd.ROOM_TICKET, encode.roomTicket(target.wsUrl, ticket, expiresMs)));
        if (seating.queue.length > 0) {
            this.sendError(
                Err.STATUS_MISMATCH,
                `${seating.queue.length} frames sent while sitting down were not delivered; send them on the room's own connection (RoomTicket)`,
            );
        }
    }

    private async placeSafely(req: SitDown, excluded: Set<string>, ignoreUserRoom: boolean) {
        try {
            return await place(this.deps.directory, {
                userId: String(this.deps.userId),
                roomId: req.roomId,
                group: this.deps.groupFor(this.deps.clientVersion),
                anyGroupFallback: !(this.deps.strictGroup?.(this.deps.clientVersion) ?? false),
                excluded,
                ignoreUserRoom,
            });
        } catch (err) {
            this.deps.log.warn({ err: (err as Error).message }, "directory lookup failed");
            return { ok: false as const, reason: "room directory unavailable" };
        }
    }

    /** Opens the stream and waits for the room's first frame (seated) or its refusal. */
    private open(seating: Extract<State, { kind: "seating" }>, target: Target, req: SitDown): Promise<Outcome> {
        const md: Record<string, string> = {
            [RoomMetadata.userId]: String(this.deps.userId),
            [RoomMetadata.roomId]: target.roomId,
            [RoomMetadata.seat]: req.seat,
            [RoomMetadata.gameName]: req.gameName,
        };
        if (this.deps.clientVersion !== undefined) md[RoomMetadata.clientVersion] = this.deps.clientVersion;
        const call = this.deps.pool.open(target.addr, md);
        seating.call = call;
        return new Promise<Outcome>((resolve) => {
            const timer = setTimeout(() => {
                call.cancel();
                done({ kind: "timeout" });
            }, this.deps.seatTimeoutMs ?? 10_000);
            const done = (o: Outcome) => {
                clearTimeout(timer);
                if (seating.settle === done) seating.settle = undefined;
                resolve(o);
            };
            seating.settle = done;
            call.on("error", () => undefined); // the outcome is read from "status"
            call.on("data", (frame: Frame) => this.onRoomFrame(call, frame, target));
            call.on("status", (st: LinkStatus) => this.onRoomStatus(call, st));
        });
    }

    private onRoomFrame(call: RoomCall, frame: Frame, target: Target): void {
        const s = this.state;
        if (s.kind === "seating" && s.call === call) {
            const settle = s.settle;
            this.state = { kind: "seated", call, roomId: target.roomId, addr: target.addr };
            this.deps.metrics.seated.inc();
            for (const queued of s.queue) call.write(queued);
            settle?.({ kind: "seated" });
        }
        const now = this.state;
        if (now.kind !== "seated" || now.call !== call) return;
        // A relayed frame goes out as the bytes it came in (no copy); one from a Connect stream is encoded.
        this.deps.send(wireBytes(frame));
        if (frame.cmd === Cmd.DISCONNECT) {
            // The room ends the stream after a Disconnect; the player is out of the room NOW, so a
            // SitDown sent right after it must start a new sit-down, not go into the ending stream.
            this.state = { kind: "idle" };
            this.deps.metrics.seated.dec();
            call.end();
        }
    }

    private onRoomStatus(call: RoomCall, st: LinkStatus): void {
        const s = this.state;
        if (s.kind === "seating" && s.call === call) {
            if (st.code !== Status.OK) this.deps.metrics.streamErrors.inc({ code: statusName(st.code) });
            s.settle?.({ kind: "refused", refusal: classifyRefusal(st) });
            return;
        }
        if (s.kind !== "seated" || s.call !== call) return;
        this.state = { kind: "idle" };
        this.deps.metrics.seated.dec();
        if (st.code === Status.OK) return;
        this.deps.metrics.streamErrors.inc({ code: statusName(st.code) });
        this.deps.log.info({ user: String(this.deps.userId), addr: s.addr, code: statusName(st.code), details: st.details }, "room stream broke");
        this.deps.send(encodeFrame(Cmd.DISCONNECT, encode.int32(0)));
    }

    private sendError(code: Err, desc: string): void {
        this.deps.send(encodeFrame(Cmd.ERROR, encode.error(code, desc)));
    }
}
