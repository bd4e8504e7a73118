#!/usr/bin/env bash
# Fair admission benchmark (issue 14): does one tenant's flood slow another?
#
#   bench/fairness/run.sh            # BUILD=build, Release
#   FAIR_SECONDS=10 FLOOD_CONNECTIONS=200 bench/fairness/run.sh
#
# Starts the host (loopback, mock vendors at the config's default latency
# and fault rates, a scratch database), creates tenants A and B, then:
#   1. B alone: open loop at B_RATE turns/s for FAIR_SECONDS (unloaded p50);
#   2. A floods alone with FLOOD_CONNECTIONS closed-loop keep-alive
#      connections (a lone tenant's throughput: the per-key cap must not
#      throttle it);
#   3. A floods again while B runs the same open loop (loaded p50);
# once per FAIR_CAPS entry (default "config 0": the shipped
# server.maxWorkersPerClient, then the per-key worker cap off — round-robin
# only), so the cap's share of the effect shows.
# Bounded: every run has a fixed duration; prints one JSON object per
# setting and writes them to bench/results/fairness-<time>.json.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
SECONDS_EACH=${FAIR_SECONDS:-10}
FLOOD=${FLOOD_CONNECTIONS:-200}
B_RATE=${B_RATE:-20}
OP="X-Operator-Token: dev-operator-token"

bench_build

# tenant_key <name>: a new tenant with one agent (vendorA, falling back to vendorB); prints its admin key.
tenant_key() {
  local key
  key=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/tenants" -H "$OP" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\"}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).apiKey.key))')
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/agents" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' \
    -d '{"name":"Support","primaryProvider":"vendorA","fallbackProvider":"vendorB","systemPrompt":"Be brief."}'
  echo "$key"
}

p50() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(JSON.stringify({p50:r.latencyP50Ms,p99:r.latencyP99Ms,turnsPerSecond:+r.turnsPerSecond.toFixed(1),statuses:r.statuses}))})'; }

run_setting() {  # <label> <maxWorkersPerClient or "">
  local config="$WORK/config-$1.json"
  bench_config false "$config"
  if [ -n "$2" ]; then
    node -e 'const f=process.argv[1];const c=JSON.parse(require("fs").readFileSync(f));c.server.maxWorkersPerClient=+process.argv[2];require("fs").writeFileSync(f,JSON.stringify(c))' "$config" "$2"
  fi
  rm -f "$WORK/bench.db"*
  bench_start_host "$config"
  local a b
  a=$(tenant_key "Flooder")
  b=$(tenant_key "Bystander")
  local unloaded loaded flood alone
  unloaded=$("$LOAD" --port "$PORT" --key "$b" --mode open --rate "$B_RATE" --connections 4 --seconds "$SECONDS_EACH" | p50)
  alone=$("$LOAD" --port "$PORT" --key "$a" --mode closed --connections "$FLOOD" --seconds "$SECONDS_EACH" | p50)
  sleep 2  # past the queue's sharing window: B counts as idle again
  "$LOAD" --port "$PORT" --key "$a" --mode closed --connections "$FLOOD" --seconds $((SECONDS_EACH + 4)) >"$WORK/flood.json" &
  local flood_pid=$!
  sleep 2  # the flood's connections open and its sessions exist before B measures
  loaded=$("$LOAD" --port "$PORT" --key "$b" --mode open --rate "$B_RATE" --connections 4 --seconds "$SECONDS_EACH" | p50)
  wait "$flood_pid"
  flood=$(p50 <"$WORK/flood.json")
  bench_stop_host
  echo "{\"setting\":\"$1\",\"floodConnections\":$FLOOD,\"bUnloaded\":$unloaded,\"bUnderFlood\":$loaded,\"floodWithB\":$flood,\"floodAlone\":$alone}"
}

RESULTS=()
for cap in ${FAIR_CAPS:-config 0}; do  # "config" = the shipped server.maxWorkersPerClient
  if [ "$cap" = config ]; then RESULTS+=("$(run_setting "maxWorkersPerClient=config" "")")
  else RESULTS+=("$(run_setting "maxWorkersPerClient=$cap" "$cap")"); fi
done
mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/fairness-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '%s\n' "${RESULTS[@]}" | tee "$OUT"
