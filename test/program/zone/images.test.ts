import { strict as assert } from "node:assert";
import { imageReference, pickTag } from "../../../components/zone/images";
import { baseZone, deployZone, object } from "./fixtures";

const digest = `sha256:${"ab".repeat(32)}`;

describe("images", () => {
    describe("#pickTag", () => {
        const table: { group?: string; zone?: string; stack: string; want: string }[] = [
            { group: "1.3.0", zone: "1.2.0", stack: "1.0.0", want: "1.3.0" },
            { zone: "1.2.0", stack: "1.0.0", want: "1.2.0" },
            { stack: "1.0.0", want: "1.0.0" },
            { group: digest, zone: "1.2.0", stack: "1.0.0", want: digest },
        ];
        for (const row of table) {
            it(`must pick ${row.want} from group ${row.group ?? "-"}, zone ${row.zone ?? "-"}, stack ${row.stack}`, () => {
                assert.equal(pickTag(row.group, row.zone, row.stack), row.want);
            });
        }
    });

    describe("#imageReference", () => {
        it("must build <prefix>/<service>:<tag>", () => {
            assert.deepEqual(imageReference("registry.example.com/game", "room", "1.2.0"), { ok: true, image: "registry.example.com/game/room:1.2.0" });
        });
        it("must build <prefix>/<service>@sha256:... for a digest", () => {
            assert.deepEqual(imageReference("registry.example.com/game/", "gateway", digest), {
                ok: true,
                image: `registry.example.com/game/gateway@${digest}`,
            });
        });
        it("must refuse latest with the exact error", () => {
            assert.deepEqual(imageReference("r.example.com/g", "cron", "latest"), {
                ok: false,
                code: "latest",
                message: `image tag for cron is "latest", which is not allowed; pin a version such as 1.2.0 (or a sha256 digest) in gameops:images.tag, the zone's tag or the parent stack's images.tag`,
            });
        });
        it("must refuse a malformed tag", () => {
            const r = imageReference("r.example.com/g", "room", "1.0 beta");
            assert.equal(r.ok, false);
            assert.equal(
                !r.ok && r.message,
                `image tag for room is "1.0 beta", which is not an image tag; use a version such as 1.2.0 or a digest sha256:<64 hex>`,
            );
        });
    });

    describe("#GameZone", () => {
        it("must give every workload the most specific tag (group > zone > stack)", async () => {
            const run = await deployZone(
                {
                    ...baseZone,
                    tag: "1.2.0",
                    gateway: { replicas: 1, tag: "2.0.0" },
                    room: { active: "a", groups: { a: { replicas: 1 }, b: { replicas: 1, tag: digest } } },
                    cron: [
                        { name: "leaderboard", schedule: "@daily", tag: "3.0.0" },
                        { name: "directory-sweep", schedule: "@hourly" },
                    ],
                },
                { imageTag: "1.0.0" },
            );
            const image = (type: string, name: string) => {
                const o = object(run.resources, type, name);
                return (o.spec.template ?? o.spec.jobTemplate.spec.template).spec.containers[0].image;
            };
            assert.equal(image("apps/v1:Deployment", "gateway"), "registry.example.com/game/gateway:2.0.0");
            assert.equal(image("apps/v1:StatefulSet", "room-a"), "registry.example.com/game/room:1.2.0");
            assert.equal(image("apps/v1:StatefulSet", "room-b"), `registry.example.com/game/room@${digest}`);
            assert.equal(image("batch/v1:CronJob", "cron-leaderboard"), "registry.example.com/game/cron:3.0.0");
            assert.equal(image("batch/v1:CronJob", "cron-directory-sweep"), "registry.example.com/game/cron:1.2.0");
            const env = object(run.resources, "apps/v1:StatefulSet", "room-b").spec.template.spec.containers[0].env;
            assert.deepEqual(
                env.find((e: any) => e.name === "ROOM_VERSION"),
                { name: "ROOM_VERSION", value: digest },
            );
            assert.deepEqual(run.outputs.groups, { a: { tag: "1.2.0", replicas: 1 }, b: { tag: digest, replicas: 1 } });
        });

        it("must fail with a ResourceError and register no workload when the stack's tag resolves to latest at run time", async () => {
            const run = await deployZone(baseZone, { imageTag: "latest" });
            assert.ok(run.errors.length > 0, "expected the update to fail");
            for (const error of run.errors) {
                assert.match(
                    error.message,
                    /image tag for (gateway|room|cron) is "latest", which is not allowed; pin a version such as 1\.2\.0 \(or a sha256 digest\) in gameops:images\.tag, the zone's tag or the parent stack's images\.tag$/,
                );
            }
            const workloads = run.resources.filter((r) => /:(Deployment|StatefulSet|CronJob)$/.test(r.type) && r.inputs.metadata?.name !== "redis");
            assert.deepEqual(
                workloads.map((r) => r.name),
                [],
            );
        });

        it("must reference the image pull Secret from every pod when the registry has credentials", async () => {
            const run = await deployZone(baseZone, {
                registry: {
                    imagePrefix: "registry.example.com/game",
                    pullCredentials: { server: "registry.example.com", username: "puller", password: "pull-pw" },
                },
            });
            const secret = object(run.resources, "core/v1:Secret", "registry-pull");
            assert.equal(secret.type, "kubernetes.io/dockerconfigjson");
            const doc = JSON.parse(secret.stringData[".dockerconfigjson"]);
            assert.deepEqual(doc.auths["registry.example.com"], {
                username: "puller",
                password: "pull-pw",
                auth: Buffer.from("puller:pull-pw").toString("base64"),
            });
            const pods = run.resources.filter((r) => /:(Deployment|StatefulSet|CronJob)$/.test(r.type));
            assert.equal(pods.length, 6);
            for (const r of pods) {
                const spec = r.inputs.spec.template?.spec ?? r.inputs.spec.jobTemplate.spec.template.spec;
                assert.deepEqual(spec.imagePullSecrets, [{ name: "registry-pull" }], r.name);
            }
        });

        it("must register no pull Secret without credentials", async () => {
            const run = await deployZone(baseZone);
            assert.equal(run.resources.filter((r) => r.inputs.metadata?.name === "registry-pull").length, 0);
        });
    });
});
