#!/usr/bin/env bash
# The real-engine toolchain: the Pulumi CLI, its Node.js language host, the kubernetes and random
# providers, and the local control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kwok) and a real node (kubelet, kube-proxy, CoreDNS, BuildKit, a pause
# process; containerd, runc, the CNI plugins, debootstrap and a registry from Debian).
#
# Everything builds from the Go module proxy (the wrapper modules in toolchain/ pin every version and
# carry go.sum), except the two binaries the proxy refuses, which come prebuilt from ../shared/tools.
# Binaries are cached by version under $GAMEOPS_TOOLS (default ~/.cache/gameops/tools), so a second
# run takes seconds; a tool already on PATH at the pinned version is used as it is.
#
# Usage: bash scripts/toolchain.sh            # install what is missing, link it into .tools/bin
#        eval "$(bash scripts/toolchain.sh --env)"   # put .tools/bin on PATH in this shell
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

PULUMI_VERSION=3.248.0          # = @pulumi/pulumi in package.json
KUBERNETES_VERSION=1.34.2
ETCD_VERSION=3.6.16
KWOK_VERSION=0.7.0
COREDNS_VERSION=1.14.7
BUILDKIT_VERSION=0.34.2
PAUSE_VERSION=1               # toolchain/pause: the node's own sandbox process
# The providers are installed as the versions the npm packages ask for.
K8S_PROVIDER_VERSION=$(node -p "require('$repo/node_modules/@pulumi/kubernetes/package.json').version" 2>/dev/null || echo 4.34.2)
RANDOM_PROVIDER_VERSION=$(node -p "require('$repo/node_modules/@pulumi/random/package.json').version" 2>/dev/null || echo 4.21.2)

tools=${GAMEOPS_TOOLS:-$HOME/.cache/gameops/tools}
bin=$repo/.tools/bin
shared=${GAMEOPS_SHARED:-$repo/../shared}
export PULUMI_SKIP_UPDATE_CHECK=true
plugins=${PULUMI_HOME:-$HOME/.pulumi}/plugins

if [ "${1:-}" = "--env" ]; then
  echo "export PATH=\"$bin:\$PATH\" PULUMI_SKIP_UPDATE_CHECK=true"
  exit 0
fi

mkdir -p "$tools" "$bin"
export PATH="$bin:$PATH"
log() { printf 'toolchain: %s\n' "$*" >&2; }
started=$(date +%s)

