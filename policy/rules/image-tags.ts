// Every container image is pinned to a release: a tag that is not `latest`, or a digest. An
// unpinned image changes under running pods at the next pull (a node replacement, a reschedule).
import { resourcePolicy } from "../lib/define";
import { imagePin } from "../lib/image-ref";
import { describe, type PolicyResourceLike } from "../lib/resource";
import { containersOf, podSpecOf } from "../lib/workloads";

const fix = "pin a version tag such as 1.2.0 or a digest (@sha256:<64 hex>)";

export function checkImageTags(resource: PolicyResourceLike): string[] {
    const pod = podSpecOf(resource);
    if (!pod) return [];
    const violations: string[] = [];
    for (const { path, label, container } of containersOf(pod)) {
        const where = `${describe(resource)} ${label}`;
        const field = `${path}.image`;
        const image = container.image;
        const pin = imagePin(image);
        switch (pin.kind) {
            case "tag":
            case "digest":
                break;
            case "missing":
                violations.push(`${where}: ${field} is ${image === undefined ? "unset" : JSON.stringify(image)}; set it to a pinned image, ${fix}`);
                break;
            case "untagged":
                violations.push(`${where}: image ${JSON.stringify(image)} (${field}) has no tag, so Kubernetes pulls "latest"; ${fix}`);
                break;
            case "latest":
                violations.push(
                    pin.digest !== undefined
                        ? `${where}: image ${JSON.stringify(image)} (${field}) is tagged "latest" next to its digest; drop ":latest" and keep the digest, or ${fix}`
                        : `${where}: image ${JSON.stringify(image)} (${field}) uses the tag "latest", which moves under running pods; ${fix}`,
                );
                break;
            case "bad-tag":
                violations.push(
                    `${where}: image ${JSON.stringify(image)} (${field}) has the tag ${JSON.stringify(pin.tag)}, which is not an image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'); ${fix}`,
                );
                break;
            case "bad-digest":
                violations.push(
                    `${where}: image ${JSON.stringify(image)} (${field}) has the digest ${JSON.stringify(pin.digest)}, which is not <algorithm>:<hex>; ${fix}`,
                );
                break;
        }
    }
    return violations;
}

export const imageTagsPolicy = resourcePolicy(
    {
        name: "gameops-image-pinned",
        description:
            "Every container and init container image of a Deployment, StatefulSet, DaemonSet, Job, CronJob (or Pod) has a tag that is not `latest`, or a digest.",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Set the image to <registry>/<name>:<version> or <registry>/<name>@sha256:<digest>; for the bundled services set gameops:images.tag (or a zone/group tag).",
    },
    checkImageTags,
);
