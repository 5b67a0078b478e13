// A fork of the local stack on the same backend and cluster, with the README's fork steps: it deploys
// only its own zone into its own namespace, and its destroy leaves every object of the parent as it was.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { get, list, until, type KubeObject } from "./harness/kube";
import { localStackUp } from "./harness/local-stack";
import { readmeCommand } from "./harness/readme";
import { Workspace } from "./harness/workspace";

/**
 * Every object in the parent's namespace, by kind/name: its uid and its spec's generation (an object
 * without one, such as a ConfigMap, by its resourceVersion). Status alone may change meanwhile: a
 * CronJob records each run it schedules.
 */
async function parentSnapshot(): Promise<Record<string, string>> {
    const kinds =
        "deployments,statefulsets,services,configmaps,secrets,persistentvolumeclaims,networkpolicies,cronjobs,poddisruptionbudgets,serviceaccounts,roles,rolebindings";
    const items = await list(kinds, "s1");
    const namespace = await get("namespace", "s1");
    return Object.fromEntries(
        [namespace, ...items].map((o: KubeObject) => [
            `${o.kind}/${o.metadata.name}`,
            `${o.metadata.uid}@${o.metadata.generation !== undefined ? `generation ${o.metadata.generation}` : o.metadata.resourceVersion}`,
        ]),
    );
}

describe("a fork of the local stack (real engine, same backend and cluster)", () => {
    let ws: Workspace;
    let parentBefore: Record<string, string>;
    before(async () => {
        ws = await localStackUp();
        parentBefore = await parentSnapshot();
    });

    after(async () => {
        // Whatever failed above, the files after this one work on the parent.
        await ws.sh("pulumi stack select local");
    });

    it("must run the committed fork example as the README gives it, on the local backend", async () => {
        await ws.must(readmeCommand("cp stacks/local-alice.yaml Pulumi.local-alice.yaml"));
        await ws.must(readmeCommand("pulumi stack init local-alice"));
        await ws.must(readmeCommand('pulumi config set --secret jwtKey "$(openssl rand -base64 32)"'));
        const preview = await ws.must(readmeCommand("pulumi preview --diff"));
        assert.doesNotMatch(preview.stdout + preview.stderr, /will not show as a stack output/);
        const up = await ws.must(readmeCommand("pulumi up"));
        assert.doesNotMatch(up.stdout + up.stderr, /Undefined value|will not show as a stack output/);
        const zones = JSON.parse((await ws.must("pulumi stack output zones --json")).stdout);
        assert.equal(zones.s901.namespace, "local-alice-s901");
        const ns = await get("namespace", "local-alice-s901");
        assert.equal(ns.metadata.labels["gameops.io/env"], "local-alice");
        await until("the fork's gateway Ready", 120, async () => {
            const d = await get("deployment", "gateway", "local-alice-s901");
            return d?.status?.readyReplicas === 1 ? d : undefined;
        });
        assert.deepEqual(await parentSnapshot(), parentBefore, "the fork's up changed nothing of the parent");
    });

    it("must destroy only the fork's objects, and remove the fork's own stack file alone", async () => {
        await ws.must(readmeCommand("pulumi destroy"));
        await until("the fork's namespace gone", 180, async () => ((await get("namespace", "local-alice-s901")) === undefined ? true : undefined));
        assert.deepEqual(await parentSnapshot(), parentBefore, "the fork's destroy changed nothing of the parent");
        await ws.must(readmeCommand("pulumi stack rm local-alice"));
        assert.ok(!fs.existsSync(ws.file("Pulumi.local-alice.yaml")), "the fork's own copy is gone");
        assert.ok(fs.existsSync(ws.file("stacks/local-alice.yaml")), "the committed example stays");
        await ws.must("pulumi stack select local");
    });
});
