// End to end through @pulumi/policy's own server: the Analyzer API the CLI calls during
// `pulumi preview --policy-pack policy`, with the engine's wire format (Struct props, unknowns).
import { strict as assert } from "node:assert";
import { checkRoomDrain, roomDrainPolicy } from "../../policy/rules/room-drain";
import { copyOf } from "./harness";
import { podSpec, stackResources, types, withReplaced } from "./fixtures";
import { startPolicyServer, type PolicyServer } from "./server";

// The sentinel the engine sends for a value not known until the update (see @pulumi/policy/proxy).
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };

describe("gameops policy pack", () => {
    describe("#policy server", () => {
        let server: PolicyServer;
        before(async function () {
            // ts-node type-checks the pack at start-up: seconds, more on a busy machine.
            this.timeout(90_000);
            server = await startPolicyServer();
        });
        after(async () => {
            await server?.stop();
        });

        it("must serve the pack as gameops@0.1.0 with every policy mandatory", async () => {
            const info = await server.info();
            assert.equal(info.name, "gameops");
            assert.equal(info.version, "0.1.0");
            assert.deepEqual(
                info.policies.map((p) => [p.name, p.enforcementLevel]),
                [
                    ["gameops-image-pinned", "mandatory"],
                    ["gameops-pods-non-root", "mandatory"],
                    ["gameops-read-only-root-filesystem", "mandatory"],
                    ["gameops-room-drain", "mandatory"],
                    ["gameops-secret-env-from-secret", "mandatory"],
                    ["gameops-cronjob-limits", "mandatory"],
                    ["gameops-zone-default-deny", "mandatory"],
                    ["gameops-world-ingress-scoped", "mandatory"],
                    ["gameops-protected-data", "mandatory"],
                ],
            );
            assert.deepEqual(
                info.policies.filter((p) => p.hasConfigSchema).map((p) => p.name),
                ["gameops-pods-non-root"],
            );
        });

        it("must pass every resource of the prod stack, and the stack as a whole", async () => {
            const prod = await stackResources("prod");
            for (const r of prod) assert.deepEqual(await server.analyze(r), [], `${r.type}::${r.name}`);
            assert.deepEqual(await server.analyzeStack(prod), []);
        });

        it("must fail the room StatefulSet without preStop with a mandatory diagnostic", async () => {
            const room = copyOf(await stackResources("dev"), types.statefulSet, "s101-room-a");
            delete podSpec(room).containers[0].lifecycle;
            // The server puts the policy's description above the message; the engine attaches the resource itself.
            assert.deepEqual(await server.analyze(room), [
                {
                    policy: "gameops-room-drain",
                    enforcementLevel: "mandatory",
                    urn: "",
                    message: `${roomDrainPolicy.description}\n${checkRoomDrain(room)[0]}`,
                },
            ]);
            assert.match(checkRoomDrain(room)[0], /container "room": has no preStop hook/);
        });

        it("must turn an image unknown during preview into an advisory can't-run note, not a pass or a failure", async () => {
            const room = copyOf(await stackResources("dev"), types.statefulSet, "s101-room-a");
            podSpec(room).containers[0].image = unknownStringValue;
            const [note, ...rest] = await server.analyze(room);
            assert.deepEqual(rest, []);
            assert.equal(note.policy, "gameops-image-pinned");
            assert.equal(note.enforcementLevel, "advisory");
            assert.match(note.message, /^can't run policy 'gameops-image-pinned' from policy pack 'gameops@v0\.1\.0' during preview: /);
        });

        it("must report a zone without default-deny on its Namespace, and read the gameops:protect stack tag", async () => {
            const local = await stackResources("local");
            const ns = copyOf(local, types.namespace, "s1-namespace");
            const open = local.filter((r) => r.name !== "s1-namespace-default-deny");
            assert.deepEqual(
                (await server.analyzeStack(open)).map((d) => [d.policy, d.enforcementLevel, d.urn]),
                [["gameops-zone-default-deny", "mandatory", ns.urn]],
            );

            await server.configureStack({ "gameops:protect": "true" });
            try {
                const redis = copyOf(local, types.claim, "s1-redis-data");
                assert.deepEqual(
                    (await server.analyzeStack(local)).map((d) => [d.policy, d.urn]),
                    [["gameops-protected-data", redis.urn]],
                );
                redis.opts = { protect: true };
                assert.deepEqual(await server.analyzeStack(withReplaced(local, redis)), []);
            } finally {
                await server.configureStack({});
            }
        });
    });
});