# on_path NAME WANT CMD...: true (and linked into .tools/bin) when NAME outside .tools is at version WANT.
on_path() {
  local name=$1 want=$2; shift 2
  local found
  found=$(PATH=${PATH#"$bin:"} command -v "$name" 2>/dev/null) || return 1
  local have
  have=$("$found" "$@" 2>/dev/null | head -n 3 || true)
  if grep -qF "$want" <<<"$have"; then
    ln -sf "$found" "$bin/$name"
    log "$name $want: using $found"
    return 0
  fi
  log "$name on PATH ($found) is not $want; using the pinned build"
  return 1
}

# go_build NAME VERSION MODULE_DIR PACKAGE [LDFLAGS]: build once per version into the cache.
go_build() {
  local name=$1 version=$2 module=$3 pkg=$4 ldflags=${5:-}
  local out=$tools/$name-$version/$name
  if [ ! -x "$out" ]; then
    log "building $name $version (cold: minutes; cached afterwards)"
    local t0; t0=$(date +%s)
    mkdir -p "$(dirname "$out")"
    (cd "$module" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp" "$pkg")
    mv "$out.tmp" "$out"
    log "built $name in $(( $(date +%s) - t0 ))s"
  fi
  ln -sf "$out" "$bin/$name"
}

# --- Pulumi CLI ---------------------------------------------------------------------------------
if ! on_path pulumi "v$PULUMI_VERSION" version; then
  go_build pulumi "$PULUMI_VERSION" "$repo/toolchain/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
fi

# --- the Node.js language host and the random provider: prebuilt (the proxy refuses them) -------
unpack_shared() { # name version -> path of the unpacked binary in the cache
  local name=$1 version=$2
  local out=$tools/$name-$version/$name
  if [ ! -x "$out" ]; then
    [ -f "$shared/tools/$name.zst" ] || {
      log "error: $shared/tools/$name.zst is missing: install the Pulumi CLI with its plugins"
      log "  (https://www.pulumi.com/docs/install/), or set GAMEOPS_SHARED to the folder holding tools/"
      exit 1
    }
    command -v zstd >/dev/null || { log "installing zstd"; apt-get update -qq && apt-get install -y -qq zstd >/dev/null; }
    mkdir -p "$(dirname "$out")"
    zstd -q -d -f "$shared/tools/$name.zst" -o "$out.tmp" && chmod +x "$out.tmp" && mv "$out.tmp" "$out"
  fi
  echo "$out"
}
# A CLI built here gets its language host beside its binary, where the CLI looks first (as its
# release archive ships it); a plugin found only on PATH makes every command warn.
cli_dir=$(dirname "$(readlink -f "$bin/pulumi")")
if [ "$cli_dir" = "$tools/pulumi-$PULUMI_VERSION" ]; then
  ln -sf "$(unpack_shared pulumi-language-nodejs "$PULUMI_VERSION")" "$cli_dir/pulumi-language-nodejs"
fi
rm -f "$bin/pulumi-language-nodejs" "$bin/pulumi-resource-kubernetes" "$bin/pulumi-resource-random"
# Without ../shared (a machine with internet, e.g. GitHub Actions) the CLI downloads the provider itself.
random_provider=
[ -f "$shared/tools/pulumi-resource-random.zst" ] && random_provider=$(unpack_shared pulumi-resource-random "$RANDOM_PROVIDER_VERSION")

# --- the kubernetes provider: built, its schema versioned as @pulumi/kubernetes -----------------
k8s_provider=$tools/pulumi-resource-kubernetes-$K8S_PROVIDER_VERSION/pulumi-resource-kubernetes
if [ ! -x "$k8s_provider" ]; then
  build=$tools/pulumi-resource-kubernetes-$K8S_PROVIDER_VERSION/src
  rm -rf "$build" && mkdir -p "$build" && cp "$repo"/toolchain/pulumi-kubernetes/* "$build/"
  # `go list -m` names the module's directory only once it is in the module cache (a cold cache
  # prints an empty Dir), so it is downloaded first.
  (cd "$build" && GOFLAGS=-buildvcs=false go mod download github.com/pulumi/pulumi-kubernetes/provider/v4)
  src=$(cd "$build" && GOFLAGS=-buildvcs=false go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)
  [ -f "$src/cmd/pulumi-resource-kubernetes/schema.json" ] || { echo "toolchain: the pulumi-kubernetes module has no schema.json at '$src' (go mod download failed above?)" >&2; exit 1; }
  # What the provider's own go:generate step does: compact JSON, the schema's version set.
  node -e '
    const fs = require("fs"); const [src, dst, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8")); schema.version = version;
    fs.writeFileSync(dst + "/schema-embed.json", JSON.stringify(schema));
    fs.writeFileSync(dst + "/terraform-mapping-embed.json",
      JSON.stringify(JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"))));
  ' "$src/cmd/pulumi-resource-kubernetes" "$build" "$K8S_PROVIDER_VERSION"
  go_build pulumi-resource-kubernetes "$K8S_PROVIDER_VERSION" "$build" . \
    "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_PROVIDER_VERSION"
  rm -rf "$build"
fi
# Providers are plugins of the CLI, installed into PULUMI_HOME once per version (not on PATH).
install_plugin() {
  local name=$1 version=$2 file=${3:-}
  if [ ! -d "$plugins/resource-$name-v$version" ]; then
    pulumi plugin install resource "$name" "$version" ${file:+--file "$file"} >/dev/null
    log "plugin resource $name $version installed"
  fi
}
install_plugin kubernetes "$K8S_PROVIDER_VERSION" "$k8s_provider"
install_plugin random "$RANDOM_PROVIDER_VERSION" "$random_provider"

# --- the local cluster: etcd, Kubernetes, kwok --------------------------------------------------
on_path etcd "$ETCD_VERSION" --version || go_build etcd "$ETCD_VERSION" "$repo/toolchain/etcd" .
k8s_ldflags="-X k8s.io/component-base/version.gitVersion=v$KUBERNETES_VERSION
  -X k8s.io/component-base/version.gitMajor=${KUBERNETES_VERSION%%.*}
  -X k8s.io/component-base/version.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION")
  -X k8s.io/component-base/version.gitTreeState=clean
  -X k8s.io/client-go/pkg/version.gitVersion=v$KUBERNETES_VERSION"
k8s_ldflags=$(tr -s ' \n' ' ' <<<"$k8s_ldflags")
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy; do
  args=--version; [ "$cmd" = kubectl ] && args="version --client"
  # shellcheck disable=SC2086
  on_path "$cmd" "v$KUBERNETES_VERSION" $args ||
    go_build "$cmd" "$KUBERNETES_VERSION" "$repo/toolchain/kubernetes" "k8s.io/kubernetes/cmd/$cmd" "$k8s_ldflags"
done
on_path kwok "$KWOK_VERSION" --version || go_build kwok "$KWOK_VERSION" "$repo/toolchain/kwok" sigs.k8s.io/kwok/cmd/kwok

# --- the real node: CoreDNS, BuildKit and the sandbox's pause process; the rest from Debian --------
on_path coredns "$COREDNS_VERSION" -version || go_build coredns "$COREDNS_VERSION" "$repo/toolchain/coredns" .
for cmd in buildkitd buildctl; do
  on_path "$cmd" "v$BUILDKIT_VERSION" --version ||
    go_build "$cmd" "$BUILDKIT_VERSION" "$repo/toolchain/buildkit" "github.com/moby/buildkit/cmd/$cmd" \
      "-X github.com/moby/buildkit/version.Version=v$BUILDKIT_VERSION"
done
go_build pause "$PAUSE_VERSION" "$repo/toolchain/pause" .
# containerd 1.6 + runc 1.1 (CRI), the CNI plugins in /usr/lib/cni, iptables, debootstrap for the base
# image, and docker-registry 2.8 (policy-rc.d keeps the package from starting one on every interface;
# the node starts its own on 127.0.0.1:5000).
node_packages="containerd runc containernetworking-plugins iptables conntrack debootstrap docker-registry"
missing_packages=$(for p in $node_packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done | tr '\n' ' ')
if [ -n "${missing_packages// /}" ]; then
  log "installing Debian packages: $missing_packages"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  printf '#!/bin/sh\nexit 101\n' | $sudo_ tee /usr/sbin/policy-rc.d >/dev/null && $sudo_ chmod +x /usr/sbin/policy-rc.d
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends $missing_packages >/dev/null
  $sudo_ rm -f /usr/sbin/policy-rc.d
fi

log "ready in $(( $(date +%s) - started ))s: $(ls "$bin" | tr '\n' ' ')"
