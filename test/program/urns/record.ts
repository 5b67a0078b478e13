// Writes test/program/urns/before-environment-component.json: the URN of every resource of every
// committed stack, evaluated under the test mocks. It was run once, at the commit before the Alibaba
// network, registry, cluster, SLBs, the Kubernetes provider and a fork's StackReference moved under
// one environment component, so urns.test.ts can prove every existing stack keeps its resources:
//
//     npx tsx test/program/urns/record.ts > test/program/urns/before-environment-component.json
//
// Do not regenerate it to make that test pass; record a new fixture only for a new, deliberate move.
import { committedStackNames } from "../../../lib/program/run";
import { runStack } from "../../../lib/program/stacks";
import { runUrns } from "../../../lib/program/urns";

async function main(): Promise<void> {
    const stacks: Record<string, string[]> = {};
    // Evaluations share the Pulumi runtime: one at a time.
    for (const stack of committedStackNames()) stacks[stack] = runUrns(await runStack(stack));
    process.stdout.write(`${JSON.stringify(stacks, null, 2)}\n`);
}

main().then(
    () => process.exit(0),
    (err: Error) => {
        process.stderr.write(`record: ${err.stack}\n`);
        process.exit(1);
    },
);
