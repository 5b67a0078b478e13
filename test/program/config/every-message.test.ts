// Every refusal the stack-config schema can produce names the key, shows the value and ends with a
// fix. Walks every key of every kind of stack (zod's own schema tree, so a new key is covered the day
// it is added), puts a battery of wrong values there one at a time, and checks every message.
import { strict as assert } from "node:assert";
import type { z } from "zod";
import { configNamespace as namespace } from "../../../components/primitives/config-keys";
import { declaredKeys, stackSchemas } from "../../../components/stack/schema";
import { formatIssues } from "../../../components/primitives/format";
import type { StackInput } from "../../../lib/program/run";
import { alicloudStack, existingStack, forkStack, tencentcloudStack } from "./fixtures";

type Path = (string | number)[];
interface Leaf {
    path: Path;
    /** Values to set first, e.g. the discriminator of the union branch the leaf is in. */
    setup: [Path, unknown][];
}

type Def = { type: string; [key: string]: any };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Every key (and container) of `schema`, with what to set so the key is read at all. */
function leaves(schema: unknown, path: Path = [], setup: Leaf["setup"] = [], out: Leaf[] = []): Leaf[] {
    const def = defOf(schema);
    switch (def.type) {
        case "optional":
        case "default":
        case "prefault":
        case "nullable":
            return leaves(def.innerType, path, setup, out);
        case "pipe": // z.preprocess: a transform into the real schema
            return leaves(defOf(def.in).type === "transform" ? def.out : def.in, path, setup, out);
        case "object":
            if (path.length > 0) out.push({ path, setup });
            for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) leaves(child, [...path, key], setup, out);
            return out;
        case "array":
            out.push({ path, setup });
            return leaves(def.element, [...path, 0], setup, out);
        case "union":
            out.push({ path, setup });
            for (const option of def.options as unknown[]) {
                const discriminator = def.discriminator as string | undefined;
                const literal = discriminator ? defOf(defOf(option).shape[discriminator]).values[0] : undefined;
                leaves(option, path, discriminator ? [...setup, [[...path, discriminator], literal]] : setup, out);
            }
            return out;
        default:
            out.push({ path, setup });
            return out;
    }
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
    let node: any = root;
    path.forEach((part, i) => {
        if (i === path.length - 1) {
            node[part] = value;
            return;
        }
        const next = path[i + 1];
        if (node[part] === undefined || node[part] === null || typeof node[part] !== "object") node[part] = typeof next === "number" ? [] : {};
        if (typeof next === "number" && node[part][next] === undefined) node[part][next] = {};
        node = node[part];
    });
}

/** A stack input's `gameops:*` values as the schema receives them (secrets apart). */
function rawOf(input: StackInput): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input.config)) {
        if (key.startsWith(`${namespace}:`) && !(input.secretKeys ?? []).includes(key)) raw[key.slice(namespace.length + 1)] = value;
    }
    return raw;
}

const battery: unknown[] = ["x", "", "A".repeat(300), 1.5, -1, 0, 100000, true, {}, [], null];

/** `<key>: <value and what is wrong>; <fix>` — the fix is an instruction. */
const withFix = /; (?:.*\b)?(use|set|write|quote|remove|rename|give|pick|add|shorten|scale|declare|pin|check|name|replace|route|make|enable|lower)\b/;

describe("stack config messages", () => {
    for (const [kind, input] of [
        ["alicloud", alicloudStack()],
        ["tencentcloud", tencentcloudStack()],
        ["existing", existingStack()],
        ["fork", forkStack()],
    ] as const) {
        describe(`#${kind}`, () => {
            it("must end every refusal of every key with a fix", () => {
                const schema = stackSchemas[kind] as z.ZodType;
                const base = rawOf(input);
                assert.equal(schema.safeParse(base).success, true, "the fixture itself must be valid");
                const missing = new Set<string>();
                let checked = 0;
                for (const leaf of leaves(schema)) {
                    for (const bad of battery) {
                        const raw = structuredClone(base);
                        for (const [path, value] of leaf.setup) setAt(raw, path, value);
                        setAt(raw, leaf.path, bad);
                        const parsed = schema.safeParse(raw, { reportInput: true });
                        if (parsed.success) continue;
                        for (const line of formatIssues(namespace, parsed.error.issues, declaredKeys)) {
                            checked++;
                            assert.match(line, /^gameops:[A-Za-z]/, line);
                            if (!withFix.test(line)) missing.add(line);
                        }
                    }
                }
                assert.ok(checked > 500, `only ${checked} messages checked`);
                assert.deepEqual([...missing], [], "every refusal must end with a fix");
            });
        });
    }
});
