// Every GameServerSet the program registers validates against the GameServerSet CRD's OpenAPI v3 schema
// of the pinned kruise-game version, and its pod template against the Kubernetes schema. Where the schema
// came from: test/program/zone/crd/game.kruise.io_gameserversets.yaml is a verbatim copy of
// github.com/openkruise/kruise-game, tag v1.0.0 (commit afb9896ebf770382307257aacb54accd033aef54), path
// config/crd/bases/game.kruise.io_gameserversets.yaml — the CRD the kruise-game 1.0.0 chart installs.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";
import { okgChartVersions } from "../../../components/okg/specs/releases";
import { gameServerSetApiVersion } from "../../../components/zone/specs/room-game-server-set";
import { baseZone, deployZone } from "./fixtures";

const crdFile = path.join(__dirname, "crd", "game.kruise.io_gameserversets.yaml");

function gameServerSetSchema(): Record<string, unknown> {
    const [crd] = parseAllDocuments(readFileSync(crdFile, "utf8")).map((d) => d.toJS());
    const version = crd.spec.versions.find((v: { name: string }) => `${crd.spec.group}/${v.name}` === gameServerSetApiVersion);
    assert.ok(version, `the CRD has no version ${gameServerSetApiVersion}`);
    return version.schema.openAPIV3Schema;
}

/** ajv over the structural schema: x-kubernetes-* are annotations to it, int32/int64 are ranges. */
function validator() {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
    const validate = ajv.compile(gameServerSetSchema());
    return (object: unknown) => (validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

describe("GameServerSet CRD (kruise-game)", () => {
    const validate = validator();

    it("must be the CRD of the pinned kruise-game version", () => {
        const header = readFileSync(crdFile, "utf8").split("\n").slice(0, 4).join("\n");
        assert.match(header, new RegExp(`kruise-game v${okgChartVersions.kruiseGame.replace(/\./g, "\\.")}`));
        assert.match(header, /github\.com\/openkruise\/kruise-game, tag v1\.0\.0 \(commit afb9896ebf770382307257aacb54accd033aef54\)/);
    });

    it("must refuse what the API server would refuse (a string replicas, a non-boolean permanent)", () => {
        const errors = validate({
            apiVersion: gameServerSetApiVersion,
            kind: "GameServerSet",
            spec: { replicas: "2", serviceQualities: [{ name: "x", permanent: "no" }] },
        });
        assert.deepEqual(errors, ["/spec/replicas must be integer", "/spec/serviceQualities/0/permanent must be boolean"]);
        assert.deepEqual(validate({ apiVersion: gameServerSetApiVersion, kind: "GameServerSet", spec: {} }), ["/spec must have required property 'replicas'"]);
    });

    const variants: Record<string, Record<string, unknown>> = {
        "rolling with canary and reserved ids": { a: { replicas: 3, canary: 1, reserveIds: [0, 5], rulesTag: "r2" }, b: { replicas: 0 } },
        "lossless with surge": { a: { replicas: 2, release: "lossless", surge: 2 }, b: { replicas: 1 } },
        "network passthrough": {
            a: { replicas: 1, network: { type: "TencentCloud-CLB", conf: [{ name: "ClbIds", value: "lb-3ip9k5kr" }] } },
            b: { replicas: 1, network: { type: "AlibabaCloud-SLB", conf: [{ name: "SlbIds", value: "lb-bp1okg" }] } },
        },
        "direct player port": {
            a: {
                replicas: 2,
                direct: { port: 7400 },
                network: {
                    type: "AlibabaCloud-SLB",
                    conf: [
                        { name: "SlbIds", value: "lb-bp1okg" },
                        { name: "PortProtocols", value: "7400/TCP" },
                    ],
                },
            },
            b: { replicas: 1 },
        },
    };
    for (const [what, groups] of Object.entries(variants)) {
        it(`must register GameServerSets that validate (${what}), pod templates included`, async () => {
            const run = await deployZone({ ...baseZone, room: { engine: "okg", active: "a", drainSeconds: 120, groups } });
            assert.deepEqual(run.errors, []);
            const sets = run.resources.filter((r) => r.type === `kubernetes:${gameServerSetApiVersion}:GameServerSet`);
            assert.equal(sets.length, 2);
            const { PodTemplateSpec } = require("kubernetes-models/v1") as { PodTemplateSpec: new (d: unknown) => { validate(): void } };
            for (const set of sets) {
                assert.deepEqual(validate(set.inputs), [], `${set.inputs.metadata.name}`);
                // The CRD keeps the template free-form (x-kubernetes-preserve-unknown-fields); the pod's own schema checks it.
                new PodTemplateSpec(set.inputs.spec.gameServerTemplate).validate();
            }
        });
    }
});
