#!/usr/bin/env bash
# make bench: builds Release, starts the host with in-process mock vendors at
# zero latency and zero faults, seeds a tenant, and drives turns with
# vb-bench-turns from this machine:
#   1. maximum sustained turns/s, closed loop, 64 connections, BENCH_SECONDS (30)
#   2. gateway overhead at fixed rates of 500, 1000 and 2000 turns/s (BENCH_RATE_SECONDS, 10)
#   3. the same host restarted with the brief's default fault rates, at 500 turns/s
# Every turn commits before its reply. Prints one table; writes bench/results/<time>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
SECONDS_MAX=${BENCH_SECONDS:-30}
SECONDS_RATE=${BENCH_RATE_SECONDS:-10}

# Only what the benchmark runs, so a fresh clone is measuring within minutes.
make --no-print-directory configure BUILD_DIR="$BUILD" BUILD_TYPE=Release
cmake --build "$BUILD" --target vocalbridge vb-bench-turns vb_all_plugins >/dev/null
export PATH="$ROOT/.tools/node/bin:$PATH"
WORK=$(mktemp -d)
HOST_PID=""
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null && wait "$HOST_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

# config <zero:true|false> <file>
config() {
  node -e '
    const [src, zero, port, dir, plugins, out] = process.argv.slice(1);
    const c = JSON.parse(require("fs").readFileSync(src, "utf8"));
    Object.assign(c.server, {port: +port, host: "127.0.0.1", accessLog: false, webappDir: ""});
    c.database.path = dir + "/bench.db";
    c.pluginDir = plugins;
    for (const v of ["vendorA", "vendorB"]) c.mockVendors[v].zero = zero === "true";
    require("fs").writeFileSync(out, JSON.stringify(c, null, 1));
  ' "$ROOT/config/vocalbridge.json" "$1" "$PORT" "$WORK" "$ROOT/$BUILD/plugins" "$2"
}

start_host() {
  "$ROOT/$BUILD/bin/vocalbridge" --config "$1" >"$WORK/host.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return 0
    kill -0 "$HOST_PID" 2>/dev/null || { cat "$WORK/host.log"; exit 1; }
    sleep 0.1
  done
  echo "host did not become ready" >&2; exit 1
}
stop_host() { kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true; HOST_PID=""; }
peak_rss_mb() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$HOST_PID/status"; }

LOAD="$ROOT/$BUILD/bin/vb-bench-turns"
config true "$WORK/zero.json"
config false "$WORK/faults.json"
KEY=$("$ROOT/$BUILD/bin/vocalbridge" --config "$WORK/zero.json" seed | sed -n 's/^VB_ADMIN_KEY=//p')

declare -a ROWS=()
run() {  # run <label> <args…>
  local label=$1; shift
  echo "bench: $label …" >&2
  local json; json=$("$LOAD" --port "$PORT" --key "$KEY" "$@")
  ROWS+=("{\"run\":\"$label\",\"peakRssMb\":$(peak_rss_mb),\"result\":$json}")
}

start_host "$WORK/zero.json"
run "max throughput (closed loop)" --mode closed --connections 64 --seconds "$SECONDS_MAX"
for rate in 500 1000 2000; do
  run "fixed $rate/s" --mode open --rate "$rate" --connections 32 --seconds "$SECONDS_RATE"
done
stop_host

start_host "$WORK/faults.json"
run "default faults, fixed 500/s" --mode open --rate 500 --connections 64 --seconds "$SECONDS_RATE"
stop_host

mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"host":"%s","cpus":%s,"kernel":"%s","runs":[' "$(hostname)" "$(nproc)" "$(uname -r)"
  (IFS=,; printf '%s' "${ROWS[*]}")
  printf ']}\n'
} >"$OUT"

node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const f = (x, d = 2) => x.toFixed(d);
  console.log(`VocalBridge turn benchmark — ${r.cpus} CPUs, host + mock vendors + load generator on one machine`);
  console.log("| run | turns/s | success | latency p50 / p99 / p99.9 ms | overhead p50 / p99 / p99.9 ms | peak RSS MB |");
  console.log("|---|---|---|---|---|---|");
  for (const { run, peakRssMb, result: x } of r.runs)
    console.log(`| ${run} | ${f(x.turnsPerSecond, 0)} | ${f(100 * x.successRatio, 2)} % | ` +
      `${f(x.latencyP50Ms)} / ${f(x.latencyP99Ms)} / ${f(x.latencyP999Ms)} | ` +
      `${f(x.overheadP50Ms)} / ${f(x.overheadP99Ms)} / ${f(x.overheadP999Ms)} | ${peakRssMb} |`);
  console.log(`results: ${process.argv[1]}`);
' "$OUT"
