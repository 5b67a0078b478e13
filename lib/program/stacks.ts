// The committed stack files as program inputs; the fork gets its parent's outputs from a real
// evaluation of the dev stack, so it sees exactly what `acme/gameops/dev` exports.
import { committedStackNames, parentStackOf, runProgram, stackFile, type ProgramRun, type StackInput } from "./run";

export const forkParent = "acme/gameops/dev";

/** Every committed stack: `Pulumi.<stack>.yaml` in the root and the templates in stacks/. */
export function committedStacks(): string[] {
    return committedStackNames();
}

const parentOutputs = new Map<string, Promise<Record<string, unknown>>>();

/** A committed stack's input; a fork's parent outputs come from evaluating the parent's stack file. */
export async function stackInput(stack: string): Promise<StackInput> {
    const input = stackFile(stack);
    const forkOf = input.config["gameops:forkOf"];
    if (typeof forkOf === "string") {
        const parent = parentStackOf(forkOf);
        if (!parentOutputs.has(parent))
            parentOutputs.set(
                parent,
                runProgram(stackFile(parent)).then((run) => run.outputs),
            );
        input.parents = { [forkOf]: await parentOutputs.get(parent)! };
    }
    return input;
}

export async function runStack(stack: string): Promise<ProgramRun> {
    return runProgram(await stackInput(stack));
}
