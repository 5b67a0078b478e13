import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { contract } from "../../../components/primitives/service-contract";
import { serviceArgv } from "../../../lib/services/process";

const repoRoot = path.resolve(__dirname, "../../..");

/** The exec-form CMD and ENTRYPOINT of every stage of services/Dockerfile, by stage name. */
function dockerfileCommands(): Map<string, { cmd?: string[]; entrypoint?: string[] }> {
    const stages = new Map<string, { cmd?: string[]; entrypoint?: string[] }>();
    let current: { cmd?: string[]; entrypoint?: string[] } | undefined;
    for (const line of readFileSync(path.join(repoRoot, "services/Dockerfile"), "utf8").split("\n")) {
        const from = /^FROM \S+ AS (\S+)$/.exec(line);
        if (from !== null) {
            current = {};
            stages.set(from[1]!, current);
        }
        const instruction = /^(CMD|ENTRYPOINT) (\[.*\])$/.exec(line);
        if (instruction !== null && current !== undefined) {
            current[instruction[1] === "CMD" ? "cmd" : "entrypoint"] = JSON.parse(instruction[2]!) as string[];
        }
    }
    return stages;
}

// The node flags of a service (the gateway's heap settings) are defined once, in its command in the
// service contract; the image and the local processes must run it with the same ones.
describe("service commands", () => {
    it("must start every service image with the service contract's command", () => {
        const stages = dockerfileCommands();
        assert.deepEqual(stages.get("gateway")?.cmd, [...contract.gatewayCommand]);
        assert.deepEqual(stages.get("room")?.cmd, [...contract.roomCommand]);
        assert.deepEqual(stages.get("cron")?.entrypoint, [...contract.cronCommand]);
        assert.deepEqual(stages.get("rules")?.cmd, [...contract.rulesCommand]);
    });

    it("must run the compiled gateway locally with the pod's node flags", () => {
        assert.ok(contract.gatewayCommand.length > 2, "the gateway's command carries its node flags");
        const argv = serviceArgv({ entry: "services/gateway/main.ts", compiled: true });
        assert.deepEqual(argv, [...contract.gatewayCommand.slice(1, -1), path.join(repoRoot, "dist/services/gateway/main.js")]);
        const dev = serviceArgv({ entry: "services/gateway/main.ts" });
        assert.deepEqual(dev.slice(0, contract.gatewayCommand.length - 2), [...contract.gatewayCommand.slice(1, -1)]);
        assert.deepEqual(serviceArgv({ entry: "services/room/main.ts", compiled: true }), [path.join(repoRoot, "dist/services/room/main.js")]);
    });

    it("must name only node flags this node accepts", () => {
        // An unknown V8 flag stops node before the service starts ("bad option"): caught here, not in a pod.
        execFileSync(process.execPath, [...contract.gatewayCommand.slice(1, -1), "-e", "0"], { stdio: "pipe" });
    });
});
