// What every spec function of a zone needs to know about the zone it builds for.
import type { ZoneIdentity } from "../names";
import type { RedisEndpoint } from "./pod";

export interface ZoneContext {
    id: ZoneIdentity;
    /** The zone's namespace (`<namePrefix><zone>`), known before anything is registered. */
    namespace: string;
    /** The image pull Secret every pod references, when the registry needs one. */
    pullSecret?: string;
    redis: RedisEndpoint;
}

/** `<name>.<namespace>.svc.cluster.local`: fully qualified, so it never depends on resolv.conf search paths. */
export function serviceHost(name: string, namespace: string): string {
    return `${name}.${namespace}.svc.cluster.local`;
}
