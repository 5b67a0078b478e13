// npm run doctor: what stands between this checkout and `pulumi up` of the selected stack, each with
// the command that fixes it. The CLI stops at the first secret it cannot decrypt with "validating stack
// config: bad value" and names no key; this names every one.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { ambientTarget, targetOf, unreachableWarning } from "../components/cluster/reachability";

const exec = promisify(execFile);
const root = path.resolve(__dirname, "..");

async function pulumi(...args: string[]): Promise<{ ok: boolean; out: string }> {
    try {
        const { stdout } = await exec("pulumi", args, { cwd: root, maxBuffer: 16 << 20 });
        return { ok: true, out: stdout.trim() };
    } catch (err) {
        return { ok: false, out: String((err as { stderr?: string }).stderr ?? err).trim() };
    }
}

/** Every `secure:` key of a stack file, as `<namespace>:<key>`. */
export function secureKeys(stackFileText: string): string[] {
    const config = ((parse(stackFileText) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
    return Object.entries(config)
        .filter(([, value]) => value !== null && typeof value === "object" && "secure" in (value as object))
        .map(([key]) => key);
}

async function main(): Promise<number> {
    const problems: string[] = [];
    const version = await pulumi("version");
    if (!version.ok) {
        console.log('- the Pulumi CLI is not on PATH: bash scripts/toolchain.sh && eval "$(bash scripts/toolchain.sh --env)"');
        return 1;
    }
    const stack = await pulumi("stack", "--show-name");
    if (!stack.ok) {
        console.log(`- no stack is selected (${stack.out.split("\n")[0]}): pulumi stack select <name>, or see README "pulumi up on your own cluster"`);
        return 1;
    }
    const file = `Pulumi.${stack.out}.yaml`;
    const text = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), "utf8") : "";
    for (const key of secureKeys(text)) {
        // The value is read to prove it decrypts, and dropped: it is never printed.
        const value = await pulumi("config", "get", key);
        if (!value.ok) {
            const short = key.replace(/^gameops:/, "");
            problems.push(
                `${key} in ${file} cannot be decrypted here (it was encrypted for another stack, backend or passphrase, or PULUMI_CONFIG_PASSPHRASE differs); set it again: pulumi config set --secret ${short} <value>`,
            );
        }
    }
    const config = ((parse(text) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
    if (config["gameops:cloud"] === "existing") {
        const context = (config["gameops:cluster"] as { context?: string } | undefined)?.context;
        const secret = "gameops:kubeconfig" in config ? await pulumi("config", "get", "gameops:kubeconfig") : undefined;
        const target = secret?.ok ? targetOf(secret.out, "the gameops:kubeconfig secret", context) : ambientTarget(context);
        const warning = "problem" in target ? target.problem : await unreachableWarning(target);
        if (warning !== undefined) problems.push(warning);
    }
    for (const problem of problems) console.log(`- ${problem}`);
    console.log(problems.length === 0 ? `stack ${stack.out}: ready for pulumi preview / up` : `stack ${stack.out}: ${problems.length} problem(s)`);
    return problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err) => {
            console.error(err);
            process.exit(2);
        },
    );
}
