// Stack config a room group has only under `room.engine: okg` (OpenKruise Game GameServerSet): the
// rules sidecar's tag (hot updates), the release mode (lossless: OnDelete and a surge of new servers),
// reserved ids, the network plugin passed through to kruise-game, and the direct player port that
// plugin makes public (services/direct-rooms.md).
import { z } from "zod";
import { imageTag } from "../primitives/patterns";
import { contract } from "../primitives/service-contract";

export const roomEngines = ["statefulset", "okg"] as const;

/** kruise-game's cloud network plugins this program passes through (network.networkType). */
const okgNetworkTypes = ["AlibabaCloud-SLB", "TencentCloud-CLB"] as const;

const networkSchema = z
    .object({
        type: z.enum(okgNetworkTypes, { error: `is not a network plugin this program passes through; use one of ${okgNetworkTypes.join(", ")}` }),
        // The plugin's own parameters, as its kruise-game documentation names them (e.g. SlbIds, PortProtocols).
        conf: z.array(z.object({ name: z.string().min(1), value: z.string() }).strict()).default([]),
    })
    .strict();

/**
 * Players' own WebSockets to each room server (the gateway hands out seat tickets; services/direct-rooms.md).
 * Ports below 1024 need privileges the non-root room container does not have.
 */
const directSchema = z
    .object({
        port: z.number().int().min(1024, { error: "is a privileged port (the room container runs as non-root); use 1024-65535, e.g. 7400" }).max(65535),
    })
    .strict();

/** The okg-only fields of a room group; every one is refused under the StatefulSet engine. */
export const okgGroupFields = {
    // The rules sidecar image's tag; unset = the group's resolved room tag. A change updates the sidecar in place.
    rulesTag: imageTag.optional(),
    // rolling: in-place rolling update (partition from canary); lossless: OnDelete, new servers come through surge.
    release: z
        .enum(["rolling", "lossless"], { error: "is not a release mode; use rolling (in-place rolling update) or lossless (OnDelete plus surge)" })
        .optional(),
    // Lossless release step 2: this many servers of the new tag beside the old ones (replicas + surge pods).
    surge: z.number().int().min(0).max(200).optional(),
    // GameServer ordinals never used (kruise-game reserveGameServerIds).
    reserveIds: z.array(z.number().int().min(0)).optional(),
    network: networkSchema.optional(),
    direct: directSchema.optional(),
};

export const okgGroupKeys = Object.keys(okgGroupFields) as (keyof typeof okgGroupFields)[];

type OkgGroup = { [K in keyof typeof okgGroupFields]?: z.output<(typeof okgGroupFields)[K]> };

export interface GroupIssue {
    /** Below the group: ["direct"], ["network", "conf"], ... */
    path: (string | number)[];
    input: unknown;
    message: string;
}

/** The room server's own ports, which the direct port must not reuse. */
const reservedPorts: Record<number, string> = {
    [contract.roomGrpcPort]: "gRPC",
    [contract.adminPort]: "admin",
    [contract.roomLocalAdminPort]: "loopback admin",
};

/**
 * `PortProtocols` of kruise-game's SLB/CLB plugins, read as the plugins read it: pieces split on ","
 * and "/", the port parsed without trimming, the protocol TCP when absent (TCPUDP carries TCP too).
 * A piece they cannot parse is skipped by them without a word, so it is refused here.
 */
function parsePortProtocols(value: string): { ports: { port: number; tcp: boolean }[]; bad: string[] } {
    const ports: { port: number; tcp: boolean }[] = [];
    const bad: string[] = [];
    for (const piece of value.split(",")) {
        const m = /^([0-9]{1,5})(?:\/(TCP|UDP|TCPUDP))?$/.exec(piece);
        if (m === null) bad.push(piece);
        else ports.push({ port: Number(m[1]), tcp: (m[2] ?? "TCP") !== "UDP" });
    }
    return { ports, bad };
}

/**
 * What an okg group's direct port needs beyond its own shape: a network plugin to give each room pod
 * a public address, that plugin exposing the port, and a port the room server does not already use.
 */
export function directIssues(group: string, g: OkgGroup): GroupIssue[] {
    const direct = g.direct;
    if (direct === undefined) return [];
    const issues: GroupIssue[] = [];
    const reserved = reservedPorts[direct.port];
    if (reserved !== undefined) {
        issues.push({ path: ["direct", "port"], input: direct.port, message: `is also the room server's ${reserved} port; use another, e.g. 7400` });
    }
    if (g.network === undefined) {
        issues.push({
            path: ["direct"],
            input: direct,
            message: `needs groups.${group}.network: its network plugin gives each room pod the public address players reach the port at; add network (e.g. type: AlibabaCloud-SLB, conf: SlbIds and PortProtocols "${direct.port}/TCP") or remove groups.${group}.direct`,
        });
        return issues;
    }
    const entries = g.network.conf.flatMap((c, i) => (c.name === "PortProtocols" ? [{ i, value: c.value }] : []));
    if (entries.length === 0) {
        issues.push({
            path: ["network", "conf"],
            input: g.network.conf,
            message: `has no PortProtocols, so the plugin exposes no port of the room pods; add { name: PortProtocols, value: "${direct.port}/TCP" } (the direct port)`,
        });
        return issues;
    }
    let exposed = false;
    for (const { i, value } of entries) {
        const { ports, bad } = parsePortProtocols(value);
        for (const piece of bad) {
            issues.push({
                path: ["network", "conf", i, "value"],
                input: value,
                message: `has ${JSON.stringify(piece)}, which kruise-game cannot read and skips; write port/PROTOCOL pieces without spaces, e.g. "${direct.port}/TCP"`,
            });
        }
        for (const { port } of ports) {
            const own = reservedPorts[port];
            if (own !== undefined && port !== direct.port) {
                issues.push({
                    path: ["network", "conf", i, "value"],
                    input: value,
                    message: `exposes ${port}, the room server's ${own} port, to the internet; expose only the direct port (${direct.port}/TCP)`,
                });
            }
        }
        if (ports.some((p) => p.port === direct.port && p.tcp)) exposed = true;
    }
    if (!exposed) {
        issues.push({
            path: ["network", "conf"],
            input: entries.map((e) => e.value).join(" "),
            message: `PortProtocols ${entries.map((e) => JSON.stringify(e.value)).join(", ")} does not expose the direct port ${direct.port} over TCP; add ${direct.port}/TCP to it`,
        });
    }
    return issues;
}
