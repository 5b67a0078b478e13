// The tier follows the README: every command it runs as a user would is looked up in the README
// first, so the two cannot drift apart.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./workspace";

const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");

/** The README's lines of shell, without their trailing comments. */
const readmeLines = new Set(
    readme
        .split("\n")
        .map((line) => line.replace(/\s+#\s.*$/, "").trim())
        .filter((line) => line !== ""),
);

/** `command` as the README gives it; throws when the README does not have it verbatim. */
export function readmeCommand(command: string): string {
    if (!readmeLines.has(command)) throw new Error(`README.md has no line \`${command}\`: the tier runs only what the README tells a user to run`);
    return command;
}
