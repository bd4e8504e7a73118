# Shared by scripts/run-cluster.sh and bench/cluster.sh (sourced, not run):
# a local PostgreSQL, N gateway hosts on one database, HAProxy in front.
# Expects ROOT and BIN (the build's bin folder); cluster_stop undoes it all.

CLUSTER_PIDS=()
CLUSTER_PG_DIR=""
CLUSTER_HAPROXY_PID=""

# cluster_pg_start <dir> [port]: sets CLUSTER_URL.
cluster_pg_start() {
  CLUSTER_PG_DIR=$1
  CLUSTER_URL=$("$ROOT/scripts/pg_cluster.sh" start "$1" "${2:-0}")
}

# cluster_config <base config> <out>: the base config for a host behind a
# proxy (every connection comes from the proxy's address: no per-address cap).
cluster_config() {
  node -e '
    const [src, out] = process.argv.slice(1);
    const c = JSON.parse(require("fs").readFileSync(src, "utf8"));
    c.server.maxConnectionsPerAddress = 0;
    require("fs").writeFileSync(out, JSON.stringify(c, null, 1));
  ' "$1" "$2"
}

# cluster_host_start <config> <port> <log> [extra args…]: starts a host on the
# cluster database and waits for /readyz.
cluster_host_start() {
  local config=$1 port=$2 log=$3
  shift 3
  VB_DATABASE_URL=$CLUSTER_URL "$BIN/vocalbridge" --config "$config" --port "$port" "$@" >>"$log" 2>&1 &
  local pid=$!
  CLUSTER_PIDS+=("$pid")
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "cluster: host on :$port did not become ready" >&2
  return 1
}

# cluster_haproxy_start <dir> <port> <backend port>…: HAProxy health-checking
# /readyz, cutting slow clients at the edge (timeout http-request).
cluster_haproxy_start() {
  local dir=$1 port=$2
  shift 2
  local cfg="$dir/haproxy.cfg" i=0
  mkdir -p "$dir"
  cat >"$cfg" <<CFG
global
  maxconn 8192
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  # A client has 10 s to send its whole request head: slowloris ends here.
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout queue 5s
  # Only failed connections are retried on another host (never a sent request).
  retries 2
  option redispatch
frontend vocalbridge
  bind 127.0.0.1:$port
  default_backend hosts
backend hosts
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 maxconn 256
CFG
  for backend in "$@"; do
    i=$((i + 1))
    echo "  server host$i 127.0.0.1:$backend check" >>"$cfg"
  done
  haproxy -f "$cfg" -db >>"$dir/haproxy.log" 2>&1 &
  CLUSTER_HAPROXY_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    sleep 0.1
  done
  echo "cluster: HAProxy on :$port is not answering" >&2
  return 1
}

# Runs from EXIT traps under `set -e`: every step tolerates what is already gone.
cluster_stop() {
  if [ -n "$CLUSTER_HAPROXY_PID" ]; then
    kill "$CLUSTER_HAPROXY_PID" 2>/dev/null || true
    wait "$CLUSTER_HAPROXY_PID" 2>/dev/null || true
  fi
  CLUSTER_HAPROXY_PID=""
  local pid
  for pid in "${CLUSTER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${CLUSTER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  CLUSTER_PIDS=()
  if [ -n "$CLUSTER_PG_DIR" ]; then "$ROOT/scripts/pg_cluster.sh" stop "$CLUSTER_PG_DIR" || true; fi
  CLUSTER_PG_DIR=""
}
