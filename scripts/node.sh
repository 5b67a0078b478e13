#!/usr/bin/env bash
# A real node for the local cluster: containerd + runc with the CNI bridge plugin, the kubelet and
# kube-proxy (iptables mode) of the control plane's version, CoreDNS for Service names, and a local
# image registry on 127.0.0.1:5000. Pods are real processes: probes, preStop hooks, grace periods,
# ClusterIP and NodePort Services and DNS behave as on a cloud node.
#
# Called by scripts/cluster.sh (`GAMEOPS_NODE=real bash scripts/cluster.sh up`), after the control
# plane is up; needs root (network, mounts, cgroups).
#
#   bash scripts/node.sh up     # start the node (idempotent)
#   bash scripts/node.sh down   # stop it and undo everything it changed on the host
#
# Host changes, all undone by `down`: the bridge gameops0 (10.244.77.1/24, the node IP), the kernel
# settings listed in $kernel_settings (saved first), the KUBE-* and CNI-* iptables chains, the
# kubelet's and containerd's mounts under the node's folder, the pods' network namespaces and cgroups.
# Traffic from tests reaches pods only through NodePorts on 127.0.0.1 (`--nodeport-addresses`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cluster=${GAMEOPS_CLUSTER_DIR:-$repo/.tools/cluster}
dir=$cluster/node
cache=${GAMEOPS_CACHE:-$HOME/.cache/gameops}
export PATH="$repo/.tools/bin:$PATH"

API_PORT=${GAMEOPS_API_PORT:-16443}
NODE_NAME=gameops-node
BRIDGE=gameops0
NODE_CIDR=10.244.77.0/24
NODE_IP=10.244.77.1
DNS_IP=10.96.0.10
REGISTRY=127.0.0.1:5000
PAUSE_IMAGE=localhost:5000/gameops-local/pause:1
kernel_settings="kernel.panic_on_oops kernel.panic vm.overcommit_memory net.ipv4.ip_forward
  net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables"

log() { printf 'node: %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/processes.sh
. "$repo/scripts/lib/processes.sh"
kc() { kubectl --kubeconfig "$cluster/admin.kubeconfig" "$@"; }

# ---- certificates from the cluster's CA -----------------------------------------------------------
node_pki() {
  local pki=$cluster/pki
  node_cert() { # name subject [server-san]
    local name=$1 subject=$2 san=${3:-}
    [ -f "$pki/$name.crt" ] && return
    openssl genrsa -out "$pki/$name.key" 2048 2>/dev/null
    openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
    if [ -n "$san" ]; then
      printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" >"$pki/$name.ext"
    else
      printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >"$pki/$name.ext"
    fi
    openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 365 \
      -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
  }
  node_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME"
  node_cert kubelet-serving "/CN=$NODE_NAME" "IP:$NODE_IP,DNS:$NODE_NAME"
  node_cert kube-proxy "/CN=system:kube-proxy"
  node_cert coredns "/CN=gameops-coredns"
  local who
  for who in kubelet kube-proxy coredns; do
    cat >"$dir/$who.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "https://127.0.0.1:$API_PORT", certificate-authority: "$pki/ca.crt" } }]
users: [{ name: $who, user: { client-certificate: "$pki/$who.crt", client-key: "$pki/$who.key" } }]
contexts: [{ name: local, context: { cluster: local, user: $who } }]
current-context: local
EOF
  done
}

# ---- kernel settings: saved once, restored by down -----------------------------------------------
save_kernel() {
  [ -f "$dir/kernel.saved" ] && return
  local key
  for key in $kernel_settings; do
    [ -e "/proc/sys/${key//.//}" ] && echo "$key=$(sysctl -n "$key")"
  done >"$dir/kernel.saved"
}

restore_kernel() {
  [ -f "$dir/kernel.saved" ] || return 0
  local line
  while read -r line; do sysctl -q -w "$line" >/dev/null || log "warning: could not restore $line"; done <"$dir/kernel.saved"
}

# ---- configuration files ----------------------------------------------------------------------
write_configs() {
  mkdir -p "$dir/cni/net.d" "$dir/cni/ipam" "$dir/containerd/certs.d/localhost:5000" "$dir/kubelet" "$dir/pod-logs" "$dir/registry"
  cat >"$dir/cni/net.d/10-gameops.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "gameops",
  "plugins": [
    { "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "subnet": "$NODE_CIDR", "rangeStart": "10.244.77.10", "gateway": "$NODE_IP",
                "dataDir": "$dir/cni/ipam", "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "loopback" }
  ]
}
EOF
  # restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, so no process may get a negative
  # oom_score_adj; without it every sandbox fails with "can't get final child's PID from pipe: EOF".
  cat >"$dir/containerd/config.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
[grpc]
  address = "$dir/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
      SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/containerd/certs.d"
EOF
  cat >"$dir/containerd/certs.d/localhost:5000/hosts.toml" <<EOF
server = "http://localhost:5000"
[host."http://localhost:5000"]
  capabilities = ["pull", "resolve"]
EOF
  : >"$dir/resolv.conf"
  cat >"$dir/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$dir/containerd/containerd.sock
imageServiceEndpoint: unix://$dir/containerd/containerd.sock
address: $NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
tlsCertFile: $cluster/pki/kubelet-serving.crt
tlsPrivateKeyFile: $cluster/pki/kubelet-serving.key
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $cluster/pki/ca.crt }
authorization: { mode: Webhook }
resolvConf: $dir/resolv.conf
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
oomScoreAdj: 0
podLogsDir: $dir/pod-logs
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1% }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
# The kubelet would otherwise rewrite kernel.panic, panic_on_oops and vm.overcommit_memory at each
# start; down restores the saved values either way.
protectKernelDefaults: false

