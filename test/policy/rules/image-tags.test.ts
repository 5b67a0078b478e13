import { strict as assert } from "node:assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { imagePin } from "../../../policy/lib/image-ref";
import { checkImageTags, imageTagsPolicy } from "../../../policy/rules/image-tags";
import { podSpec, resourceOf, types } from "../fixtures";

// The sentinel the policy server puts where a value is unknown during preview (not re-exported by the index).
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };

const fix = "pin a version tag such as 1.2.0 or a digest (@sha256:<64 hex>)";
const digest = `sha256:${"ab".repeat(32)}`;

describe(imageTagsPolicy.name, () => {
    describe("#imagePin", () => {
        const cases: [string, ReturnType<typeof imagePin>][] = [
            ["redis:7.2.5-alpine", { kind: "tag", tag: "7.2.5-alpine" }],
            ["localhost:5000/gameops/room:0.1.0", { kind: "tag", tag: "0.1.0" }],
            ["localhost:5000/gameops/room", { kind: "untagged" }],
            [`registry.example.com/room@${digest}`, { kind: "digest", digest }],
            [`registry.example.com/room:0.1.0@${digest}`, { kind: "digest", digest }],
            ["room:latest", { kind: "latest" }],
            ["room:LATEST", { kind: "latest" }],
            [`room:latest@${digest}`, { kind: "latest", digest }],
            ["room:-rc1", { kind: "bad-tag", tag: "-rc1" }],
            ["room@sha256:xyz", { kind: "bad-digest", digest: "sha256:xyz" }],
            ["", { kind: "missing" }],
        ];
        for (const [image, pin] of cases) {
            it(`must read ${JSON.stringify(image)} as ${pin.kind}`, () => assert.deepEqual(imagePin(image), pin));
        }
        it("must read a missing image as missing", () => assert.deepEqual(imagePin(undefined), { kind: "missing" }));
    });

    describe("#checkImageTags", () => {
        it("must refuse `latest` on the dev room StatefulSet", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            const image = podSpec(room).containers[0].image as string;
            const latest = image.replace(/:[^:/]+$/, ":latest");
            podSpec(room).containers[0].image = latest;
            assert.deepEqual(checkImageTags(room), [
                `StatefulSet s101/room-a container "room": image ${JSON.stringify(latest)} (spec.template.spec.containers[0].image) uses the tag "latest", which moves under running pods; ${fix}`,
            ]);
        });

        it("must refuse an image without a tag, and not take a registry port for one", async () => {
            const gateway = await resourceOf("local", types.deployment, "s1-gateway");
            podSpec(gateway).containers[0].image = "localhost:5000/gameops/gateway";
            assert.deepEqual(checkImageTags(gateway), [
                `Deployment s1/gateway container "gateway": image "localhost:5000/gameops/gateway" (spec.template.spec.containers[0].image) has no tag, so Kubernetes pulls "latest"; ${fix}`,
            ]);
        });

        it("must check init containers and CronJob pods too", async () => {
            const cron = await resourceOf("dev", types.cronJob, "s101-cron-leaderboard");
            podSpec(cron).initContainers = [{ name: "migrate", image: "busybox" }];
            assert.deepEqual(checkImageTags(cron), [
                `CronJob s101/cron-leaderboard init container "migrate": image "busybox" (spec.jobTemplate.spec.template.spec.initContainers[0].image) has no tag, so Kubernetes pulls "latest"; ${fix}`,
            ]);
        });

        it("must refuse a container without an image, a malformed tag and `latest` beside a digest", async () => {
            const fluentd = await resourceOf("dev", types.daemonSet, "logging-fluentd");
            const [container] = podSpec(fluentd).containers;
            podSpec(fluentd).containers = [
                { ...container, name: "a", image: undefined },
                { ...container, name: "b", image: "fluent/fluentd:.v1" },
                { ...container, name: "c", image: `fluent/fluentd:latest@${digest}` },
                { ...container, name: "d", image: `fluent/fluentd@${digest}` },
            ];
            assert.deepEqual(checkImageTags(fluentd), [
                `DaemonSet logging/fluentd container "a": spec.template.spec.containers[0].image is unset; set it to a pinned image, ${fix}`,
                `DaemonSet logging/fluentd container "b": image "fluent/fluentd:.v1" (spec.template.spec.containers[1].image) has the tag ".v1", which is not an image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'); ${fix}`,
                `DaemonSet logging/fluentd container "c": image "fluent/fluentd:latest@${digest}" (spec.template.spec.containers[2].image) is tagged "latest" next to its digest; drop ":latest" and keep the digest, or ${fix}`,
            ]);
        });

        it("must not apply to resources that are not workloads", async () => {
            const ns = await resourceOf("dev", types.namespace, "s101-namespace");
            assert.deepEqual(checkImageTags(ns), []);
        });

        it("must leave an image unknown during preview to @pulumi/policy (it reports: can't run during preview)", async () => {
            const room = await resourceOf("dev", types.statefulSet, "s101-room-a");
            podSpec(room).containers[0].image = unknownStringValue;
            assert.throws(() => checkImageTags({ ...room, props: unknownCheckingProxy(room.props) }), UnknownValueError);
        });
    });
});
