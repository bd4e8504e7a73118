#!/usr/bin/env bash
# A real peer, side by side: the same closed-loop load as `make bench`'s first
# row (BENCH_CONNECTIONS keep-alive connections, BENCH_PEER_SECONDS) driven
# through Portkey's open-source gateway (npm @portkey-ai/gateway, installed
# into bench/.portkey, git-ignored) to a zero-latency mock OpenAI upstream
# (vb-mock-vendors --zero: vendorB speaks OpenAI's chat completions). Prints
# vb-bench-turns' JSON on stdout. Called by bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
PORTKEY_VERSION=${BENCH_PORTKEY_VERSION:-1.15.2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
SECONDS_RUN=${BENCH_PEER_SECONDS:-${BENCH_SECONDS:-30}}
source "$ROOT/bench/lib.sh"

DIR="$ROOT/bench/.portkey"
GATEWAY="$DIR/node_modules/@portkey-ai/gateway/build/start-server.js"
if [ ! -f "$GATEWAY" ] || ! grep -q "\"version\": \"$PORTKEY_VERSION\"" "$DIR/node_modules/@portkey-ai/gateway/package.json"; then
  echo "bench: installing @portkey-ai/gateway@$PORTKEY_VERSION into bench/.portkey …" >&2
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$PORTKEY_VERSION" >&2
fi

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
UPSTREAM_PORT=$(free_port)
PEER_PORT=$(free_port)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; }
trap 'stop_all; bench_cleanup' EXIT

"$BUILD_PATH/bin/vb-mock-vendors" --zero --vendorA-port 0 --vendorB-port "$UPSTREAM_PORT" >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)
node "$GATEWAY" --port="$PEER_PORT" --headless >"$WORK/portkey.log" 2>&1 &
PIDS+=($!)
PEER_PID=$!
BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"What is the balance of invoice INV-1003, please?"}]}'
request() {  # request <vb-bench-turns args…>: one chat completion through Portkey to the mock
  "$LOAD" --port "$PEER_PORT" --method POST --path /v1/chat/completions --body "$BODY" \
    --header "x-portkey-provider: openai" --header "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1" \
    --header "Authorization: Bearer sk-bench" "$@"
}
for _ in $(seq 1 200); do
  curl -sf -o /dev/null "http://127.0.0.1:$PEER_PORT/v1/chat/completions" -H 'content-type: application/json' \
    -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1" \
    -H 'Authorization: Bearer sk-bench' -d "$BODY" && break
  sleep 0.1
done
request --mode closed --connections 8 --seconds 2 >/dev/null  # warm-up: the JIT, the upstream pool
CPU0=$(awk -v tck="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck}' "/proc/$PEER_PID/stat")
RESULT=$(request --mode closed --connections "$CONNECTIONS" --seconds "$SECONDS_RUN")
CPU1=$(awk -v tck="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck}' "/proc/$PEER_PID/stat")
RSS=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$PEER_PID/status")
printf '{"peer":"@portkey-ai/gateway %s","peerCpuSeconds":%s,"peerPeakRssMb":%s,"result":%s}\n' \
  "$PORTKEY_VERSION" "$(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN{printf "%.2f", b-a}')" "$RSS" "$RESULT"
