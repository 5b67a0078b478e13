#!/usr/bin/env bash
# Images for the local node, built without a public registry: BuildKit (started by scripts/node.sh)
# builds services/Dockerfile as a user would, on a base image made here, and pushes to the node's
# registry on localhost:5000, where the local stack's image names point.
#
#   bash scripts/images.sh services [TAG...]   # gateway, room and cron as localhost:5000/gameops/<svc>:<TAG> (default 0.1.0),
#                                              # and the local stack's Redis (localhost:5000/gameops/redis:7.0-bookworm)
#   bash scripts/images.sh base                # only the base image (the Dockerfile's NODE_IMAGE)
#   bash scripts/images.sh build-context DIR IMAGE   # any Dockerfile in DIR (the node's pause image)
#
# The base image is what node:20-bookworm-slim is: a Debian bookworm root file system (debootstrap
# --variant=minbase; Debian's own nodejs is 18.x) plus this machine's Node.js (>= 20.19) and npm in
# /usr/local. It is cached by Node version; the root file system by Debian suite.
# The machine's egress CA (npm ci inside the build needs it here) reaches the build stages as a
# BuildKit secret, which no image layer keeps; `--secret` is skipped where no such CA is configured.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cluster=${GAMEOPS_CLUSTER_DIR:-$repo/.tools/cluster}
node_dir=$cluster/node
cache=${GAMEOPS_CACHE:-$HOME/.cache/gameops}
export PATH="$repo/.tools/bin:$PATH"
log() { printf 'images: %s\n' "$*" >&2; }

node_version=$(node -p process.versions.node)
debian_image=localhost:5000/gameops-local/debian:bookworm-minbase
base_image=localhost:5000/gameops-local/node:$node_version-bookworm-slim
redis_image=localhost:5000/gameops/redis:7.0-bookworm
debian_mirror=${GAMEOPS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
build_ca=${GAMEOPS_BUILD_CA:-${NODE_EXTRA_CA_CERTS:-}}

buildctl_() { buildctl --addr "unix://$node_dir/buildkitd.sock" "$@"; }

require_node() {
  [ -S "$node_dir/buildkitd.sock" ] && curl -sf http://127.0.0.1:5000/v2/ >/dev/null || {
    log "error: BuildKit and the registry run with the local node; start it: GAMEOPS_NODE=real bash scripts/cluster.sh up"
    exit 1
  }
}

