#!/usr/bin/env bash
# Builds and runs the Go reference dice backend (panshiqu/server, its gate_server and game_server) for
# `npm run bench -- --reference ...` (README, Benchmarks). Its code stays out of this repository: pass
# a checkout of it. Both of its servers listen on fixed ports (game gRPC 60001, gate WebSocket 60006),
# and the gate dials its game at `dice:60001` (a Kubernetes service name), so the gate runs in a
# private mount namespace whose /etc/hosts maps `dice` to 127.0.0.1; the machine's file is not touched
# (root, as `unshare -m` needs).
#
#   bash bench/go-reference.sh start <checkout>   # builds (Go module proxy), starts, prints the bench flags
#   bash bench/go-reference.sh stop
#
# The gate's HMAC key is `default_key` (the bench's default JWT_KEY, ZGVmYXVsdF9rZXk=).
set -euo pipefail
state=${GAMEOPS_REFERENCE_DIR:-/tmp/gameops-go-reference}
gate_port=60006
game_port=60001

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls until `port` accepts a connection; fails as soon as the process is gone.
wait_port() {
    local port=$1 pid=$2 name=$3
    for _ in $(seq 1 200); do
        listening "$port" && return 0
        kill -0 "$pid" 2>/dev/null || { echo "go-reference: $name exited; its log: $state/$name.log" >&2; return 1; }
        sleep 0.05
    done
    echo "go-reference: $name did not open port $port within 10 s; its log: $state/$name.log" >&2
    return 1
}

start() {
    local src=${1:?usage: bash bench/go-reference.sh start <checkout of panshiqu/server>}
    [ -f "$src/gate_server/main.go" ] || { echo "go-reference: $src has no gate_server/main.go; pass a checkout of panshiqu/server" >&2; exit 2; }
    [ -s "$state/pids" ] && { echo "go-reference: already running (pids $(cat "$state/pids")); run: bash bench/go-reference.sh stop" >&2; exit 1; }
    for p in $game_port $gate_port; do
        listening "$p" && { echo "go-reference: port $p is taken; the reference's ports are fixed" >&2; exit 1; }
    done
    mkdir -p "$state/bin"
    (cd "$src" && go build -o "$state/bin/" ./gate_server ./game_server)
    printf '127.0.0.1 localhost\n127.0.0.1 dice\n' >"$state/hosts"
    # 10,000 idle connections need more than the usual 1024 descriptors.
    ulimit -n "$(ulimit -Hn)"
    "$state/bin/game_server" >"$state/game.log" 2>&1 &
    local game=$!
    wait_port $game_port $game game
    # unshare and sh exec: $! is the gate_server itself (its RSS is what the idle phase reads).
    JWT_KEY=ZGVmYXVsdF9rZXk= unshare -m sh -c "mount --bind '$state/hosts' /etc/hosts && exec '$state/bin/gate_server'" >"$state/gate.log" 2>&1 &
    local gate=$!
    wait_port $gate_port $gate gate
    echo "$gate,$game" >"$state/pids"
    echo "--reference ws://127.0.0.1:$gate_port/ --reference-pids $gate,$game"
}

stop() {
    [ -s "$state/pids" ] || { echo "go-reference: not running"; return 0; }
    local gate game
    IFS=, read -r gate game <"$state/pids"
    # The game server drains on a first SIGTERM (its rooms end at their pace) and disbands them on a second.
    kill -TERM "$gate" "$game" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$game" 2>/dev/null || break; sleep 0.05; done
    kill -TERM "$game" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$gate" 2>/dev/null || kill -0 "$game" 2>/dev/null || break
        sleep 0.05
    done
    for p in $gate $game; do kill -0 "$p" 2>/dev/null && kill -KILL "$p"; done
    rm -f "$state/pids"
    echo "go-reference: stopped"
}

case ${1:-} in
    start) start "${2:-}" ;;
    stop) stop ;;
    *)
        echo "usage: bash bench/go-reference.sh start <checkout of panshiqu/server> | stop" >&2
        exit 2
        ;;
esac
