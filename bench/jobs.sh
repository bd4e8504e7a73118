#!/usr/bin/env bash
# Async jobs through the real host at zero-latency, zero-fault mock vendors:
# jobs/s through the queue (BENCH_JOBS jobs submitted with Prefer:
# respond-async as fast as 8 clients can, timed from the first submit to the
# last job finished) and the callback delivery latency (job finishedAt →
# the receiver got the signed POST; p50/p95), with a local receiver.
#   BENCH_JOBS     jobs to run (default 2000)
#   BENCH_WORKERS  jobs.workers of the host (default: the config's)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
JOBS=${BENCH_JOBS:-2000}
source "$ROOT/bench/lib.sh"

bench_build
bench_config true "$WORK/jobs.json"
python3 - "$WORK/jobs.json" "${BENCH_WORKERS:-}" <<'PY'
import json, sys
path, workers = sys.argv[1], sys.argv[2]
c = json.load(open(path))
c["jobs"]["queueCapacity"] = 100000  # the bench measures throughput, not backpressure
if workers:
    c["jobs"]["workers"] = int(workers)
c["callbacks"]["allowPrivate"] = True
json.dump(c, open(path, "w"), indent=1)
PY
bench_seed "$WORK/jobs.json"
bench_start_host "$WORK/jobs.json"
echo "bench: $JOBS async jobs …" >&2
RESULT=$(python3 "$ROOT/bench/jobs/jobs_bench.py" --port "$PORT" --key "$KEY" --jobs "$JOBS")
bench_stop_host
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/jobs-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '{"date":"%s","commit":"%s","jobs":%s}\n' "$(date -u +%FT%TZ)" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$RESULT" >"$OUT"
echo "$RESULT"
