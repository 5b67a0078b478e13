import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CloseCode } from "../../../services/protocol";

const readme = path.resolve(__dirname, "../../../services/README.md");

/** `| code | name | …` rows of the close-code table in the services README. */
function documentedCodes(): Record<string, number> {
    const text = readFileSync(readme, "utf8");
    const section = text.slice(text.indexOf("## Gateway limits and close codes"));
    const body = section.slice(0, section.indexOf("\n## ", 1));
    const rows = [...body.matchAll(/^\| (\d{4}) \| (\w+) \|/gm)];
    return Object.fromEntries(rows.map((m) => [m[2]!, Number(m[1])]));
}

describe("CloseCode", () => {
    describe("#documented", () => {
        it("must list every code the gateway sends, and only those, in the services README's table", () => {
            assert.deepEqual(documentedCodes(), { ...CloseCode });
        });
    });
});
