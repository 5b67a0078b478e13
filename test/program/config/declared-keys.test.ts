// Pulumi.yaml declares exactly the keys the program reads, each so that no stack is forced to set it.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { declaredKeys, secretConfigKeys as secretKeys } from "../../../components/stack/schema";
import { projectDefaults, repoRoot } from "../../../lib/program/run";

interface Declaration {
    type?: string;
    description?: string;
    default?: unknown;
    secret?: boolean;
    items?: { type: string };
}

const project = parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as {
    name: string;
    runtime: { name: string; options?: Record<string, unknown> };
    config: Record<string, Declaration>;
};

describe("Pulumi.yaml", () => {
    describe("#project", () => {
        it("must run index.ts with the nodejs runtime in TypeScript", () => {
            assert.equal(project.name, "gameops");
            assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
        });
    });

    describe("#config", () => {
        it("must declare exactly the keys the stack config schema reads", () => {
            assert.deepEqual(Object.keys(project.config).sort(), [...declaredKeys]);
        });

        it("must give every key a type the CLI knows and a description", () => {
            for (const [key, decl] of Object.entries(project.config)) {
                assert.ok(["string", "boolean", "object", "array"].includes(decl.type ?? ""), `${key} has type ${decl.type}`);
                assert.ok((decl.description ?? "").length > 20, `${key} needs a description`);
                if (decl.type === "array") assert.equal(decl.items?.type, "object", `${key} needs items`);
            }
        });

        it("must give every key an empty default, so no stack is forced to set it", () => {
            // The CLI reports a declared key without a default as missing on every stack that lacks it.
            for (const [key, decl] of Object.entries(project.config)) {
                assert.ok("default" in decl, `${key} has no default`);
                const empty =
                    decl.default === "" || decl.default === false || (typeof decl.default === "object" && Object.keys(decl.default as object).length === 0);
                assert.ok(
                    empty,
                    `${key} default ${JSON.stringify(decl.default)} is not empty; real defaults live in the schemas (components/stack/schema.ts and the domain schemas)`,
                );
            }
        });

        it("must not mark secret keys secret: true (the CLI would refuse their plaintext empty default); their descriptions say --secret", () => {
            for (const key of secretKeys) {
                assert.equal(project.config[key].secret, undefined);
                assert.match(project.config[key].description ?? "", /SECRET \(set with `/);
            }
        });

        it("must hand the harness each default under its full key", () => {
            const defaults = projectDefaults();
            assert.equal(defaults["gameops:cloud"], "");
            assert.deepEqual(defaults["gameops:zones"], []);
            assert.equal(Object.keys(defaults).length, declaredKeys.length);
        });
    });
});
