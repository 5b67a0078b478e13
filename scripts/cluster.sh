#!/usr/bin/env bash
# A local Kubernetes control plane for the real-engine tier, on 127.0.0.1 only:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, and nodes of one of two kinds:
# - kwok (default): fake nodes labelled like the stacks' node pools; the pods the controllers create
#   turn Running and Ready, but no container runs. Fast; what `npm run test:e2e` uses.
# - GAMEOPS_NODE=real: one real node (scripts/node.sh: containerd, kubelet, kube-proxy, CoreDNS, a
#   registry on 127.0.0.1:5000 and BuildKit); pods are real processes. Needs root.
# PodSecurity admission is on, so a zone namespace enforces `restricted` as in a cloud cluster.
#
#   bash scripts/cluster.sh up      # start (idempotent); prints the KUBECONFIG to use
#   bash scripts/cluster.sh down    # stop every process and remove the cluster's state
#   bash scripts/cluster.sh env     # `export KUBECONFIG=...` for a shell
#
# The binaries come from scripts/toolchain.sh. State lives in $GAMEOPS_CLUSTER_DIR
# (default .tools/cluster); with kwok nodes nothing outside it is touched, and what a real node changes
# on the host is listed in scripts/node.sh and undone by `down`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${GAMEOPS_CLUSTER_DIR:-$repo/.tools/cluster}
export PATH="$repo/.tools/bin:$PATH"

ETCD_PORT=${GAMEOPS_ETCD_PORT:-23790}
API_PORT=${GAMEOPS_API_PORT:-16443}
SERVICE_CIDR=10.96.0.0/16
NODES=${GAMEOPS_FAKE_NODES:-2}
NODE_KIND=${GAMEOPS_NODE:-kwok}
case "$NODE_KIND" in kwok | real) ;; *) echo "cluster: GAMEOPS_NODE is '$NODE_KIND'; use kwok (fake nodes) or real (one real node)" >&2; exit 2 ;; esac
kubeconfig=$dir/admin.kubeconfig

log() { printf 'cluster: %s\n' "$*" >&2; }

# ---- certificates: one CA, a serving cert for 127.0.0.1, a client cert per component ------------
cert() { # name subject [server-san]
  local name=$1 subject=$2 san=${3:-}
  [ -f "$dir/pki/$name.crt" ] && return
  openssl genrsa -out "$dir/pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/pki/$name.key" -subj "$subject" -out "$dir/pki/$name.csr" 2>/dev/null
  local ext=$dir/pki/$name.ext
  if [ -n "$san" ]; then
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" >"$ext"
  else
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >"$ext"
  fi
  openssl x509 -req -in "$dir/pki/$name.csr" -CA "$dir/pki/ca.crt" -CAkey "$dir/pki/ca.key" -CAcreateserial \
    -days 365 -extfile "$ext" -out "$dir/pki/$name.crt" 2>/dev/null
}

kubeconfig_for() { # file cert-name
  local file=$1 name=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: gameops-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $dir/pki/ca.crt
users:
- name: $name
  user:
    client-certificate: $dir/pki/$name.crt
    client-key: $dir/pki/$name.key
contexts:
- name: gameops-local
  context: { cluster: gameops-local, user: $name }
current-context: gameops-local
EOF
}

