# Background processes of the local cluster and node, one pid file and one log per process.
# Sourced by scripts/cluster.sh, scripts/node.sh and scripts/images.sh; each defines log().

# start_process NAME DIR COMMAND...: start once (a live pid file means running), detached, logging to DIR/logs/NAME.log.
start_process() {
  local name=$1 where=$2; shift 2
  mkdir -p "$where/logs"
  if [ -f "$where/$name.pid" ] && kill -0 "$(cat "$where/$name.pid")" 2>/dev/null; then return; fi
  setsid "$@" >>"$where/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$where/$name.pid"
}

# stop_process NAME DIR [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 10).
stop_process() {
  local name=$1 where=$2 seconds=${3:-10}
  [ -f "$where/$name.pid" ] || return 0
  local pid; pid=$(cat "$where/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 $(( seconds * 4 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$where/$name.pid"
}

# wait_until WHAT SECONDS DIR COMMAND...: poll COMMAND until it succeeds; on timeout show the logs in DIR.
wait_until() {
  local what=$1 seconds=$2 where=$3; shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "error: $what not ready after ${seconds}s; logs in $where/logs"
      tail -n 20 "$where/logs/"*.log >&2 || true
      return 1
    fi
    sleep 0.5
  done
}
