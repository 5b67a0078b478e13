// The parts of a container image reference that say whether it is pinned: `[host[:port]/]path[:tag][@digest]`.
// A registry port (`localhost:5000/x`) is not a tag: only a `:` in the last path segment is.

const tagRe = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// OCI digest: algorithm (e.g. sha256) and its hex encoding.
const digestRe = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

export type ImagePin =
    | { kind: "tag"; tag: string }
    | { kind: "digest"; digest: string }
    | { kind: "missing" }
    | { kind: "untagged" }
    | { kind: "latest"; digest?: string }
    | { kind: "bad-tag"; tag: string }
    | { kind: "bad-digest"; digest: string };

/** How the reference is pinned, or what is wrong with it. */
export function imagePin(image: unknown): ImagePin {
    if (typeof image !== "string" || image.trim() === "") return { kind: "missing" };
    const at = image.indexOf("@");
    const name = at === -1 ? image : image.slice(0, at);
    const digest = at === -1 ? undefined : image.slice(at + 1);
    const lastSegment = name.slice(name.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    const tag = colon === -1 ? undefined : lastSegment.slice(colon + 1);

    if (digest !== undefined && !digestRe.test(digest)) return { kind: "bad-digest", digest };
    // `:latest@sha256:...` runs the digest, but reads as "latest" to anyone looking at the spec.
    if (tag !== undefined && tag.toLowerCase() === "latest") return digest !== undefined ? { kind: "latest", digest } : { kind: "latest" };
    if (tag !== undefined && !tagRe.test(tag)) return { kind: "bad-tag", tag };
    if (digest !== undefined) return { kind: "digest", digest };
    if (tag !== undefined) return { kind: "tag", tag };
    return { kind: "untagged" };
}
