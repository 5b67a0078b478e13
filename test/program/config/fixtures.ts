// Valid stack inputs that bad-config tests break one key at a time.
import { strict as assert } from "node:assert";
import type { StackInput } from "../../../lib/program/run";
import { runFailing, testSecretValue } from "../../../lib/program/run";

const jwt = "gameops:jwtKey";

export function zone(id: number, name: string): Record<string, unknown> {
    return { id, name, room: { active: "a", groups: { a: { replicas: 1 }, b: { replicas: 0 } } } };
}

export function alicloudStack(): StackInput {
    return {
        stack: "cfg",
        config: {
            "alicloud:region": "cn-hangzhou",
            "gameops:cloud": "alicloud",
            "gameops:network": {
                vpcCidr: "10.0.0.0/8",
                vswitches: [
                    { zoneId: "cn-hangzhou-i", cidr: "10.1.0.0/16" },
                    { zoneId: "cn-hangzhou-j", cidr: "10.2.0.0/16" },
                ],
            },
            "gameops:cluster": { version: "1.31.1-aliyun.1", nodePools: [{ name: "game", instanceTypes: ["ecs.g7.xlarge"], min: 1, max: 3 }] },
            "gameops:registry": { namespace: "mygame" },
            "gameops:images": { tag: "1.2.0" },
            "gameops:zones": [zone(101, "s101")],
            [jwt]: testSecretValue(jwt),
        },
        secretKeys: [jwt],
    };
}

export function tencentcloudStack(): StackInput {
    return {
        stack: "cfg",
        config: {
            "tencentcloud:region": "ap-guangzhou",
            "gameops:cloud": "tencentcloud",
            "gameops:network": {
                vpcCidr: "10.0.0.0/16",
                subnets: [
                    { zone: "ap-guangzhou-3", cidr: "10.0.1.0/24" },
                    { zone: "ap-guangzhou-4", cidr: "10.0.2.0/24" },
                ],
            },
            "gameops:cluster": { version: "1.30.0", nodePools: [{ name: "game", instanceTypes: ["SA5.LARGE8"], min: 1, max: 3 }] },
            "gameops:registry": { namespace: "mygame" },
            "gameops:images": { tag: "1.2.0" },
            "gameops:zones": [zone(101, "s101")],
            [jwt]: testSecretValue(jwt),
        },
        secretKeys: [jwt],
    };
}

export function existingStack(): StackInput {
    return {
        stack: "cfg",
        config: {
            "gameops:cloud": "existing",
            "gameops:images": { registry: "localhost:5000/gameops", tag: "1.2.0" },
            "gameops:zones": [zone(1, "s1")],
            [jwt]: testSecretValue(jwt),
        },
        secretKeys: [jwt],
    };
}

export function forkStack(): StackInput {
    return {
        stack: "cfg-fork",
        config: { "gameops:forkOf": "acme/gameops/dev", "gameops:zones": [zone(901, "s901")], [jwt]: testSecretValue(jwt) },
        secretKeys: [jwt],
    };
}

/** A copy of `input` with config keys replaced (`undefined` removes a key). */
export function withConfig(input: StackInput, changes: Record<string, unknown>, secretKeys?: string[]): StackInput {
    const config = structuredClone(input.config);
    for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    return { ...input, config, secretKeys: secretKeys ?? input.secretKeys };
}

/** The whole error text loadStackConfig throws for these problems. */
export function expectedError(stack: string, problems: string[]): string {
    return (
        `gameops: stack config "${stack}" has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was created:\n` +
        problems.map((p) => `  - ${p}`).join("\n")
    );
}

/** Runs `input`, which must fail with exactly `problems` (in order) and register nothing. */
export async function expectProblems(input: StackInput, problems: string[]): Promise<Error> {
    const { error, resources } = await runFailing(input);
    assert.equal(error.message, expectedError(input.stack, problems));
    assert.deepEqual(
        resources.map((r) => `${r.type}::${r.name}`),
        [],
        "a bad config must register nothing",
    );
    return error;
}
