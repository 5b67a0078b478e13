// The first run of a newcomer, from a fresh copy of the project: each way it can go wrong names the
// key or the kubeconfig and the command that fixes it.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { kubeconfig } from "./harness/kube";
import { initSteps } from "./harness/local-stack";
import { readmeCommand } from "./harness/readme";
import { Workspace } from "./harness/workspace";

describe("first run (real engine, local backend)", () => {
    it("must refuse a preview without the JWT secret, naming the key and the command that sets it", async () => {
        const ws = await Workspace.create("nosecret", kubeconfig);
        for (const step of initSteps.slice(0, 3)) await ws.must(readmeCommand(step));
        const preview = await ws.sh("pulumi preview");
        assert.notEqual(preview.code, 0);
        assert.match(
            preview.stdout + preview.stderr,
            /gameops:jwtKey: is required when zones are set .*; set it with `pulumi config set --secret jwtKey "\$\(openssl rand -base64 32\)"`/,
        );
        assert.match(preview.stdout + preview.stderr, /nothing was created/);
    });

    /** Bob's fresh local stack, with `gameops:jwtKey` replaced by a value encrypted elsewhere. */
    async function withForeignSecret(secure: string): Promise<Workspace> {
        const bob = await Workspace.create("bob", kubeconfig);
        for (const step of initSteps.slice(0, 3)) await bob.must(readmeCommand(step));
        const text = fs.readFileSync(bob.file("Pulumi.local.yaml"), "utf8");
        fs.writeFileSync(bob.file("Pulumi.local.yaml"), text.replace(/^config:\n/m, `config:\n  gameops:jwtKey:\n    secure: ${secure}\n`));
        return bob;
    }

    for (const [what, secure, cliSays] of [
        // What Pulumi.local.yaml shipped before: encrypted by acme's Pulumi Cloud, unreadable on any other backend.
        [
            "a secret from another secrets provider (the old committed one)",
            async () => "v1:AhNgDnwAwCuqfZPK3RUciDpSuEGF+j2S0SvHQzFOfLzv5oE7nOUEiqQW1iQ=",
            /validating stack config: bad value/,
        ],
        [
            "a secret encrypted under another passphrase",
            async () => {
                const alice = await Workspace.create("alice", kubeconfig);
                for (const step of initSteps) await alice.must(readmeCommand(step), { PULUMI_CONFIG_PASSPHRASE: "alice" });
                return /secure: (\S+)/.exec(fs.readFileSync(alice.file("Pulumi.local.yaml"), "utf8"))![1];
            },
            /validating stack config: cipher: message authentication failed/,
        ],
    ] as const) {
        it(`must name ${what} and how to set it again (npm run doctor), where the CLI names no key`, async () => {
            const bob = await withForeignSecret(await secure());
            const preview = await bob.sh("pulumi preview");
            assert.notEqual(preview.code, 0);
            assert.match(preview.stderr, cliSays, "what the CLI itself says");
            assert.doesNotMatch(preview.stderr, /jwtKey/);

            const doctor = await bob.sh(readmeCommand("npm run doctor"));
            assert.notEqual(doctor.code, 0);
            assert.match(
                doctor.stdout,
                /- gameops:jwtKey in Pulumi\.local\.yaml cannot be decrypted here \(.*\); set it again: pulumi config set --secret jwtKey <value>/,
            );
            await bob.must(readmeCommand('pulumi config set --secret jwtKey "$(openssl rand -base64 32)"'));
            const fixed = await bob.sh("npm run doctor");
            assert.equal(fixed.code, 0, fixed.stdout);
            assert.match(fixed.stdout, /stack local: ready for pulumi preview \/ up/);
        });
    }

    for (const [what, target, expected] of [
        [
            "a missing kubeconfig file",
            "/nonexistent/kubeconfig",
            /gameops: no kubeconfig: KUBECONFIG=\/nonexistent\/kubeconfig names no existing file; point KUBECONFIG at/,
        ],
        [
            "a cluster nobody answers at",
            "unreachable",
            /gameops: the Kubernetes cluster is unreachable: https:\/\/127\.0\.0\.1:9 \(context "gone" of .*\): connect ECONNREFUSED 127\.0\.0\.1:9\. .*Start the cluster \(the local one: `npm run cluster:up`\)/,
        ],
    ] as const) {
        it(`must warn on a preview against ${what}, naming the kubeconfig and the fix`, async () => {
            const ws = await Workspace.create("unreachable", kubeconfig);
            let file: string = target;
            if (target === "unreachable") {
                file = ws.file("unreachable.kubeconfig");
                fs.writeFileSync(
                    file,
                    [
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters: [{ name: gone, cluster: { server: 'https://127.0.0.1:9' } }]",
                        "users: [{ name: gone, user: {} }]",
                        "contexts: [{ name: gone, context: { cluster: gone, user: gone } }]",
                        "current-context: gone",
                    ].join("\n"),
                );
            }
            for (const step of initSteps) await ws.must(readmeCommand(step));
            const preview = await ws.sh("pulumi preview", { KUBECONFIG: file });
            assert.match(preview.stdout + preview.stderr, expected);
            assert.ok(!path.isAbsolute(target) || !fs.existsSync(target));
        });
    }
});
