// grpc-js, loaded on first use. The gateway reaches room servers over the TCP relay; it needs grpc-js
// only for one that has none (an older build during a rolling update). Loaded at start it cost every
// gateway about 1 MB of its idle-connection budget (README, Benchmarks), and every sit-down built
// grpc-js Metadata and status objects for a transport it did not use. Only type imports of
// @grpc/grpc-js are allowed elsewhere in the gateway (.dependency-cruiser.cjs).
import type * as GrpcJs from "@grpc/grpc-js";

let loaded: typeof GrpcJs | undefined;

export function grpcJs(): typeof GrpcJs {
    loaded ??= require("@grpc/grpc-js") as typeof GrpcJs;
    return loaded;
}

/** grpc-js Metadata holding `md`'s entries. */
export function grpcMetadata(md: Record<string, string> = {}): GrpcJs.Metadata {
    const m = new (grpcJs().Metadata)();
    for (const [k, v] of Object.entries(md)) m.set(k, v);
    return m;
}
