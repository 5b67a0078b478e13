// Directory contract: seat tickets (the room server's direct port) seat once while they live.
import { strict as assert } from "node:assert";
import type { CurrentEnv, Env } from "./env";

export function ticketContract(current: CurrentEnv): void {
    let env: Env;
    beforeEach(() => {
        env = current();
    });

    describe("#tickets", () => {
        it("must accept a ticket id once and refuse it again while it lives, whoever asks", async () => {
            assert.equal(await env.dir.useTicket("t-1", env.ttlMs), true);
            assert.equal(await env.dir.useTicket("t-1", env.ttlMs), false);
            assert.equal(await env.dir.useTicket("t-2", env.ttlMs), true, "another id is its own");
            assert.equal(await env.dir.useTicket("t-1", env.ttlMs * 5), false, "a longer lifetime does not reopen it");
        });
        it("must forget a used id once its lifetime ends (nothing is kept forever)", async () => {
            assert.equal(await env.dir.useTicket("t-3", env.ttlMs), true);
            await env.afterTtl("ticket t-3 to be forgotten", async () => env.dir.useTicket("t-3", env.ttlMs));
        });
        it("must keep each id for the lifetime given with it, not the directory's own TTL", async () => {
            // A ticket lives longer than the directory's keys (30 s against DIRECTORY_TTL_MS 6 s) and may live shorter.
            assert.equal(await env.dir.useTicket("t-long", env.ttlMs * 5), true);
            assert.equal(await env.dir.useTicket("t-short", env.leaseMs), true);
            await env.afterLease("the short ticket to be forgotten", async () => env.dir.useTicket("t-short", env.leaseMs));
            await env.elapse(env.ttlMs + 1);
            assert.equal(await env.dir.useTicket("t-long", env.ttlMs * 5), false, "past the directory's TTL, within its own");
        });
    });
}
