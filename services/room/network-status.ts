// Where players reach this room server's direct port on the okg engine (services/direct-rooms.md,
// step 3): OpenKruise Game's network plugin gives each room pod a public address and writes it into
// the pod annotation `game.kruise.io/network-status`, which a downward-API volume mounts as a file
// (ADVERTISE_WS_FILE; the kubelet rewrites it when the annotation changes). The public entry of our
// port is the external port whose name is the name of the internal entry for ROOM_WS_PORT.
import { z } from "zod";
import { followFile, type FileFollower } from "../shared/file-watch";
import type { Logger } from "../shared/logger";

/** kruise-game writes ports as numbers or numeric strings (an IntOrString). */
const portSchema = z.union([z.number().int(), z.string().regex(/^[0-9]+$/)]).transform(Number);
const addressSchema = z.object({
    ip: z.string().min(1),
    ports: z.array(z.object({ name: z.string().optional(), port: portSchema, protocol: z.string().optional() })).default([]),
});
const statusSchema = z.object({
    currentNetworkState: z.string().optional(),
    internalAddresses: z.array(addressSchema).default([]),
    externalAddresses: z.array(addressSchema).default([]),
});

export type PublicAddress = { ok: true; wsUrl: string } | { ok: false; reason: string };

/** The ws:// URL of `port`'s public address in a network-status document, or why there is none (yet). */
export function publicWsUrl(text: string, port: number): PublicAddress {
    // The annotation is absent until the plugin wrote it: the downward-API file is then empty.
    if (text.trim() === "") return { ok: false, reason: "the network plugin has not written the pod's network status yet" };
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        return { ok: false, reason: `network status is not JSON: ${(err as Error).message}` };
    }
    const parsed = statusSchema.safeParse(json);
    if (!parsed.success) {
        return { ok: false, reason: `network status is not kruise-game's: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
    }
    const s = parsed.data;
    if (s.currentNetworkState !== undefined && s.currentNetworkState !== "Ready") {
        return { ok: false, reason: `the pod's network is ${s.currentNetworkState}, not Ready` };
    }
    // A port exposed for UDP too has an entry per protocol (same name, other external ports): the WebSocket is TCP.
    const tcp = (p: { protocol?: string | undefined }) => p.protocol === undefined || p.protocol.toUpperCase() === "TCP";
    const internal = s.internalAddresses.flatMap((a) => a.ports).find((p) => p.port === port && tcp(p));
    if (internal?.name === undefined) {
        return { ok: false, reason: `no internal address names port ${port}; list ${port}/TCP in the group's network conf (PortProtocols)` };
    }
    for (const a of s.externalAddresses) {
        const p = a.ports.find((x) => x.name === internal.name && tcp(x));
        if (p !== undefined) return { ok: true, wsUrl: `ws://${a.ip.includes(":") ? `[${a.ip}]` : a.ip}:${p.port}/` };
    }
    return { ok: false, reason: `no external address for port ${port} (${internal.name}) yet` };
}

export interface NetworkStatusOptions {
    file: string;
    port: number;
    log: Logger;
    pollMs?: number;
}

/** Follows the network-status file; `wsUrl()` is the address to publish, undefined while there is none. */
export class NetworkStatus {
    private url: string | undefined;
    /** Why there is no address, as last logged (a new reason is logged, the same one is not). */
    private reason: string | undefined;
    private follower: FileFollower | undefined;

    constructor(private readonly o: NetworkStatusOptions) {}

    wsUrl(): string | undefined {
        return this.url;
    }

    async start(): Promise<void> {
        this.follower = followFile(this.o.file, (text) => this.apply(text), { pollMs: this.o.pollMs });
        await this.follower.check();
    }

    close(): void {
        this.follower?.close();
    }

    private apply(text: string): void {
        const r = publicWsUrl(text, this.o.port);
        if (r.ok) {
            this.reason = undefined;
            if (r.wsUrl === this.url) return;
            this.url = r.wsUrl;
            this.o.log.info({ wsUrl: r.wsUrl }, "direct port's public address; the gateways hand it out");
            return;
        }
        this.url = undefined;
        if (r.reason === this.reason) return;
        this.reason = r.reason;
        // Without an address the gateways relay this server's players: a degraded mode, not an outage.
        this.o.log.warn({ file: this.o.file, reason: r.reason }, "no public address for the direct port; its players are relayed");
    }
}
