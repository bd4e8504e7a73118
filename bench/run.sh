#!/usr/bin/env bash
# make bench: builds Release, starts the host with its in-process mock vendors
# at zero latency and zero faults, seeds a tenant, and drives turns with
# vb-bench-turns (bench/turn_load) from this machine:
#   1. maximum sustained turns/s: closed loop, BENCH_CONNECTIONS (64)
#      keep-alive connections, BENCH_SECONDS (30); then the host is killed
#      with SIGKILL, restarted, and every acknowledged turn must be in the store
#   2. gateway overhead, open loop at BENCH_RATES (500 1000 2000) turns/s,
#      BENCH_RATE_SECONDS (10) each
#   3. the host restarted with config/vocalbridge.json's default fault rates,
#      open loop at BENCH_FAULT_RATES (500 1000) turns/s
#   4. GET /healthz, closed loop, on the same host and connections as step 1:
#      the machine's HTTP ceiling; turns/s ÷ healthz req/s survives a noisy box
#   5. usage rollups at 10M events (bench/usage_scale.sh; BENCH_SKIP_USAGE_SCALE=1 skips)
#   6. the same closed loop through a peer gateway, Portkey (bench/portkey.sh;
#      BENCH_SKIP_PEER=1 skips)
# Prints one table; writes bench/results/<UTC time>.json (git-ignored).
# BUILD_DIR (build) picks the build directory; BENCH_SKIP_BUILD=1 uses it as is.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
SECONDS_MAX=${BENCH_SECONDS:-30}
SECONDS_RATE=${BENCH_RATE_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
RATES=${BENCH_RATES:-500 1000 2000}
FAULT_RATES=${BENCH_FAULT_RATES:-500 1000}
source "$ROOT/bench/lib.sh"

BEGAN=$(date +%s)
bench_build
bench_config true "$WORK/zero.json"
bench_config false "$WORK/faults.json"
bench_seed "$WORK/zero.json"

declare -a ROWS=()
run() {  # run <label> <vb-bench-turns args…>
  local label=$1; shift
  echo "bench: $label …" >&2
  local cpu0 busy0 json cpu1 busy1
  cpu0=$(bench_host_cpu_seconds); busy0=$(bench_machine_busy_seconds)
  json=$("$LOAD" --port "$PORT" --key "$KEY" "$@")
  cpu1=$(bench_host_cpu_seconds); busy1=$(bench_machine_busy_seconds)
  # machineBusySeconds − host − load generator = what anything else on the machine used (quiet ≈ 0).
  ROWS+=("{\"run\":\"$label\",\"peakRssMb\":$(bench_peak_rss_mb),\"hostCpuSeconds\":$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.2f", b-a}'),\"machineBusySeconds\":$(awk -v a="$busy0" -v b="$busy1" 'BEGIN{printf "%.2f", b-a}'),\"result\":$json}")
}

bench_start_host "$WORK/zero.json"
run "max throughput, closed loop" --mode closed --connections "$CONNECTIONS" --seconds "$SECONDS_MAX" --acked "$WORK/acked.txt"
echo "bench: GET /healthz …" >&2
HEALTHZ=$("$LOAD" --port "$PORT" --mode closed --connections "$CONNECTIONS" --seconds "${BENCH_HEALTHZ_SECONDS:-10}" --path /healthz) || HEALTHZ=null
# Committed before the reply? Kill the host outright; what it acknowledged must survive.
bench_stop_host KILL
bench_start_host "$WORK/zero.json"
echo "bench: durability check after SIGKILL …" >&2
VERIFY=$("$LOAD" --port "$PORT" --key "$KEY" --mode verify --acked "$WORK/acked.txt") || true
for rate in $RATES; do
  run "zero faults, $rate/s" --mode open --rate "$rate" --connections "$CONNECTIONS" --seconds "$SECONDS_RATE"
done
bench_stop_host

bench_start_host "$WORK/faults.json"
for rate in $FAULT_RATES; do
  # Retries and slow answers hold connections longer: give the schedule more of them.
  run "default faults, $rate/s" --mode open --rate "$rate" --connections $((CONNECTIONS * 3 / 2)) --seconds "$SECONDS_RATE"
done
bench_stop_host

# Cost of one in-process plugin call (host → registry → plugin → back, no HTTP), on the idle machine.
# Voice section: its own host and table (bench/voice.sh).
if [ "${BENCH_SKIP_VOICE:-0}" != 1 ]; then
  BENCH_SKIP_BUILD=1 BUILD_DIR="$BUILD" "$ROOT/bench/voice.sh" || echo "bench: voice section failed" >&2
fi

USAGE_SCALE=null
if [ "${BENCH_SKIP_USAGE_SCALE:-0}" != 1 ]; then
  USAGE_SCALE=$(BENCH_SKIP_BUILD=1 BUILD_DIR="$BUILD" "$ROOT/bench/usage_scale.sh") || { echo "bench: usage scale failed" >&2; USAGE_SCALE=null; }
fi
PEER=null
if [ "${BENCH_SKIP_PEER:-0}" != 1 ]; then
  echo "bench: the same load through Portkey …" >&2
  PEER=$(BENCH_SKIP_BUILD=1 BUILD_DIR="$BUILD" "$ROOT/bench/portkey.sh") || { echo "bench: peer run failed" >&2; PEER=null; }
fi

PLUGIN_CALL=null
if [ -x "$BUILD_PATH/bin/vb_bench_plugin_call" ]; then
  echo "bench: plugin call …" >&2
  PLUGIN_CALL=$("$BUILD_PATH/bin/vb_bench_plugin_call" --benchmark_format=json 2>/dev/null |
    node -e 'const b = JSON.parse(require("fs").readFileSync(0, "utf8")).benchmarks;
             console.log(JSON.stringify(Object.fromEntries(b.map((x) => [x.name, {realNs: x.real_time, cpuNs: x.cpu_time}]))))') || PLUGIN_CALL=null
fi

mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).json"
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM_GB=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo true || echo false)
{
  printf '{"date":"%s","commit":"%s","dirtyTree":%s,"build":"Release -O2","host":"%s","cpuModel":"%s","cpus":%s,"memGb":%s,"kernel":"%s",' \
    "$(date -u +%FT%TZ)" "$COMMIT" "$DIRTY" "$(hostname)" "$CPU_MODEL" "$(nproc)" "$MEM_GB" "$(uname -r)"
  printf '"wallSeconds":%s,"durability":%s,"pluginCall":%s,"healthz":%s,"usageScale":%s,"peer":%s,"runs":[' \
    "$(($(date +%s) - BEGAN))" "${VERIFY:-null}" "$PLUGIN_CALL" "$HEALTHZ" "$USAGE_SCALE" "$PEER"
  (IFS=,; printf '%s' "${ROWS[*]}")
  printf ']}\n'
} >"$OUT"

