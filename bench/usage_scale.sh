#!/usr/bin/env bash
# Usage rollups at volume: fills a scratch database with BENCH_USAGE_EVENTS
# (10,000,000) usage events over 100 tenants and 12 months straight through
# the store (vb-bench-usage-scale), starts the host on it and times, one
# request at a time for BENCH_USAGE_SECONDS (10) each, GET /v1/usage for the
# last 30 days and GET /v1/billing/preview for the current month of one
# tenant. Prints one JSON object on stdout. Called by bench/run.sh; runs alone
# too (BENCH_SKIP_BUILD=1 uses the build as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
EVENTS=${BENCH_USAGE_EVENTS:-10000000}
SECONDS_EACH=${BENCH_USAGE_SECONDS:-10}
source "$ROOT/bench/lib.sh"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  bench_build
  cmake --build "$BUILD_PATH" --target vb-bench-usage-scale >/dev/null
fi

bench_config true "$WORK/usage.json"
# Writing 10M events takes minutes: the database is kept (git-ignored) and
# reused while the generator, the migrations and the day are the same.
CACHE="$ROOT/bench/.cache"
STAMP=$( (cat "$ROOT/bench/usage_scale/usage_scale_main.cpp" "$ROOT"/host/store/migrations/*; echo "$EVENTS $(date -u +%F)") | sha1sum | cut -c1-12)
mkdir -p "$CACHE"
if [ ! -f "$CACHE/usage-$STAMP.env" ]; then
  rm -f "$CACHE"/usage-*
  echo "bench: writing $EVENTS usage events …" >&2
  "$BUILD_PATH/bin/vb-bench-usage-scale" --db "$CACHE/usage-$STAMP.db" --events "$EVENTS" --tenants 100 --months 12 \
    >"$CACHE/usage-$STAMP.tmp"
  mv "$CACHE/usage-$STAMP.tmp" "$CACHE/usage-$STAMP.env"
fi
source "$CACHE/usage-$STAMP.env"
cp "$CACHE/usage-$STAMP.db" "$WORK/bench.db"
bench_start_host "$WORK/usage.json"
FROM=$(date -u -d '29 days ago' +%F); TO=$(date -u +%F); MONTH=$(date -u +%Y-%m)
time_get() {  # time_get <path>: sequential GETs, latency percentiles
  "$LOAD" --port "$PORT" --key "$SCALE_KEY" --mode closed --connections 1 --seconds "$SECONDS_EACH" --path "$1"
}
USAGE=$(time_get "/v1/usage?from=$FROM&to=$TO")
BILLING=$(time_get "/v1/billing/preview?month=$MONTH")
bench_stop_host
DB_MB=$(du -m "$WORK/bench.db" | cut -f1)
printf '{"events":%s,"sessions":%s,"writeSeconds":%s,"databaseMb":%s,"usage30Days":%s,"billingPreview":%s}\n' \
  "$SCALE_EVENTS" "$SCALE_SESSIONS" "$SCALE_SECONDS" "$DB_MB" "$USAGE" "$BILLING"
