// `npm run render -- --stack dev [--out rendered/dev]`: evaluates a committed stack under the test
// mocks and writes each zone's Kubernetes objects — exactly the inputs the program registers, secret
// values replaced by "<secret>" — as one YAML file per object, so a reviewer can read what a zone is.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import type { RegisteredResource } from "../lib/program/mocks";
import { repoRoot } from "../lib/program/run";
import { kubeObjects, unwrapSecrets } from "../lib/program/objects";
import { runStack } from "../lib/program/stacks";

export interface RenderedFile {
    path: string;
    kind: string;
    name: string;
}

/** The zone objects of a run: everything labelled with a zone. */
export function zoneObjects(resources: RegisteredResource[]): RegisteredResource[] {
    return kubeObjects(resources).filter((r) => typeof r.inputs.metadata?.labels?.["gameops.io/zone"] === "string");
}

/** Writes `<out>/<zone>/<kind>-<name>.yaml` per object; returns what it wrote. */
export async function render(stack: string, out: string): Promise<RenderedFile[]> {
    const run = await runStack(stack);
    const files: RenderedFile[] = [];
    for (const r of zoneObjects(run.resources)) {
        const obj = unwrapSecrets(r.inputs, "<secret>") as Record<string, any>;
        const zone = obj.metadata.labels["gameops.io/zone"] as string;
        const file = path.join(out, zone, `${String(obj.kind).toLowerCase()}-${obj.metadata.name}.yaml`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `# ${r.type} ${r.name} (stack ${stack})\n${stringify(obj, { sortMapEntries: false })}`);
        files.push({ path: file, kind: obj.kind, name: obj.metadata.name });
    }
    return files;
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { stack: { type: "string", default: "dev" }, out: { type: "string" } } });
    const stack = values.stack as string;
    const out = path.resolve(values.out ?? path.join(repoRoot, "rendered", stack));
    const files = await render(stack, out);
    for (const f of files) process.stdout.write(`${path.relative(process.cwd(), f.path)}\n`);
    process.stdout.write(`${files.length} objects of stack ${stack} written to ${out}\n`);
}

if (require.main === module) {
    main().then(
        () => process.exit(0),
        (err: Error) => {
            process.stderr.write(`render: ${err.message}\n`);
            process.exit(1);
        },
    );
}
