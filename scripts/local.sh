#!/usr/bin/env bash
# The whole product on this machine in one command, for a newcomer (README, top):
#
#   npm run local:up     # toolchain, local cluster with a real node, images, `pulumi up` of the local stack
#   npm run local:down   # remove the stack's state and tear the cluster and node down (nothing left running)
#
# The stack is `local` (stacks/local.yaml) on a backend of its own in .tools/local/backend, its
# secrets encrypted with $PULUMI_CONFIG_PASSPHRASE, or with a passphrase generated once into
# .tools/local/passphrase. Your own Pulumi login and stacks are not touched.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
state=$repo/.tools/local
cluster_dir=${GAMEOPS_CLUSTER_DIR:-$repo/.tools/cluster}
log() { printf 'local: %s\n' "$*" >&2; }

pulumi_env() {
  mkdir -p "$state/backend"
  export PULUMI_BACKEND_URL="file://$state/backend" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
  # `npm test` typechecks the program; the engine only needs it transpiled (much faster on a small machine).
  export PULUMI_NODEJS_TRANSPILE_ONLY=true
  if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    [ -f "$state/passphrase" ] || (umask 077 && openssl rand -base64 24 >"$state/passphrase")
    export PULUMI_CONFIG_PASSPHRASE_FILE=$state/passphrase
  fi
  eval "$(bash scripts/toolchain.sh --env)"
  eval "$(bash scripts/cluster.sh env)"
}

up() {
  local t0; t0=$(date +%s)
  bash scripts/toolchain.sh
  pulumi_env
  if ! kubectl get --raw /readyz >/dev/null 2>&1; then GAMEOPS_NODE=real bash scripts/cluster.sh up >/dev/null; fi
  [ "$(cat "$cluster_dir/node-kind" 2>/dev/null)" = real ] || {
    log "error: the running local cluster has kwok nodes, which run no container; stop it (npm run cluster:down) and run npm run local:up again"
    exit 1
  }
  bash scripts/images.sh services
  [ -f Pulumi.local.yaml ] || cp stacks/local.yaml Pulumi.local.yaml
  pulumi stack select local >/dev/null 2>&1 || pulumi stack init local >/dev/null
  # Pulumi.yaml declares jwtKey with an empty default, so `config get` succeeds without one.
  [ -n "$(pulumi config get jwtKey 2>/dev/null)" ] || pulumi config set --secret jwtKey "$(openssl rand -base64 32)"
  pulumi up --yes --skip-preview --stack local
  local ns port
  ns=$(pulumi stack output zones --json --stack local | node -p 'Object.values(JSON.parse(require("fs").readFileSync(0, "utf8")))[0].namespace')
  port=$(kubectl -n "$ns" get service gateway -o jsonpath='{.spec.ports[?(@.name=="ws")].nodePort}')
  cat <<EOF

gameops is up in $(( $(date +%s) - t0 ))s: zone s1 in namespace $ns, on a real local node.
  gateway:  ws://127.0.0.1:$port
  play:     BOT_JWT_KEY="\$(npm run -s local:jwt-key)" npm run bot -- --url ws://127.0.0.1:$port --players 8 --rooms 2 --rounds 3
  kubectl:  eval "\$(bash scripts/cluster.sh env)"; kubectl -n $ns get pods
  down:     npm run local:down
EOF
}

down() {
  pulumi_env
  # The cluster goes away whole, so the stack's resources are not deleted one by one: the state is
  # dropped with the stack (Pulumi.local.yaml stays, with your secrets, for the next local:up).
  if pulumi stack ls --json 2>/dev/null | grep -q '"name": "local"'; then
    pulumi stack rm local --force --yes --preserve-config >/dev/null
  fi
  bash scripts/cluster.sh down
}

# The zone's JWT key, for the bot (a secret: printed only when asked for, never in up's output).
jwt_key() {
  pulumi_env
  pulumi config get jwtKey --stack local
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  jwt-key) jwt_key ;;
  *) echo "usage: $0 up|down|jwt-key" >&2; exit 2 ;;
esac
