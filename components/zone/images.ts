// Image references: `<imagePrefix>/<service>:<tag>` or `<imagePrefix>/<service>@sha256:...`, with the
// most specific tag winning (group/service > zone > stack). The schema refuses `latest` in this
// stack's config; a parent stack's tag reaches a fork only at run time, so it is checked again here.
import * as pulumi from "@pulumi/pulumi";
import { imageDigestPattern, imageTagPattern } from "../primitives/patterns";

export type Service = "gateway" | "room" | "cron" | "rules";

/** The first tag that is set, most specific first: `pickTag(group.tag, zone.tag, stackTag)`. */
export function pickTag<T>(...tags: (T | undefined)[]): T | undefined {
    return tags.find((t) => t !== undefined);
}

export type ImageResult = { ok: true; image: string } | { ok: false; code: "latest" | "bad-tag" | "bad-prefix"; message: string };

/** Builds one image reference, or says exactly why it cannot (the caller turns that into a resource error). */
export function imageReference(prefix: string, service: Service, tag: string): ImageResult {
    const cleanPrefix = prefix.replace(/\/+$/, "");
    if (cleanPrefix === "") {
        return { ok: false, code: "bad-prefix", message: `image registry for ${service} is empty; set gameops:images.registry or give the stack a registry` };
    }
    if (tag === "latest") {
        return {
            ok: false,
            code: "latest",
            message: `image tag for ${service} is "latest", which is not allowed; pin a version such as 1.2.0 (or a sha256 digest) in gameops:images.tag, the zone's tag or the parent stack's images.tag`,
        };
    }
    if (imageDigestPattern.test(tag)) return { ok: true, image: `${cleanPrefix}/${service}@${tag}` };
    if (!imageTagPattern.test(tag)) {
        return {
            ok: false,
            code: "bad-tag",
            message: `image tag for ${service} is ${JSON.stringify(tag)}, which is not an image tag; use a version such as 1.2.0 or a digest sha256:<64 hex>`,
        };
    }
    return { ok: true, image: `${cleanPrefix}/${service}:${tag}` };
}

export interface ImageInputs {
    prefix: pulumi.Input<string>;
    service: Service;
    /** Tags from most to least specific; the last is the stack's default (always set). */
    tags: [...(string | undefined)[], pulumi.Input<string>];
}

/** The resolved tag (most specific set one) as an Output. */
export function resolvedTag(tags: ImageInputs["tags"]): pulumi.Output<string> {
    const specific = pickTag(...(tags.slice(0, -1) as (string | undefined)[]));
    return specific !== undefined ? pulumi.output(specific) : pulumi.output(tags[tags.length - 1] as pulumi.Input<string>);
}

/** The image as an Output; resolving to a refused tag fails the update with a ResourceError on `owner`. */
export function image(owner: pulumi.Resource, inputs: ImageInputs): pulumi.Output<string> {
    return pulumi.all([pulumi.output(inputs.prefix), resolvedTag(inputs.tags)]).apply(([prefix, tag]) => {
        const result = imageReference(prefix, inputs.service, tag);
        if (!result.ok) throw new pulumi.ResourceError(result.message, owner);
        return result.image;
    });
}
