#!/usr/bin/env bash
# Where a turn's CPU goes: the host with zero-latency, zero-fault mock vendors
# under a closed-loop run (PROFILE_CONNECTIONS 64, PROFILE_SECONDS 15), sampled
# by `perf record -g` (99 Hz; PROFILE_CALLGRAPH fp, the default, or dwarf for
# deeper stacks through code built without frame pointers). Without perf, a short
# valgrind --tool=callgrind run at a low fixed rate instead.
# Writes bench/results/profile-<UTC time>.txt: share by library, top symbols
# (self), top inclusive symbols; PROFILE_KEEP=1 keeps perf.data beside it.
# BUILD_DIR and BENCH_SKIP_BUILD as for run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
SECONDS_RUN=${PROFILE_SECONDS:-15}
CONNECTIONS=${PROFILE_CONNECTIONS:-64}
CALLGRAPH=${PROFILE_CALLGRAPH:-fp}
source "$ROOT/bench/lib.sh"

bench_build
bench_config true "$WORK/zero.json"
bench_seed "$WORK/zero.json"
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ).txt"

if command -v perf >/dev/null && perf record -o /dev/null -- true >/dev/null 2>&1; then
  bench_start_host "$WORK/zero.json"
  # Warm up (first statements, page cache), then sample the host only.
  "$LOAD" --port "$PORT" --key "$KEY" --mode closed --connections "$CONNECTIONS" --seconds 2 >/dev/null
  perf record -q -F 99 -g --call-graph "$CALLGRAPH" -p "$HOST_PID" -o "$WORK/perf.data" &
  PERF_PID=$!
  sleep 0.5
  RESULT=$("$LOAD" --port "$PORT" --key "$KEY" --mode closed --connections "$CONNECTIONS" --seconds "$SECONDS_RUN")
  kill -INT "$PERF_PID"; wait "$PERF_PID" || true
  bench_stop_host
  report() {  # report <lines> <perf report options…>
    local lines=$1; shift
    perf report -i "$WORK/perf.data" --stdio -g none "$@" 2>/dev/null | grep -v '^#' | grep '%' | head -n "$lines" || true
  }
  {
    echo "# perf profile of the host, closed loop, $CONNECTIONS connections, $SECONDS_RUN s: $RESULT"
    echo; echo "## Share of samples by library (self)"
    report 15 --no-children --sort dso
    echo; echo "## Top symbols (self)"
    report 40 --no-children --sort dso,sym
    echo; echo "## Top inclusive (children): where time is spent below"
    report 60 --children --sort sym
  } >"$OUT"
  if [ "${PROFILE_KEEP:-0}" = 1 ]; then cp "$WORK/perf.data" "${OUT%.txt}.perf.data"; fi
else
  echo "bench: perf unavailable; callgrind on a 300-turn run at 50 turns/s" >&2
  valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
    "$BUILD_PATH/bin/vocalbridge" --config "$WORK/zero.json" >>"$WORK/host.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  RESULT=$("$LOAD" --port "$PORT" --key "$KEY" --mode open --rate 50 --connections 8 --seconds 6)
  bench_stop_host
  { echo "# callgrind profile of the host, 300 turns: $RESULT"; callgrind_annotate --inclusive=no "$WORK/callgrind.out" | head -60; } >"$OUT"
fi
cat "$OUT"
echo "profile: $OUT"
