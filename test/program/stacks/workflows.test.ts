// The CI in the product: previews on pull requests, `pulumi up` after merge, prod behind approval.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../../../lib/program/run";

interface Step {
    id?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    needs?: string | string[];
    environment?: string;
    strategy?: { matrix: Record<string, string[]> };
    steps: Step[];
}
interface Workflow {
    on: Record<string, { branches?: string[] }>;
    jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
    return parse(fs.readFileSync(path.join(repoRoot, ".github/workflows", name), "utf8")) as Workflow;
}

function pulumiSteps(job: Job): Step[] {
    return job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
}

const credentials = ["PULUMI_ACCESS_TOKEN", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"];

describe("GitHub workflows", () => {
    describe("#pull-request", () => {
        const wf = workflow("pull-request.yml");

        it("must run the test suite on pull requests to main", () => {
            assert.deepEqual(wf.on.pull_request.branches, ["main"]);
            assert.ok(wf.jobs.test.steps.some((s) => s.run === ".ci/run"));
        });

        it("must post `pulumi preview --diff` of every shared stack as a PR comment, after the tests", () => {
            const job = wf.jobs.preview;
            assert.equal(job.needs, "test");
            for (const stack of job.strategy!.matrix.stack) assert.ok(fs.existsSync(path.join(repoRoot, `Pulumi.${stack}.yaml`)), `no Pulumi.${stack}.yaml`);
            const [step] = pulumiSteps(job);
            assert.equal(step.uses, "pulumi/actions@v6");
            assert.equal(step.with?.command, "preview");
            assert.equal(step.with?.diff, true);
            assert.equal(step.with?.["comment-on-pr"], true);
            assert.equal(step.with?.policyPacks, "policy");
            for (const key of credentials) assert.equal(step.env?.[key], `\${{ secrets.${key} }}`);
        });
    });

    describe("#deploy", () => {
        const wf = workflow("deploy.yml");

        it("must run on pushes to main", () => assert.deepEqual(wf.on.push.branches, ["main"]));

        it("must build and push an image per bundled service from the services Dockerfile", () => {
            const job = wf.jobs.images;
            assert.deepEqual(job.strategy!.matrix.service, ["gateway", "room", "cron", "rules"]);
            const build = job.steps.find((s) => s.uses?.startsWith("docker/build-push-action@"));
            assert.equal(build?.with?.file, "services/Dockerfile");
            assert.equal(build?.with?.target, "${{ matrix.service }}");
            assert.equal(build?.with?.push, true);
        });

        it("must push the version tag only when the dev registry has no image under it (a release tag keeps its image)", () => {
            const job = wf.jobs.images;
            const step = job.steps.find((s) => s.id === "tags")!;
            assert.equal(job.steps.find((s) => s.uses?.startsWith("docker/build-push-action@"))?.with?.tags, "${{ steps.tags.outputs.tags }}");
            // Run the step's script with a stand-in `docker` that says whether the tag exists.
            const run = (tagExists: boolean): string => {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gameops-wf-"));
                try {
                    fs.writeFileSync(path.join(dir, "docker"), `#!/bin/sh\nexit ${tagExists ? 0 : 1}\n`, { mode: 0o755 });
                    const out = path.join(dir, "github-output");
                    fs.writeFileSync(out, "");
                    const env = { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: out, REPO: "r.example/ns/room", TAG: "0.1.0", SHA: "abc123" };
                    execFileSync("bash", ["-e", "-c", step.run!], { env, stdio: ["ignore", "pipe", "pipe"] });
                    return fs.readFileSync(out, "utf8");
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            };
            assert.equal(run(false), "tags=r.example/ns/room:0.1.0,r.example/ns/room:sha-abc123\n");
            assert.equal(run(true), "tags=r.example/ns/room:sha-abc123\n");
        });

        it("must `pulumi up` dev after the images, and prod only after dev behind the production environment", () => {
            assert.equal(wf.jobs["up-dev"].needs, "images");
            assert.equal(pulumiSteps(wf.jobs["up-dev"])[0].with?.command, "up");
            assert.equal(pulumiSteps(wf.jobs["up-dev"])[0].with?.["stack-name"], "acme/gameops/dev");
            const prod = wf.jobs["up-prod"];
            assert.equal(prod.needs, "up-dev");
            assert.equal(prod.environment, "production");
            assert.equal(pulumiSteps(prod)[0].with?.["stack-name"], "acme/gameops/prod");
            for (const key of credentials) assert.equal(pulumiSteps(prod)[0].env?.[key], `\${{ secrets.${key} }}`);
        });

        it("must enforce the policy pack on every `pulumi up`", () => {
            for (const job of ["up-dev", "up-prod"]) assert.equal(pulumiSteps(wf.jobs[job])[0].with?.policyPacks, "policy", job);
        });
    });
});
