// A throwaway copy of the project, as a fresh clone has it, driven with the real `pulumi` CLI on a
// local backend of its own. HOME is private to the workspace, so `pulumi login --local` and the
// passphrase never touch the user's own Pulumi login; the installed plugins are shared.
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

export const repoRoot = path.resolve(__dirname, "../../..");
const toolsBin = path.join(repoRoot, ".tools", "bin");

export interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

/** The files a clone of the repository has: tracked plus untracked-but-not-ignored ones. */
async function cloneFiles(): Promise<string[]> {
    const { stdout } = await promisify(execFile)("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: repoRoot,
        maxBuffer: 64 << 20,
    });
    return stdout.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(repoRoot, f)));
}

export class Workspace {
    private constructor(
        readonly dir: string,
        readonly env: NodeJS.ProcessEnv,
    ) {}

    /** A fresh copy of the project in a temporary directory, with node_modules linked, not copied. */
    static async create(name: string, kubeconfig: string | undefined): Promise<Workspace> {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), `gameops-e2e-${name}-`));
        const dir = path.join(root, "gameops");
        for (const file of await cloneFiles()) {
            const to = path.join(dir, file);
            fs.mkdirSync(path.dirname(to), { recursive: true });
            fs.copyFileSync(path.join(repoRoot, file), to);
        }
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
        // `pulumi login --local` means the login user's home from the password database, not $HOME, so
        // the workspace's own backend is given by PULUMI_BACKEND_URL and its login state by PULUMI_HOME.
        const home = path.join(root, "home");
        const pulumiHome = path.join(home, ".pulumi");
        fs.mkdirSync(pulumiHome, { recursive: true });
        fs.mkdirSync(path.join(root, "backend"));
        const plugins = path.join(process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "plugins");
        fs.symlinkSync(plugins, path.join(pulumiHome, "plugins"));
        const env: NodeJS.ProcessEnv = {
            PATH: `${toolsBin}:${process.env.PATH}`,
            HOME: home,
            PULUMI_HOME: pulumiHome,
            PULUMI_BACKEND_URL: `file://${path.join(root, "backend")}`,
            LANG: "C.UTF-8",
            TMPDIR: os.tmpdir(),
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            // The typecheck ran in `npm test`; the engine only needs the program transpiled.
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
            ...(kubeconfig !== undefined ? { KUBECONFIG: kubeconfig } : {}),
        };
        return new Workspace(dir, env);
    }

    /** Runs a shell command line (a README line, verbatim) in the workspace. */
    sh(command: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
        return run("bash", ["-o", "pipefail", "-c", command], this.dir, { ...this.env, ...extraEnv });
    }

    /** Runs a README line and fails with its output when it exits non-zero. */
    async must(command: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
        const result = await this.sh(command, extraEnv);
        if (result.code !== 0) throw new Error(`\`${command}\` exited ${result.code}:\n${tail(result.stdout)}\n${tail(result.stderr)}`);
        return result;
    }

    /** `pulumi preview --json` of the selected stack: the engine's planned steps. */
    async previewJson(...args: string[]): Promise<Preview> {
        const result = await this.must(["pulumi preview --json", ...args].join(" "));
        return JSON.parse(result.stdout) as Preview;
    }

    file(relative: string): string {
        return path.join(this.dir, relative);
    }
}

interface PreviewStep {
    op: string;
    urn: string;
    diffReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
}

export interface Preview {
    steps: PreviewStep[];
    changeSummary: Record<string, number>;
    diagnostics?: { message: string; severity: string; urn?: string }[];
}

/** The steps that change something (every op but `same`), as `op name` with the resource's type. */
export function changes(preview: Preview): string[] {
    return preview.steps
        .filter((s) => s.op !== "same")
        .map((s) => {
            const [, , types, name] = s.urn.split("::");
            return `${s.op} ${types.split("$").pop()} ${name}`;
        })
        .sort();
}

function tail(text: string, lines = 40): string {
    return text.split("\n").slice(-lines).join("\n");
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Result> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}
