// The stand-in's state: every object it holds, how many describe polls an asynchronous state lasts
// (a cluster is Creating for a number of polls before Running, a node pool creating before normal, a
// CLB 0 before 1, a TCR instance Pending before Running), and the API's error as a throwable.

export class ApiFault extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

type Params = Record<string, any>;
export type Handler = (p: Params, s: State) => Record<string, unknown>;

/** How many describe polls each asynchronous state lasts. */
export interface Settle {
    cluster: number;
    endpoint: number;
    nodePool: number;
    clb: number;
    tcr: number;
    deletion: number;
}

export const defaultSettle: Settle = { cluster: 2, endpoint: 1, nodePool: 1, clb: 1, tcr: 1, deletion: 1 };

export interface Obj {
    id: string;
    /** Describe polls left before it is ready (or, once deleting, gone). */
    pending: number;
    deleting?: boolean;
    [key: string]: any;
}

export class State {
    readonly vpcs = new Map<string, Obj>();
    readonly subnets = new Map<string, Obj>();
    readonly clusters = new Map<string, Obj>();
    readonly endpoints = new Map<string, Obj>();
    readonly nodePools = new Map<string, Obj>();
    readonly clbs = new Map<string, Obj>();
    readonly registries = new Map<string, Obj>();
    readonly namespaces = new Map<string, Obj>();
    readonly repositories = new Map<string, Obj>();
    readonly tokens = new Map<string, Obj>();
    readonly settle: Settle = { ...defaultSettle };
    private seq = 0;

    newId(prefix: string): string {
        this.seq++;
        return `${prefix}-${this.seq.toString(36).padStart(8, "0")}`;
    }
}

/** One describe poll of an object: counts down its pending state; a deleted one disappears at 0. */
export function poll(map: Map<string, Obj>, id: string): Obj | undefined {
    const o = map.get(id);
    if (!o) return undefined;
    if (o.deleting && o.pending === 0) {
        map.delete(id);
        return undefined;
    }
    const seen = { ...o };
    if (o.pending > 0) o.pending--;
    return seen;
}

export function must(map: Map<string, Obj>, id: string, code: string, what: string): Obj {
    const o = map.get(id);
    if (!o) throw new ApiFault(code, `The ${what} ${id} does not exist.`);
    return o;
}

export const byFilter = (filters: { Name: string; Values: string[] }[] | undefined, name: string): string[] | undefined =>
    (filters ?? []).find((f) => f.Name === name)?.Values;
