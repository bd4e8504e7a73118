#!/usr/bin/env bash
# make bench-cluster: the same closed-loop and open-loop turn load as
# `make bench` (vb-bench-turns, zero-latency in-process mock vendors), on
#   1. SQLite, one host (the embedded default);
#   2. PostgreSQL, one host;
#   3. PostgreSQL, two hosts behind HAProxy (leastconn, /readyz checks).
# PostgreSQL is a private cluster (scripts/pg_cluster.sh, fsync on) in a temp
# folder. Prints one table. Every process shares this machine's CPUs.
# Environment: BUILD_DIR (build), BENCH_SKIP_BUILD=1, BENCH_SECONDS (15),
# BENCH_CONNECTIONS (64), BENCH_RATE (500), BENCH_RATE_SECONDS (10).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
SECONDS_MAX=${BENCH_SECONDS:-15}
SECONDS_RATE=${BENCH_RATE_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
RATE=${BENCH_RATE:-500}
source "$ROOT/bench/lib.sh"
BIN="$BUILD_PATH/bin"
source "$ROOT/scripts/cluster.sh"
trap 'cluster_stop; bench_cleanup' EXIT

bench_build
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

declare -a ROWS=()
# measure <label> <port> <pids…>: closed loop, then open loop at RATE; CPU of the given host pids.
measure() {
  local label=$1 port=$2
  shift 2
  local pids=("$@") mode json cpu0 cpu1
  for mode in closed open; do
    echo "bench-cluster: $label, $mode loop …" >&2
    cpu0=$(pids_cpu "${pids[@]}")
    if [ "$mode" = closed ]; then
      json=$("$LOAD" --port "$port" --key "$KEY" --mode closed --connections "$CONNECTIONS" --seconds "$SECONDS_MAX")
    else
      json=$("$LOAD" --port "$port" --key "$KEY" --mode open --rate "$RATE" --connections "$CONNECTIONS" --seconds "$SECONDS_RATE")
    fi
    cpu1=$(pids_cpu "${pids[@]}")
    ROWS+=("{\"run\":\"$label, $mode\",\"hostCpuSeconds\":$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.2f", b-a}'),\"result\":$json}")
  done
}
pids_cpu() {
  local total=0 pid
  for pid in "$@"; do
    total=$(awk -v t="$total" -v tck="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", t + ($12 + $13) / tck}' "/proc/$pid/stat")
  done
  echo "$total"
}

# 1. SQLite, one host.
bench_config true "$WORK/sqlite.json"
bench_seed "$WORK/sqlite.json"
bench_start_host "$WORK/sqlite.json"
measure "SQLite, 1 host" "$PORT" "$HOST_PID"
bench_stop_host

# 2. PostgreSQL, one host (the same config; VB_DATABASE_URL switches the store).
chmod 711 "$WORK"  # the postgres user runs the cluster inside it
cluster_pg_start "$WORK/pg"
cluster_config "$WORK/sqlite.json" "$WORK/pg.json"
KEY=$(VB_DATABASE_URL=$CLUSTER_URL "$BIN/vocalbridge" --config "$WORK/pg.json" seed | sed -n 's/^VB_ADMIN_KEY=//p')
[ -n "$KEY" ] || { echo "bench-cluster: seeding PostgreSQL printed no key" >&2; exit 1; }
P1=$(free_port)
P2=$(free_port)
PROXY=$(free_port)
cluster_host_start "$WORK/pg.json" "$P1" "$WORK/host1.log"
measure "PostgreSQL, 1 host" "$P1" "${CLUSTER_PIDS[0]}"

# 3. PostgreSQL, two hosts behind HAProxy.
cluster_host_start "$WORK/pg.json" "$P2" "$WORK/host2.log"
cluster_haproxy_start "$WORK/haproxy" "$PROXY" "$P1" "$P2"
measure "PostgreSQL, 2 hosts + HAProxy" "$PROXY" "${CLUSTER_PIDS[0]}" "${CLUSTER_PIDS[1]}"

# Per-turn database cost on PostgreSQL: transactions (each autocommit read is
# one too) and rows written per billed turn, from pg_stat_database.
DBSTAT=$(PGPASSWORD=vb psql -h 127.0.0.1 -p "$(cat "$WORK/pg/port")" -U vb -qAt vocalbridge -c \
  "SELECT xact_commit, tup_inserted, tup_updated FROM pg_stat_database WHERE datname = 'vocalbridge'")
TURNS=$(PGPASSWORD=vb psql -h 127.0.0.1 -p "$(cat "$WORK/pg/port")" -U vb -qAt vocalbridge -c \
  "SELECT COUNT(*) FROM messages WHERE role = 'assistant'")

printf '{"commit":"%s","dbStat":"%s","turns":%s,"runs":[%s]}\n' "$(git rev-parse --short HEAD)" "$DBSTAT" "$TURNS" \
  "$(IFS=,; echo "${ROWS[*]}")" >"$WORK/result.json"
mkdir -p bench/results
cp "$WORK/result.json" "bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ).json"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  console.log(`VocalBridge cluster benchmark — commit ${r.commit}; PostgreSQL 15 (fsync on), HAProxy, hosts and load generator share this machine`);
  console.log("| run | conns | turns/s | success | latency p50 / p99 ms | overhead p50 / p99 ms | host CPU ms/turn |");
  console.log("|---|---|---|---|---|---|---|");
  for (const { run, hostCpuSeconds, result: x } of r.runs)
    console.log(`| ${run} | ${x.connections} | ${x.turnsPerSecond.toFixed(0)} | ${(100 * x.successRatio).toFixed(2)} % | ` +
      `${f(x.latencyP50Ms)} / ${f(x.latencyP99Ms)} | ${f(x.overheadP50Ms)} / ${f(x.overheadP99Ms)} | ` +
      `${x.succeeded ? (1000 * hostCpuSeconds / x.succeeded).toFixed(2) : "-"} |`);
  const [commits, inserted, updated] = r.dbStat.split("|").map(Number);
  console.log(`PostgreSQL per billed turn (${r.turns} turns, seeding included): ${(commits / r.turns).toFixed(2)} transactions ` +
    `(2 of them write commits: the idempotency claim and the turn; the rest autocommit statements), ` +
    `${(inserted / r.turns).toFixed(1)} rows inserted, ${(updated / r.turns).toFixed(1)} rows updated`);
' "$WORK/result.json"
