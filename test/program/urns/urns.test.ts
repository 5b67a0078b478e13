// Moving resources under a component changes their URNs; without an alias the engine would delete
// each old resource and create a new one (an ACK cluster, a VPC, every SLB players connect to). The
// fixture holds the URNs of every committed stack from before the environment component
// (record.ts says how it was made); every one of them must still be answered by exactly one resource:
// its own URN, an alias, or the alias its parent passes on.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { committedStackNames, type ProgramRun } from "../../../lib/program/run";
import { runStack } from "../../../lib/program/stacks";
import { answeringUrns } from "../../../lib/program/urns";

const before = JSON.parse(fs.readFileSync(path.join(__dirname, "before-environment-component.json"), "utf8")) as Record<string, string[]>;

describe("URNs of the committed stacks", () => {
    it("must have a recorded URN list for every committed stack", () => {
        assert.deepEqual(Object.keys(before).sort(), committedStackNames());
    });

    for (const stack of Object.keys(before)) {
        describe(stack, () => {
            let run: ProgramRun;
            before_(async () => {
                run = await runStack(stack);
            });

            it("must answer every URN the stack had before, each by exactly one resource (no replacement)", () => {
                const owners = new Map<string, string[]>();
                for (const [urn, answers] of answeringUrns(run)) {
                    for (const old of answers) owners.set(old, [...(owners.get(old) ?? []), urn]);
                }
                const missing = before[stack].filter((old) => !owners.has(old));
                assert.deepEqual(missing, [], `URNs no resource answers (the engine would replace them)`);
                const shared = before[stack].filter((old) => owners.get(old)!.length > 1);
                assert.deepEqual(shared, [], `URNs more than one resource answers`);
            });

            it("must put every resource under a component (only components sit at the stack root)", () => {
                const root = run.options.filter((o) => o.parentUrn === undefined).map((o) => o.type);
                for (const type of root) assert.match(type, /^gameops:/, `${type} sits at the stack root`);
            });
        });
    }
});

// mocha's `before` hook, named apart from the fixture above.
function before_(fn: () => Promise<void>): void {
    globalThis.before(fn);
}
