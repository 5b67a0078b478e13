// The URNs a program run gives its resources, and every URN a resource answers to once its aliases
// (and its parents' aliases, which the engine passes on to children) are applied: what decides whether
// `pulumi up` keeps a resource or replaces it after the program moved it.
import { engineUrn, type ProgramRun, type RecordedOptions } from "./run";

/** Every resource's URN (components and providers included), sorted. */
export function runUrns(run: Pick<ProgramRun, "options">): string[] {
    return run.options.map((o) => o.urn).sort();
}

/**
 * Per resource URN, the URNs it answers to: its own, those its aliases name, and its own type and name
 * under each URN its parent answers to (the engine's inherited aliases).
 */
export function answeringUrns(run: Pick<ProgramRun, "options">): Map<string, Set<string>> {
    const byUrn = new Map<string, RecordedOptions>(run.options.map((o) => [o.urn, o]));
    const memo = new Map<string, Set<string>>();
    const answers = (o: RecordedOptions): Set<string> => {
        const known = memo.get(o.urn);
        if (known) return known;
        const [stack, project] = [o.urn.split("::")[0].slice("urn:pulumi:".length), o.urn.split("::")[1]];
        const set = new Set<string>([o.urn, ...o.aliases]);
        const parent = o.parentUrn !== undefined ? byUrn.get(o.parentUrn) : undefined;
        if (parent) for (const p of answers(parent)) set.add(engineUrn(stack, project, p, o.type, o.name));
        memo.set(o.urn, set);
        return set;
    };
    return new Map(run.options.map((o) => [o.urn, answers(o)]));
}