# in_registry IMAGE: true when the registry holds IMAGE (localhost:5000/<name>:<tag>).
in_registry() {
  local ref=${1#localhost:5000/}
  curl -sf -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    -H 'Accept: application/vnd.oci.image.index.v1+json' -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://127.0.0.1:5000/v2/${ref%:*}/manifests/${ref##*:}"
}

push_output() { # image[,image...]
  echo "type=image,\"name=$1\",push=true,registry.insecure=true"
}

build_context() { # dir image
  require_node
  buildctl_ build --progress plain --frontend dockerfile.v0 --local "context=$1" --local "dockerfile=$1" \
    --output "$(push_output "$2")" 2>"$node_dir/logs/build-$(basename "$2" | tr ':/' '--').log" || {
    log "error: building $2 failed; its log: $node_dir/logs/build-$(basename "$2" | tr ':/' '--').log"; exit 1; }
  log "built $2"
}

# The Debian root file system as an image of its own: the base of the Node.js and Redis images.
debian() {
  if in_registry "$debian_image"; then return; fi
  local rootfs_tar=$cache/base/debian-bookworm-minbase.tar
  if [ ! -f "$rootfs_tar" ]; then
    command -v debootstrap >/dev/null || { log "error: debootstrap is missing; run: bash scripts/toolchain.sh"; exit 1; }
    log "debootstrap bookworm (minbase) into the cache (cold: minutes)"
    local t0; t0=$(date +%s)
    local tmp; tmp=$(mktemp -d)
    debootstrap --variant=minbase bookworm "$tmp/rootfs" "$debian_mirror" >"$node_dir/logs/debootstrap.log" 2>&1 ||
      { log "error: debootstrap failed; its log: $node_dir/logs/debootstrap.log"; rm -rf "$tmp"; exit 1; }
    # What a slim image drops: package caches and lists; device nodes come from the runtime.
    rm -rf "$tmp/rootfs"/var/cache/apt/archives/*.deb "$tmp/rootfs"/var/lib/apt/lists/* "$tmp/rootfs"/dev/*
    mkdir -p "$(dirname "$rootfs_tar")"
    tar -C "$tmp/rootfs" -cf "$rootfs_tar.tmp" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$tmp"
    log "root file system cached in $(( $(date +%s) - t0 ))s: $rootfs_tar"
  fi
  local ctx; ctx=$(mktemp -d)
  mkdir -p "$ctx/rootfs" && tar -C "$ctx/rootfs" -xf "$rootfs_tar"
  printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nCMD ["bash"]\n' >"$ctx/Dockerfile"
  build_context "$ctx" "$debian_image"
  rm -rf "$ctx"
}

# What node:20-bookworm-slim is: Debian plus Node.js and npm in /usr/local (the Dockerfile's runtime
# stage removes npm as it does from the official image).
base() {
  require_node
  if in_registry "$base_image"; then return; fi
  debian
  local ctx; ctx=$(mktemp -d)
  mkdir -p "$ctx/node/bin" "$ctx/node/lib/node_modules"
  # The host's Node.js needs only glibc, libstdc++ and libgcc, all in minbase.
  cp "$(readlink -f "$(command -v node)")" "$ctx/node/bin/node"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$ctx/node/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/node/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/node/bin/npx"
  printf 'FROM %s\nCOPY node/ /usr/local/\nENV NODE_VERSION=%s\nCMD ["node"]\n' "$debian_image" "$node_version" >"$ctx/Dockerfile"
  build_context "$ctx" "$base_image"
  rm -rf "$ctx"
}

# Redis for the local stack's zones (`redis.image`): Debian's redis-server (7.0) on the same root file
# system; the zone's pod spec runs it as uid 999 with a read-only root, as it does the official image.
redis() {
  require_node
  if in_registry "$redis_image"; then return; fi
  debian
  local ctx; ctx=$(mktemp -d)
  printf 'FROM %s\nRUN apt-get update && apt-get install -y --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/*\nUSER 999:999\nCMD ["redis-server"]\n' \
    "$debian_image" >"$ctx/Dockerfile"
  build_context "$ctx" "$redis_image"
  rm -rf "$ctx"
}

services() {
  local tags=("$@"); [ ${#tags[@]} -gt 0 ] || tags=(0.1.0)
  base
  redis
  local svc tag names t0
  for svc in gateway room cron; do
    names=""
    for tag in "${tags[@]}"; do names+="${names:+,}localhost:5000/gameops/$svc:$tag"; done
    t0=$(date +%s)
    local secret=()
    [ -n "$build_ca" ] && [ -f "$build_ca" ] && secret=(--secret "id=build-ca,src=$build_ca")
    # cmdline= keeps the Dockerfile's `# syntax=` line from pulling a frontend image.
    buildctl_ build --progress plain --frontend dockerfile.v0 --local "context=$repo" --local "dockerfile=$repo/services" \
      --opt filename=Dockerfile --opt "target=$svc" --opt cmdline= --opt "build-arg:NODE_IMAGE=$base_image" \
      "${secret[@]}" --output "$(push_output "$names")" 2>"$node_dir/logs/build-$svc.log" ||
      { log "error: building $svc failed; its log: $node_dir/logs/build-$svc.log"; tail -n 30 "$node_dir/logs/build-$svc.log" >&2; exit 1; }
    log "built $names in $(( $(date +%s) - t0 ))s"
  done
}

case "${1:-}" in
  services) shift; services "$@" ;;
  base) base ;;
  build-context) build_context "$2" "$3" ;;
  *) echo "usage: $0 services [TAG...] | base | build-context DIR IMAGE" >&2; exit 2 ;;
esac
