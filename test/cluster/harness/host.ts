// What a real node changes on the host, read back so the tier can prove `npm run local:down` leaves
// nothing behind: processes, mounts, iptables chains, kernel settings, links and network namespaces.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

/** The kernel settings the kubelet, kube-proxy and the CNI plugins change (scripts/node.sh restores them). */
const kernelSettings = [
    "kernel.panic_on_oops",
    "kernel.panic",
    "vm.overcommit_memory",
    "net.ipv4.ip_forward",
    "net.ipv4.conf.all.route_localnet",
    "net.bridge.bridge-nf-call-iptables",
];

export interface HostState {
    /** Processes whose command line names the cluster's folder, or a node binary. */
    processes: string[];
    mounts: string[];
    chains: string[];
    kernel: Record<string, string>;
    links: string[];
    netns: string[];
}

function sh(command: string, args: string[]): string {
    try {
        return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
        return "";
    }
}

export function hostState(clusterDir: string): HostState {
    const processes = fs
        .readdirSync("/proc")
        .filter((p) => /^[0-9]+$/.test(p))
        .flatMap((pid) => {
            try {
                return [fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()];
            } catch {
                return [];
            }
        })
        .filter((cmd) => cmd.includes(clusterDir) || /(^|\/)(kubelet|kube-proxy|containerd|buildkitd|coredns|docker-registry|kube-apiserver|etcd) /.test(cmd));
    const mounts = sh("findmnt", ["-rn", "-o", "TARGET"])
        .split("\n")
        .filter((m) => m.startsWith(`${clusterDir}/`) || m.includes("/buildkit/"));
    const chains = ["iptables-nft-save", "iptables-legacy-save"].flatMap((save) =>
        sh(save, [])
            .split("\n")
            .filter((l) => /^:(KUBE-|CNI-)/.test(l))
            .map((l) => `${save}: ${l.split(" ")[0]}`),
    );
    const kernel = Object.fromEntries(kernelSettings.map((k) => [k, sh("sysctl", ["-n", k]).trim()]));
    const links = sh("ip", ["-o", "link", "show"])
        .split("\n")
        .map((l) => l.split(":")[1]?.trim().split("@")[0] ?? "")
        .filter((l) => l === "gameops0" || l.startsWith("veth"));
    const netns = fs.existsSync("/var/run/netns") ? fs.readdirSync("/var/run/netns").filter((n) => n.startsWith("cni-")) : [];
    return { processes, mounts, chains, kernel, links, netns };
}