EOF
  cat >"$dir/registry/config.yml" <<EOF
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $cache/registry }
  delete: { enabled: true }
http: { addr: "$REGISTRY" }
EOF
  cat >"$dir/buildkitd.toml" <<EOF
[worker.oci]
  enabled = true
  snapshotter = "overlayfs"
  gc = true
[registry."localhost:5000"]
  http = true
  insecure = true
EOF
  cat >"$dir/Corefile" <<EOF
.:53 {
    bind $NODE_IP
    errors
    health 127.0.0.1:18080
    ready 127.0.0.1:18181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $dir/coredns.kubeconfig local
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
}
EOF
}

# ---- cluster objects the node needs: CoreDNS's permissions and the kube-dns Service ---------------
cluster_objects() {
  kc apply -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "gameops:coredns" }
rules:
  - { apiGroups: [""], resources: [endpoints, services, pods, namespaces], verbs: [list, watch] }
  - { apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "gameops:coredns" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "gameops:coredns" }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: gameops-coredns }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "gameops:kube-proxy" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:node-proxier" }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-proxy" }]
---
apiVersion: v1
kind: Service
metadata: { name: kube-dns, namespace: kube-system, labels: { k8s-app: kube-dns } }
spec:
  clusterIP: $DNS_IP
  ports: [{ name: dns, port: 53, protocol: UDP }, { name: dns-tcp, port: 53, protocol: TCP }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-node
  namespace: kube-system
  labels: { kubernetes.io/service-name: kube-dns, endpointslice.kubernetes.io/managed-by: gameops.io-node }
addressType: IPv4
endpoints: [{ addresses: ["$NODE_IP"], conditions: { ready: true } }]
ports: [{ name: dns, port: 53, protocol: UDP }, { name: dns-tcp, port: 53, protocol: TCP }]
EOF
}

# ---- images the node itself needs: the pause image, built here (no registry.k8s.io) ----------------
pause_image() {
  if curl -sf "http://$REGISTRY/v2/gameops-local/pause/manifests/1" -H 'Accept: application/vnd.oci.image.manifest.v1+json' >/dev/null; then return; fi
  local ctx=$dir/pause-context
  mkdir -p "$ctx" && cp "$(readlink -f "$(command -v pause)")" "$ctx/pause"
  printf 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n' >"$ctx/Dockerfile"
  bash "$repo/scripts/images.sh" build-context "$ctx" "$PAUSE_IMAGE"
}

