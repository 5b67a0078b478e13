// Who is at one dice table and how frames reach them. The table is the room's members by user id
// (a Map, so the rules read it as one) plus delivery: every frame and stream end goes through the
// room's Outbox, so a settlement being recorded can hold what follows it (outbox.ts).
import { Cmd, type Err } from "../../protocol";
import { encode } from "../../protocol/codec";
import { Outbox } from "./outbox";
import type { Link, Member } from "./types";

export class Table extends Map<bigint, Member> {
    private readonly out = new Outbox();

    /** To the member's current connection; nothing while it is offline. */
    send(m: Member, cmd: number, payload: Uint8Array): void {
        this.out.send(m.link, cmd, payload);
    }

    /** To a connection that is not (or no longer) a member's current one: a newcomer's, a replaced one. */
    sendTo(link: Link | undefined, cmd: number, payload: Uint8Array): void {
        this.out.send(link, cmd, payload);
    }

    /** To every member online, but `except`. */
    broadcast(cmd: number, payload: Uint8Array, except?: Member): void {
        for (const m of this.values()) if (m !== except) this.out.send(m.link, cmd, payload);
    }

    error(m: Member, code: Err, desc: string): void {
        this.send(m, Cmd.ERROR, encode.error(code, desc));
    }

    /** What is sent from now on waits until `until` settles (a settled round's result being recorded). */
    hold(until: PromiseLike<unknown>): void {
        this.out.hold(until);
    }

    /** Ends a connection after what was sent on it (a replaced, dissolved or standing-up link). */
    end(link: Link | undefined): void {
        this.out.end(link);
    }
}
