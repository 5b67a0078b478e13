// Stack config a room group has only under `room.engine: okg` (OpenKruise Game GameServerSet): the
// rules sidecar's tag (hot updates), the release mode (lossless: OnDelete and a surge of new servers),
// reserved ids and the network plugin passed through to kruise-game.
import { z } from "zod";
import { imageTag } from "../primitives/patterns";

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
};

export const okgGroupKeys = Object.keys(okgGroupFields) as (keyof typeof okgGroupFields)[];