pki() {
  mkdir -p "$dir/pki"
  if [ ! -f "$dir/pki/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=gameops-local-ca" \
      -keyout "$dir/pki/ca.key" -out "$dir/pki/ca.crt" 2>/dev/null
    openssl genrsa -out "$dir/pki/sa.key" 2048 2>/dev/null
    openssl rsa -in "$dir/pki/sa.key" -pubout -out "$dir/pki/sa.pub" 2>/dev/null
  fi
  cert apiserver "/CN=kube-apiserver" \
    "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert admin "/O=system:masters/CN=gameops-admin"
  cert controller-manager "/CN=system:kube-controller-manager"
  cert scheduler "/CN=system:kube-scheduler"
  cert kwok "/O=system:masters/CN=kwok"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  kubeconfig_for "$kubeconfig" admin
  kubeconfig_for "$dir/controller-manager.kubeconfig" controller-manager
  kubeconfig_for "$dir/scheduler.kubeconfig" scheduler
  kubeconfig_for "$dir/kwok.kubeconfig" kwok
}

# ---- processes -------------------------------------------------------------------------------
# shellcheck source=scripts/lib/processes.sh
. "$repo/scripts/lib/processes.sh"
start() { start_process "$1" "$dir" "${@:2}"; }
wait_for() { wait_until "$1" "$2" "$dir" "${@:3}"; }

kc() { kubectl --kubeconfig "$kubeconfig" "$@"; }

up() {
  for tool in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
    command -v "$tool" >/dev/null || { log "error: $tool is not installed; run: bash scripts/toolchain.sh"; exit 1; }
  done
  mkdir -p "$dir/logs" "$dir/etcd" "$dir/volumes"
  pki
  local t0; t0=$(date +%s)

  # No fsync: the cluster is thrown away after the tests, and fsync dominates etcd's latency.
  start etcd etcd --name local --data-dir "$dir/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" \
    --initial-cluster "local=http://127.0.0.1:$((ETCD_PORT + 10))"
  wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

  start kube-apiserver kube-apiserver --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$dir/pki/apiserver.crt" --tls-private-key-file "$dir/pki/apiserver.key" \
    --client-ca-file "$dir/pki/ca.crt" --authorization-mode Node,RBAC \
    --service-account-key-file "$dir/pki/sa.pub" --service-account-signing-key-file "$dir/pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range "$SERVICE_CIDR" --endpoint-reconciler-type none \
    --kubelet-client-certificate "$dir/pki/apiserver-kubelet-client.crt" --kubelet-client-key "$dir/pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP,Hostname --allow-privileged=false
  wait_for kube-apiserver 60 kc get --raw /readyz

  start kube-controller-manager kube-controller-manager --kubeconfig "$dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$dir/controller-manager.kubeconfig" --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false --use-service-account-credentials \
    --service-account-private-key-file "$dir/pki/sa.key" --root-ca-file "$dir/pki/ca.crt" \
    --cluster-signing-cert-file "$dir/pki/ca.crt" --cluster-signing-key-file "$dir/pki/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR"
  start kube-scheduler kube-scheduler --kubeconfig "$dir/scheduler.kubeconfig" \
    --authentication-kubeconfig "$dir/scheduler.kubeconfig" --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false
  storage
  wait_for "the default service account" 60 kc -n default get serviceaccount default
  if [ "$NODE_KIND" = real ]; then
    echo real >"$dir/node-kind"
    bash "$repo/scripts/node.sh" up
    log "up in $(( $(date +%s) - t0 ))s: a real node"
    echo "export KUBECONFIG=$kubeconfig"
    return
  fi
  # Without a lease the fake nodes flap NotReady and their pods lose Ready (see ../shared/REAL-CLUSTER.md).
  start kwok kwok --kubeconfig "$dir/kwok.kubeconfig" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --node-lease-duration-seconds 40 \
    --cidr 10.244.0.1/16 --server-address 127.0.0.1:0

  fake_nodes
  wait_for "ready fake nodes" 60 bash -c "[ \"\$(kubectl --kubeconfig '$kubeconfig' get nodes --no-headers 2>/dev/null | grep -c ' Ready ')\" -ge $NODES ]"
  log "up in $(( $(date +%s) - t0 ))s: $(kc get nodes --no-headers | wc -l) nodes"
  echo "export KUBECONFIG=$kubeconfig"
}

# Fake nodes labelled like an ACK node pool (`gameops.io/pool`) in two availability zones.
fake_nodes() {
  local i
  for i in $(seq 1 "$NODES"); do
    kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: game-$i
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: game-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
    gameops.io/pool: game
    topology.kubernetes.io/zone: local-$(( (i - 1) % 2 + 1 ))
spec: {}
status:
  allocatable: { cpu: "16", memory: 64Gi, pods: "110" }
  capacity: { cpu: "16", memory: 64Gi, pods: "110" }
EOF
  done
}

# The default StorageClass and prepared volumes for the Redis claims. Expansion is allowed, so a
# `redis.storage` change is accepted by the API server as it is on a cloud disk class.
storage() {
  kc apply -f - >/dev/null <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local
  annotations: { storageclass.kubernetes.io/is-default-class: "true" }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
reclaimPolicy: Retain
EOF
  local i pv
  # A volume released by a deleted claim is emptied and offered again, so a long-lived local
  # cluster does not run out of volumes.
  for pv in $(kc get pv -l gameops.io/local-volume -o jsonpath='{range .items[?(@.status.phase=="Released")]}{.metadata.name}{" "}{end}'); do
    rm -rf "${dir:?}/volumes/${pv#local-}" && mkdir -p "$dir/volumes/${pv#local-}"
    kc patch pv "$pv" --type json -p '[{"op":"remove","path":"/spec/claimRef"}]' >/dev/null
  done
  for i in $(seq 1 12); do
    # Writable by the pod's own uid (Redis runs as 999): a hostPath volume ignores fsGroup.
    mkdir -p "$dir/volumes/pv-$i" && chmod 0777 "$dir/volumes/pv-$i"
    kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: local-pv-$i, labels: { gameops.io/local-volume: "true" } }
spec:
  capacity: { storage: 20Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local
  hostPath: { path: $dir/volumes/pv-$i, type: DirectoryOrCreate }
EOF
  done
}

down() {
  bash "$repo/scripts/node.sh" down
  local name
  for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_process "$name" "$dir"; done
  rm -rf "$dir"
  log "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export KUBECONFIG=$kubeconfig" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
