// The pack as the Pulumi CLI runs it: @pulumi/pulumi's run-policy-pack in policy/ (which compiles
// index.ts with ts-node and policy/tsconfig.json, type-checking it), serving the Analyzer gRPC API
// on the port it prints. Tests talk to it like the engine.
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { PolicyResourceLike } from "../../policy/lib/resource";
import { repoRoot } from "../../lib/program/run";

// The engine's protocol, from the same @pulumi/pulumi the pack serves it with.
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [require.resolve("@pulumi/pulumi")] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [require.resolve("@pulumi/pulumi")] }));
/* eslint-enable @typescript-eslint/no-require-imports */

const enforcementLevels: Record<number, string> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };

interface Diagnostic {
    policy: string;
    enforcementLevel: string;
    urn: string;
    message: string;
}

export interface PolicyServer {
    info(): Promise<{ name: string; version: string; policies: { name: string; enforcementLevel: string; hasConfigSchema: boolean }[] }>;
    analyze(resource: PolicyResourceLike): Promise<Diagnostic[]>;
    analyzeStack(resources: PolicyResourceLike[]): Promise<Diagnostic[]>;
    configureStack(tags: Record<string, string>): Promise<void>;
    stop(): Promise<void>;
}

/** Starts the pack and resolves once it has printed its port, or rejects with its stderr. */
function startPack(deadlineMs: number): Promise<{ child: ChildProcess; port: number }> {
    const policyDir = path.join(repoRoot, "policy");
    const runPolicyPack = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");
    // `<engine address> <program>`: the pack never dials the engine unless it has to log an error.
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], { cwd: policyDir, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        const timer = setTimeout(() => {
            child.kill();
            reject(new Error(`policy pack printed no port within ${deadlineMs} ms; stderr: ${stderr}`));
        }, deadlineMs);
        child.stderr!.on("data", (chunk) => (stderr += chunk));
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const line = /^(\d+)\n/.exec(stdout);
            if (line) {
                clearTimeout(timer);
                resolve({ child, port: Number(line[1]) });
            }
        });
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`policy pack exited with ${code} before serving; stderr: ${stderr}`));
        });
    });
}

function unary<Req, Res>(client: Record<string, unknown>, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        (client[method] as (r: Req, cb: (err: Error | null, res: Res) => void) => void).call(client, request, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

function options(resource: PolicyResourceLike): unknown {
    return new analyzerPb.AnalyzerResourceOptions().setProtect(resource.opts?.protect ?? false);
}

function diagnostics(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => ({
        policy: d.getPolicyname(),
        enforcementLevel: enforcementLevels[d.getEnforcementlevel()],
        urn: d.getUrn(),
        message: d.getMessage(),
    }));
}

export async function startPolicyServer(deadlineMs = 60_000): Promise<PolicyServer> {
    const { child, port } = await startPack(deadlineMs);
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    return {
        async info() {
            const info: any = await unary(client, "getAnalyzerInfo", new Empty());
            return {
                name: info.getName(),
                version: info.getVersion(),
                policies: info.getPoliciesList().map((p: any) => ({
                    name: p.getName(),
                    enforcementLevel: enforcementLevels[p.getEnforcementlevel()],
                    hasConfigSchema: p.hasConfigschema(),
                })),
            };
        },
        async analyze(resource) {
            const request = new analyzerPb.AnalyzeRequest()
                .setType(resource.type)
                .setName(resource.name)
                .setUrn(resource.urn ?? resource.name)
                .setProperties(Struct.fromJavaScript(resource.props))
                .setOptions(options(resource));
            return diagnostics(await unary(client, "analyze", request));
        },
        async analyzeStack(resources) {
            const request = new analyzerPb.AnalyzeStackRequest().setResourcesList(
                resources.map((r) =>
                    new analyzerPb.AnalyzerResource()
                        .setType(r.type)
                        .setName(r.name)
                        .setUrn(r.urn ?? r.name)
                        .setProperties(Struct.fromJavaScript(r.props))
                        .setOptions(options(r)),
                ),
            );
            return diagnostics(await unary(client, "analyzeStack", request));
        },
        async configureStack(tags) {
            const request = new analyzerPb.AnalyzerStackConfigureRequest().setStack("test").setProject("gameops").setOrganization("acme");
            for (const [k, v] of Object.entries(tags)) request.getTagsMap().set(k, v);
            await unary(client, "configureStack", request);
        },
        async stop() {
            client.close();
            child.kill();
            await exited;
        },
    };
}
