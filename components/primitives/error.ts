// The one error a bad stack config fails with. Its own module so code that checks config at run time
// (a fork checking its parent's outputs) can throw it without importing the config loader.
import * as pulumi from "@pulumi/pulumi";

/** Every problem with a stack config, as one error. Thrown before any resource exists. */
export class StackConfigError extends pulumi.RunError {
    constructor(
        readonly stack: string,
        readonly problems: string[],
    ) {
        super(
            `gameops: stack config "${stack}" has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was created:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "StackConfigError";
    }
}
