// What the directory contract needs from each implementation under test.
import type { Directory, ServerRecord } from "../../../../services/directory";

export interface Env {
    dir: Directory;
    ttlMs: number;
    leaseMs: number;
    /** Passes once `gone` holds after the TTL elapsed without refresh. */
    afterTtl(what: string, gone: () => Promise<boolean>): Promise<void>;
    /** Passes once `lapsed` holds after the lease (< TTL) elapsed without refresh; the TTL has not. */
    afterLease(what: string, lapsed: () => Promise<boolean>): Promise<void>;
    /** Lets `ms` (< TTL) pass. */
    elapse(ms: number): Promise<void>;
    /** Raw results stream entries. */
    results(): Promise<[string, string[]][]>;
}

/** The suite's current Env (set by a beforeEach of the implementation's describe). */
export type CurrentEnv = () => Env;

export const server = (id: string, over: Partial<ServerRecord> = {}): ServerRecord => ({
    id,
    instance: `i-${id}`,
    addr: `${id}.room:7000`,
    group: "a",
    version: "1.0.0",
    state: "ready",
    rooms: 0,
    players: 0,
    updatedAt: 1000,
    ...over,
});
