#!/usr/bin/env bash
# Sets up a fresh machine for gameops development and tests: the Debian packages the service tests
# run for real (redis-server), then the exact npm dependency tree from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
node_minor=$(node -p 'process.versions.node.split(".")[1]')
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "gameops needs Node.js 20.19+ or 22+; this is $(node --version)" >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # policy-rc.d keeps the package from starting a system redis on 6379; tests start their own.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  $SUDO rm -f /usr/sbin/policy-rc.d
fi
redis-server --version

npm ci --no-audit --no-fund
