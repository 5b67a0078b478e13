// One dynamic provider shape for every Tencent Cloud resource kind: create adopts what a timed-out
// earlier create left (found by name and tags), then waits for the resource to be ready; diff replaces
// only on the inputs the API cannot change; read returns an empty id for a resource that is gone.
import type * as pulumi from "@pulumi/pulumi";
import { type Api, type ApiSettings, connect } from "./api";

/** Inputs every kind takes: where and as whom to call the API. Never compared by diff. */
export interface ConnectionInputs {
    region: string;
    /** From Pulumi config secrets; absent: TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY. */
    credentials?: { secretId: string; secretKey: string };
    endpoint?: string;
    timing?: ApiSettings["timing"];
}

const connectionKeys = ["region", "credentials", "endpoint", "timing", "__provider"];

export interface Kind<I extends ConnectionInputs, O extends object> {
    /** What progress lines and errors call it, e.g. "TKE cluster". */
    title: string;
    /** Inputs the API cannot change in place: a change replaces the resource. */
    replaceOn: readonly string[];
    /** The id of a resource these inputs already made (same name and tags), if any. */
    find(api: Api, inputs: I): Promise<string | undefined>;
    /** The new resource's id, and outputs only the create response carries (a token's secret). */
    create(api: Api, inputs: I): Promise<string | { id: string; outs: Partial<O> }>;
    /** Waits until the resource is usable (polls its asynchronous state). */
    ready?(api: Api, id: string, inputs: I): Promise<void>;
    /** Its current outputs, or undefined when it no longer exists. */
    describe(api: Api, id: string, inputs: I): Promise<O | undefined>;
    update(api: Api, id: string, olds: I & O, news: I): Promise<void>;
    remove(api: Api, id: string, outs: I & O): Promise<void>;
}

/** Where progress lines go: the Pulumi log in a real run; tests collect them. */
export const progress = {
    write(message: string): void {
        require("@pulumi/pulumi").log.info(message);
    },
};

function open(inputs: ConnectionInputs, title: string): Api {
    return connect({ region: inputs.region, ...inputs.credentials, endpoint: inputs.endpoint, timing: inputs.timing }, (message) =>
        progress.write(`${title}: ${message}`),
    );
}

/** The input keys whose value differs (deep), connection settings aside. */
function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, outputKeys: readonly string[] = []): string[] {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    return [...keys]
        .filter((k) => !connectionKeys.includes(k) && !outputKeys.includes(k) && k in news)
        .filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]))
        .sort();
}

/** A resource's outputs; undefined when the API says it does not exist (NotFound / NotExist codes). */
async function describeOrGone<I extends ConnectionInputs, O extends object>(kind: Kind<I, O>, api: Api, id: string, inputs: I): Promise<O | undefined> {
    try {
        return await kind.describe(api, id, inputs);
    } catch (err) {
        if (/NotFound|NotExist/.test((err as { code?: string }).code ?? "")) return undefined;
        throw err;
    }
}

export function dynamicProvider<I extends ConnectionInputs, O extends object>(kind: Kind<I, O>): pulumi.dynamic.ResourceProvider {
    return {
        async diff(_id: string, olds: I & O, news: I): Promise<pulumi.dynamic.DiffResult> {
            const changed = changedKeys(olds as Record<string, unknown>, news as Record<string, unknown>);
            const replaces = changed.filter((k) => kind.replaceOn.includes(k));
            return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
        },
        async create(inputs: I): Promise<pulumi.dynamic.CreateResult> {
            const api = open(inputs, kind.title);
            let id = await kind.find(api, inputs);
            let created: Partial<O> = {};
            if (id !== undefined) api.log(`${id} already exists with this name and tags (an earlier create did not finish); adopting it`);
            else {
                const made = await kind.create(api, inputs);
                id = typeof made === "string" ? made : made.id;
                created = typeof made === "string" ? {} : made.outs;
                api.log(`created ${id}`);
            }
            await kind.ready?.(api, id, inputs);
            const outs = await describeOrGone(kind, api, id, { ...inputs, ...created });
            if (outs === undefined) throw new Error(`tencentcloud: ${kind.title} ${id} disappeared right after it was created; run \`pulumi up\` again`);
            return { id, outs: { ...inputs, ...created, ...outs } };
        },
        async read(id: string, props: I & O): Promise<pulumi.dynamic.ReadResult> {
            const outs = await describeOrGone(kind, open(props, kind.title), id, props);
            return outs === undefined ? { id: "", props: {} } : { id, props: { ...props, ...outs } };
        },
        async update(id: string, olds: I & O, news: I): Promise<pulumi.dynamic.UpdateResult> {
            const api = open(news, kind.title);
            await kind.update(api, id, olds, news);
            await kind.ready?.(api, id, news);
            const outs = await describeOrGone(kind, api, id, { ...olds, ...news });
            if (outs === undefined) throw new Error(`tencentcloud: ${kind.title} ${id} no longer exists; run \`pulumi refresh\` and then \`pulumi up\``);
            return { outs: { ...olds, ...news, ...outs } };
        },
        async delete(id: string, props: I & O): Promise<void> {
            const api = open(props, kind.title);
            if ((await describeOrGone(kind, api, id, props)) === undefined) {
                api.log(`${id} is already gone`);
                return;
            }
            await kind.remove(api, id, props);
            api.log(`deleted ${id}`);
        },
    };
}