node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const f = (x, d = 2) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(d));
  console.log(`VocalBridge turn benchmark — ${r.cpuModel}, ${r.cpus} vCPUs, ${r.memGb} GB, Linux ${r.kernel}; ` +
    `commit ${r.commit}${r.dirtyTree ? "+dirty" : ""}, Release -O2; host, in-process mock vendors and load generator share the CPUs`);
  console.log("| run | conns | turns/s | success | latency p50 / p99 / p99.9 ms | overhead p50 / p99 / p99.9 ms | CPU ms/turn host + loadgen | peak RSS MB |");
  console.log("|---|---|---|---|---|---|---|---|");
  const sources = new Set();
  for (const { run, peakRssMb, hostCpuSeconds, result: x } of r.runs) {
    sources.add(x.overheadSource);
    // Open loop: turns waiting for their send (no free connection) mean the host fell behind the schedule.
    const over = x.mode === "open" && x.sendLagP50Ms > 10 ? " (over capacity)" : "";
    console.log(`| ${run}${over} | ${x.connections} | ${x.turnsPerSecond.toFixed(0)} | ${(100 * x.successRatio).toFixed(2)} % | ` +
      `${f(x.latencyP50Ms)} / ${f(x.latencyP99Ms)} / ${f(x.latencyP999Ms)} | ` +
      `${f(x.overheadP50Ms)} / ${f(x.overheadP99Ms)} / ${f(x.overheadP999Ms)} | ` +
      `${x.succeeded ? `${(1000 * hostCpuSeconds / x.succeeded).toFixed(2)} + ${(1000 * x.loadgenCpuSeconds / x.succeeded).toFixed(2)}` : "-"} | ${peakRssMb} |`);
  }
  console.log(`overhead = end-to-end latency − host-measured vendor time of the same turn, from ${[...sources].join(", ")}` +
    ([...sources].some((s) => s !== "server-timing") ? " (attempts-latencyMs: whole milliseconds)" : " (Server-Timing, µs)") +
    "; with faults it includes the reliability pipeline’s backoff and Retry-After waits.");
  const d = r.durability;
  console.log(d ? `durability: ${d.acknowledged - d.missing} of ${d.acknowledged} acknowledged turns found after SIGKILL and restart` +
                  (d.missing ? ` — ${d.missing} MISSING` : "")
                : "durability: check failed to run");
  const max = r.runs[0].result, zero = r.runs.filter((x) => x.run.startsWith("zero faults"));
  const at2000 = zero.find((x) => x.result.targetRate === 2000);
  const rss = Math.max(...r.runs.map((x) => x.peakRssMb));
  const ok = (b) => (b ? "met" : "NOT met");
  console.log(`targets: ≥ 5,000 turns/s: ${ok(max.turnsPerSecond >= 5000)} (${max.turnsPerSecond.toFixed(0)}); ` +
    (at2000 ? `overhead at 2,000/s p50 ≤ 0.5 ms: ${ok(at2000.result.overheadP50Ms <= 0.5)}, p99 ≤ 5 ms: ${ok(at2000.result.overheadP99Ms <= 5)}; ` : "") +
    `peak RSS ≤ 150 MB: ${ok(rss <= 150)} (${rss})`);
  const h = r.healthz, u = r.usageScale, peer = r.peer;
  if (h) console.log(`GET /healthz, closed loop, ${h.connections} conns: ${h.turnsPerSecond.toFixed(0)} req/s (p99 ${f(h.latencyP99Ms)} ms); ` +
    `turns/s ÷ healthz req/s = ${(max.turnsPerSecond / h.turnsPerSecond).toFixed(3)}`);
  if (u) {
    const row = (name, x) => `${name} p50 ${f(x.latencyP50Ms)} / p95 ${f(x.latencyP95Ms)} / p99 ${f(x.latencyP99Ms)} ms (${x.succeeded} requests)`;
    console.log(`usage at ${u.events.toLocaleString("en-US")} events (100 tenants, 12 months, ${u.databaseMb} MB): ` +
      `${row("GET /v1/usage 30 days", u.usage30Days)}; ${row("GET /v1/billing/preview", u.billingPreview)}; ` +
      `p95 ≤ 50 ms: ${ok(Math.max(u.usage30Days.latencyP95Ms, u.billingPreview.latencyP95Ms) <= 50)}`);
  }
  if (peer) {
    const q = peer.result;
    console.log(`${peer.peer}, same closed loop (${q.connections} conns) to a zero-latency mock OpenAI: ${q.turnsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${f(q.latencyP50Ms)} / p99 ${f(q.latencyP99Ms)} ms, ${q.succeeded ? (1000 * peer.peerCpuSeconds / q.succeeded).toFixed(2) : "-"} ms CPU/request, ` +
      `peak RSS ${peer.peerPeakRssMb} MB (persists nothing). Ours ÷ Portkey: throughput ${(max.turnsPerSecond / q.turnsPerSecond).toFixed(2)}× ` +
      `(target ≥ 4×: ${ok(max.turnsPerSecond >= 4 * q.turnsPerSecond)}), p99 ${(max.latencyP99Ms / q.latencyP99Ms).toFixed(2)}×`);
  }
  const p = r.pluginCall;
  if (p) console.log(`plugin call in process (bench/plugin_call, no HTTP): registry + chat ${(p.BM_RegistryChat.realNs / 1000).toFixed(2)} µs, ` +
    `bare ABI call ${p.BM_AbiCallOnly.realNs.toFixed(1)} ns`);
  const busy = r.runs.reduce((a, x) => a + x.machineBusySeconds, 0);
  const ours = r.runs.reduce((a, x) => a + x.hostCpuSeconds + x.result.loadgenCpuSeconds, 0);
  const span = r.runs.reduce((a, x) => a + x.result.seconds, 0);
  console.log(`CPU used by anything else during the runs: ${(100 * Math.max(0, busy - ours) / (span * r.cpus)).toFixed(1)} % of the machine ` +
    `(host + load generator: ${(100 * ours / (span * r.cpus)).toFixed(0)} %); results: ${process.argv[1]} (${r.wallSeconds} s)`);
' "$OUT"
