import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { render, zoneObjects } from "../../../scripts/render";
import { testSecretValue } from "../../../lib/program/run";
import { unwrapSecrets } from "../../../lib/program/objects";
import { runStack, stackInput } from "../../../lib/program/stacks";

describe("render", () => {
    describe("#dev", () => {
        it("must write one parseable YAML file per zone object, equal to the registered inputs with secrets masked", async () => {
            const out = fs.mkdtempSync(path.join(os.tmpdir(), "gameops-render-"));
            try {
                const files = await render("dev", out);
                const run = await runStack("dev");
                const objects = zoneObjects(run.resources);
                assert.equal(files.length, objects.length);
                assert.equal(fs.readdirSync(path.join(out, "s101")).length, objects.length);
                const kinds = [...new Set(files.map((f) => f.kind))].sort();
                assert.deepEqual(kinds, [
                    "ConfigMap",
                    "CronJob",
                    "Deployment",
                    "HorizontalPodAutoscaler",
                    "Namespace",
                    "NetworkPolicy",
                    "PersistentVolumeClaim",
                    "PodDisruptionBudget",
                    "Secret",
                    "Service",
                    "StatefulSet",
                ]);
                const byName = new Map(objects.map((r) => [`${r.inputs.kind}/${r.inputs.metadata.name}`, r]));
                const secrets = ((await stackInput("dev")).secretKeys ?? []).map(testSecretValue);
                for (const f of files) {
                    const text = fs.readFileSync(f.path, "utf8");
                    const doc = parse(text);
                    assert.deepEqual(doc, unwrapSecrets(byName.get(`${f.kind}/${f.name}`)!.inputs, "<secret>"), f.path);
                    for (const s of secrets) assert.ok(!text.includes(s), `${f.path} shows a secret`);
                    assert.ok(!/pw-[0-9a-f]{24}/.test(text), `${f.path} shows the generated Redis password`);
                }
                const jwt = parse(fs.readFileSync(path.join(out, "s101", "secret-gateway-jwt.yaml"), "utf8"));
                assert.deepEqual(jwt.stringData, { "jwt-key": "<secret>" });
            } finally {
                fs.rmSync(out, { recursive: true, force: true });
            }
        });
    });
});
