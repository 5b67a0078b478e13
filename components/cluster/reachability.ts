// Where the Kubernetes provider will connect, and whether anything answers there. Without a reachable
// cluster the provider previews every object as new and says nothing; this names the kubeconfig, the
// context and the server, and the command that fixes it, before the first resource is registered.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";

export interface KubeTarget {
    /** Where the kubeconfig came from: a file path, or the `gameops:kubeconfig` secret. */
    source: string;
    context: string;
    server: string;
}

/** A kubeconfig that cannot be used, with what to do about it. */
export interface KubeProblem {
    problem: string;
}

/** The files kubectl (and the provider) read: $KUBECONFIG's list, else ~/.kube/config. */
function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string[] {
    const list = (env.KUBECONFIG ?? "").split(path.delimiter).filter((p) => p !== "");
    return list.length > 0 ? list : [path.join(home, ".kube", "config")];
}

interface KubeconfigDoc {
    "current-context"?: string;
    contexts?: { name: string; context?: { cluster?: string } }[];
    clusters?: { name: string; cluster?: { server?: string } }[];
}

/** The server a kubeconfig text points at for `context` (default: its current context). */
export function targetOf(text: string, source: string, context?: string): KubeTarget | KubeProblem {
    let doc: KubeconfigDoc;
    try {
        doc = (parse(text) ?? {}) as KubeconfigDoc;
    } catch (err) {
        return { problem: `${source} is not a kubeconfig (${(err as Error).message.split("\n")[0]})` };
    }
    const name = context ?? doc["current-context"];
    if (!name) return { problem: `${source} has no current context; select one with \`kubectl config use-context <name>\` or set gameops:cluster.context` };
    const ctx = doc.contexts?.find((c) => c.name === name);
    if (!ctx) {
        const known = (doc.contexts ?? []).map((c) => c.name);
        return { problem: `${source} has no context "${name}" (it has: ${known.join(", ") || "none"}); set gameops:cluster.context to one of them` };
    }
    const server = doc.clusters?.find((c) => c.name === ctx.context?.cluster)?.cluster?.server;
    if (!server) return { problem: `${source}: context "${name}" names cluster "${ctx.context?.cluster}", which has no server` };
    return { source, context: name, server };
}

/** The target of the ambient kubeconfig (the files kubectl reads), or what is wrong with it. */
export function ambientTarget(context: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): KubeTarget | KubeProblem {
    const files = kubeconfigFiles(env, home);
    const present = files.filter((f) => fs.existsSync(f));
    if (present.length === 0) {
        const where = env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG} names no existing file` : `${files[0]} does not exist and KUBECONFIG is not set`;
        return {
            problem: `no kubeconfig: ${where}; point KUBECONFIG at your cluster's kubeconfig (for the local cluster: \`eval "$(bash scripts/cluster.sh env)"\`), or set it with \`pulumi config set --secret kubeconfig "$(cat <file>)"\``,
        };
    }
    // kubectl merges the files; the first file that sets a field wins. Contexts and clusters are looked
    // up across all of them, which is what that merge gives for distinct names.
    const merged: KubeconfigDoc = { contexts: [], clusters: [] };
    for (const file of present) {
        let doc: KubeconfigDoc;
        try {
            doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as KubeconfigDoc;
        } catch (err) {
            return { problem: `${file} cannot be read as a kubeconfig (${(err as Error).message.split("\n")[0]}); fix or replace it` };
        }
        merged["current-context"] ??= doc["current-context"];
        merged.contexts!.push(...(doc.contexts ?? []));
        merged.clusters!.push(...(doc.clusters ?? []));
    }
    return targetOf(JSON.stringify(merged), present.join(path.delimiter), context);
}

/** Resolves when a TCP connection to the server's host and port opens; rejects with why it did not. */
function probe(server: string, timeoutMs = 3000): Promise<void> {
    let url: URL;
    try {
        url = new URL(server);
    } catch {
        return Promise.reject(new Error(`"${server}" is not a URL`));
    }
    const port = Number(url.port || (url.protocol === "http:" ? 80 : 443));
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        const done = (err?: Error) => {
            socket.destroy();
            if (err) reject(err);
            else resolve();
        };
        socket.setTimeout(timeoutMs, () => done(new Error(`no answer within ${timeoutMs / 1000}s`)));
        socket.once("connect", () => done());
        socket.once("error", (err) => done(err));
    });
}

/** A warning for a target nothing answers at, or undefined when it answers. */
export async function unreachableWarning(target: KubeTarget, timeoutMs = 3000): Promise<string | undefined> {
    try {
        await probe(target.server, timeoutMs);
        return undefined;
    } catch (err) {
        return (
            `the Kubernetes cluster is unreachable: ${target.server} (context "${target.context}" of ${target.source}): ${(err as Error).message}. ` +
            `A preview shows every object as new and \`pulumi up\` will fail. Start the cluster (the local one: \`npm run cluster:up\`), ` +
            `or select the right one (\`kubectl config use-context <name>\`, KUBECONFIG, gameops:cluster.context or the gameops:kubeconfig secret)`
        );
    }
}

/**
 * Logs a warning (never an error: a preview without a cluster is still useful) when the provider
 * will find no cluster. `kubeconfig` is the text of the secret the stack deploys with, or undefined
 * for the ambient kube context; it is only parsed, never logged.
 */
export async function warnIfUnreachable(kubeconfig: string | undefined, context: string | undefined, source: string): Promise<void> {
    const target = kubeconfig !== undefined && kubeconfig !== "" ? targetOf(kubeconfig, source, context) : ambientTarget(context);
    const warning = "problem" in target ? target.problem : await unreachableWarning(target);
    if (warning !== undefined) await pulumi.log.warn(`gameops: ${warning}`);
}
