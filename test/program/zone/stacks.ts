// The committed stack files as program inputs; the fork gets its parent's outputs from a real
// evaluation of the dev stack, so it sees exactly what `acme/gameops/dev` exports.
import * as fs from "node:fs";
import { repoRoot, runProgram, stackFile, type ProgramRun, type StackInput } from "../harness/run";

export const forkParent = "acme/gameops/dev";

/** Every `Pulumi.<stack>.yaml` in the repository root. */
export function committedStacks(): string[] {
    return fs
        .readdirSync(repoRoot)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

let devOutputs: Promise<Record<string, unknown>> | undefined;

/** A committed stack's input; a fork's parent outputs come from evaluating the parent's stack file. */
export async function stackInput(stack: string): Promise<StackInput> {
    const input = stackFile(stack);
    const forkOf = input.config["gameops:forkOf"];
    if (typeof forkOf === "string") {
        const parentStack = forkOf.split("/")[2];
        if (parentStack !== "dev") throw new Error(`test stacks: no parent outputs prepared for ${forkOf}`);
        devOutputs ??= runProgram(stackFile("dev")).then((run) => run.outputs);
        input.parents = { [forkOf]: await devOutputs };
    }
    return input;
}

export async function runStack(stack: string): Promise<ProgramRun> {
    return runProgram(await stackInput(stack));
}
