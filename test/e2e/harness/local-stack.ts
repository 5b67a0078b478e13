// The `local` stack of one workspace, shared by the tier's files in order: created once by the first
// file that needs it, then released, forked and destroyed by the files after it.
import { kubeconfig } from "./kube";
import { readmeCommand } from "./readme";
import { Workspace } from "./workspace";

let workspace: Promise<Workspace> | undefined;
let deployed: Promise<Workspace> | undefined;

/** The README's steps for the local stack, from a fresh copy of the project to `pulumi stack init local` with its secret. */
export const initSteps = [
    "pulumi login --local",
    "cp stacks/local.yaml Pulumi.local.yaml",
    "pulumi stack init local",
    'pulumi config set --secret jwtKey "$(openssl rand -base64 32)"',
];

function localWorkspace(): Promise<Workspace> {
    workspace ??= (async () => {
        const ws = await Workspace.create("local", kubeconfig);
        for (const step of initSteps) await ws.must(readmeCommand(step));
        return ws;
    })();
    return workspace;
}

/** The local stack after the README's `pulumi up`. */
export function localStackUp(): Promise<Workspace> {
    deployed ??= (async () => {
        const ws = await localWorkspace();
        await ws.must(readmeCommand("pulumi up"));
        return ws;
    })();
    return deployed;
}