up() {
  [ "$(id -u)" -eq 0 ] || { log "error: a real node needs root (network, mounts, cgroups)"; exit 1; }
  local tool
  for tool in containerd runc kubelet kube-proxy coredns pause buildkitd buildctl docker-registry iptables; do
    command -v "$tool" >/dev/null || { log "error: $tool is not installed; run: bash scripts/toolchain.sh --node"; exit 1; }
  done
  [ -x /usr/lib/cni/bridge ] || { log "error: the CNI plugins are missing; run: bash scripts/toolchain.sh --node"; exit 1; }
  mkdir -p "$dir/logs"
  local t0; t0=$(date +%s)
  save_kernel
  node_pki
  write_configs
  ls /var/run/netns 2>/dev/null | sort >"$dir/netns.before" || true

  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NODE_IP/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  sysctl -q -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 >/dev/null

  start_process registry "$dir" docker-registry serve "$dir/registry/config.yml"
  start_process containerd "$dir" containerd --config "$dir/containerd/config.toml"
  wait_until "the registry" 30 "$dir" curl -sf "http://$REGISTRY/v2/"
  wait_until containerd 30 "$dir" ctr --address "$dir/containerd/containerd.sock" version
  # BuildKit builds the images (scripts/images.sh); its cache outlives the node, by design.
  start_process buildkitd "$dir" buildkitd --root "$cache/buildkit" --addr "unix://$dir/buildkitd.sock" \
    --config "$dir/buildkitd.toml" --oci-worker-net host --containerd-worker false
  wait_until BuildKit 30 "$dir" buildctl --addr "unix://$dir/buildkitd.sock" debug workers
  pause_image
  cluster_objects

  start_process coredns "$dir" coredns -conf "$dir/Corefile"
  start_process kubelet "$dir" kubelet --config "$dir/kubelet.yaml" --kubeconfig "$dir/kubelet.kubeconfig" \
    --root-dir "$dir/kubelet" --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" \
    --node-labels "gameops.io/pool=game,topology.kubernetes.io/zone=local-1"
  # NodePorts answer on 127.0.0.0/8 only (the tests' traffic stays on loopback); the conntrack
  # settings are left as they are (0 = do not touch).
  start_process kube-proxy "$dir" kube-proxy --kubeconfig "$dir/kube-proxy.kubeconfig" --proxy-mode iptables \
    --hostname-override "$NODE_NAME" --cluster-cidr "$NODE_CIDR" --nodeport-addresses 127.0.0.0/8 \
    --bind-address "$NODE_IP" --metrics-bind-address 127.0.0.1:10249 --healthz-bind-address 127.0.0.1:10256 \
    --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0
  wait_until "node $NODE_NAME Ready" 90 "$dir" kc wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
  wait_until CoreDNS 30 "$dir" curl -sf http://127.0.0.1:18181/ready
  log "node $NODE_NAME Ready in $(( $(date +%s) - t0 ))s (pods on $NODE_CIDR, NodePorts on 127.0.0.1, registry $REGISTRY)"
}

# Removes every KUBE-* and CNI-* chain and every rule jumping to one, table by table, in both
# iptables back ends; other rules on the host are left as they are.
clean_iptables() {
  local save restore table
  for save in iptables-nft-save iptables-legacy-save ip6tables-nft-save ip6tables-legacy-save; do
    command -v "$save" >/dev/null || continue
    restore=${save%-save}-restore
    for table in filter nat mangle raw; do
      local dump; dump=$("$save" -t "$table" 2>/dev/null) || continue
      grep -qE '(KUBE-|CNI-)' <<<"$dump" || continue
      grep -vE '^:(KUBE-|CNI-)|-j (KUBE-|CNI-)|^-A (KUBE-|CNI-)' <<<"$dump" | "$restore" -T "$table" 2>/dev/null ||
        log "warning: could not clean the $table table with $restore"
    done
  done
}

down() {
  [ -d "$dir" ] || return 0
  local sock=$dir/containerd/containerd.sock
  stop_process kubelet "$dir"
  stop_process kube-proxy "$dir"
  stop_process coredns "$dir"
  # Containers outlive containerd (their shims are separate processes): kill them through it first.
  if [ -S "$sock" ]; then
    local task
    for task in $(ctr --address "$sock" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$sock" -n k8s.io tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true
    done
  fi
  stop_process containerd "$dir"
  pkill -9 -f "containerd-shim-runc-v2 .*-address $sock" 2>/dev/null || true
  stop_process registry "$dir"
  stop_process buildkitd "$dir"
  kube-proxy --cleanup >/dev/null 2>&1 || true
  clean_iptables
  # Mounts under the node's folder (the kubelet's bind mount of its root, emptyDirs, secrets,
  # containerd's overlays and shm), deepest first.
  local target
  for target in $(findmnt -rn -o TARGET | grep -F -e "$dir/" -e "$cache/buildkit/" | sort -r); do umount -l "$target" 2>/dev/null || true; done
  local ns
  for ns in $(ls /var/run/netns 2>/dev/null | sort | comm -13 "$dir/netns.before" - 2>/dev/null | grep '^cni-' || true); do
    ip netns delete "$ns" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  # The pods' cgroups (cgroupfs driver: kubepods/<qos>/<pod>/<container> under every controller) and
  # the CNI results containerd cached for the network "gameops".
  local cg
  for cg in /sys/fs/cgroup/*/kubepods; do [ -d "$cg" ] && find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null; done
  rm -f /var/lib/cni/results/gameops-* 2>/dev/null || true
  restore_kernel
  rm -rf "$dir"
  log "node down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
