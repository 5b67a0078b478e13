// The whole pack against every committed stack: what the program registers passes every rule.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { protectionEvidence } from "../../policy/rules/protected-data";
import { repoRoot } from "../../lib/program/run";
import { committedStacks, copyOf, evaluatePack } from "./harness";
import { podSpec, stackResources, types, withReplaced } from "./fixtures";

describe("gameops policy pack", () => {
    describe("#committed stacks", () => {
        it("must cover every Pulumi.<stack>.yaml and every template in stacks/", () => {
            const files = [
                ...fs.readdirSync(repoRoot).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
                ...fs.readdirSync(path.join(repoRoot, "stacks")).map((f) => `stacks/${f}`),
            ].sort();
            assert.deepEqual(files, [
                "Pulumi.dev.yaml",
                "Pulumi.prod-tke.yaml",
                "Pulumi.prod.yaml",
                "stacks/dev-alice.yaml",
                "stacks/local-alice.yaml",
                "stacks/local.yaml",
            ]);
            assert.deepEqual([...committedStacks].sort(), ["dev", "dev-alice", "local", "local-alice", "prod", "prod-tke"]);
        });

        for (const stack of committedStacks) {
            it(`must report no violation on Pulumi.${stack}.yaml`, async () => {
                const resources = await stackResources(stack);
                assert.ok(
                    resources.some((r) => r.type === "kubernetes:apps/v1:StatefulSet"),
                    "the stack registers workloads",
                );
                assert.deepEqual(await evaluatePack(resources), []);
            });
        }

        for (const stack of ["prod", "prod-tke"]) {
            it(`must treat ${stack} (gameops:protect true) as a protected stack, so its zero violations mean everything is protected`, async () => {
                assert.match(protectionEvidence(await stackResources(stack), new Map()) ?? "unprotected", / has protect$/);
            });
        }

        for (const stack of ["dev", "local", "dev-alice", "local-alice"]) {
            it(`must treat ${stack} (no gameops:protect) as unprotected`, async () => {
                assert.equal(protectionEvidence(await stackResources(stack), new Map()), undefined);
            });
        }
    });

    describe("#purity", () => {
        it("must not modify the resources it checks", async () => {
            const deepFreeze = <T>(value: T): T => {
                if (value && typeof value === "object") {
                    for (const v of Object.values(value)) deepFreeze(v);
                    Object.freeze(value);
                }
                return value;
            };
            const prod = structuredClone(await stackResources("prod")).map(deepFreeze);
            const before = JSON.stringify(prod);
            assert.deepEqual(await evaluatePack(prod, new Map([["gameops:protect", "true"]])), []);
            assert.equal(JSON.stringify(prod), before);
        });
    });

    describe("#reporting", () => {
        it("must report a resource rule's violation under the policy's name, on the resource", async () => {
            const dev = await stackResources("dev");
            const gateway = copyOf(dev, types.deployment, "s101-gateway");
            const env = podSpec(gateway).containers[0].env as { name: string; value?: string }[];
            env[env.findIndex((e) => e.name === "JWT_KEY")] = { name: "JWT_KEY", value: "not-from-a-secret" };
            const reported = await evaluatePack(withReplaced(dev, gateway));
            assert.deepEqual(
                reported.map((r) => [r.policy, r.urn]),
                [
                    [
                        "gameops-secret-env-from-secret",
                        "urn:pulumi:dev::gameops::gameops:zone:GameZone$gameops:zone:ZoneGateway$kubernetes:apps/v1:Deployment::s101-gateway",
                    ],
                ],
            );
        });

        it("must report a stack rule's violation on the resource it is about", async () => {
            const local = (await stackResources("local")).filter((r) => r.name !== "s1-namespace-default-deny");
            const reported = await evaluatePack(local);
            assert.deepEqual(
                reported.map((r) => [r.policy, r.urn]),
                [
                    [
                        "gameops-zone-default-deny",
                        "urn:pulumi:local::gameops::gameops:zone:GameZone$gameops:zone:ZoneNamespace$kubernetes:core/v1:Namespace::s1-namespace",
                    ],
                ],
            );
        });

        it("must apply the pack config: no root exemptions makes Fluentd a violation", async () => {
            const reported = await evaluatePack(await stackResources("dev"), new Map(), { "gameops-pods-non-root": { rootExemptions: [] } });
            assert.deepEqual(
                reported.map((r) => r.message.split(":")[0]),
                ['DaemonSet logging/fluentd container "fluentd"', 'DaemonSet logging/fluentd container "fluentd"'],
            );
        });

        it("must apply the stack tag gameops:protect to an otherwise unprotected stack", async () => {
            const reported = await evaluatePack(await stackResources("local"), new Map([["gameops:protect", "true"]]));
            assert.deepEqual(
                reported.map((r) => [r.policy, r.message.split(" (")[0]]),
                [["gameops-protected-data", "PersistentVolumeClaim s1/redis-data"]],
            );
        });
    });
});
