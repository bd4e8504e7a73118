# Shared by bench/run.sh and bench/profile.sh (sourced, not run).
# Expects ROOT (the repository) and BUILD (the build directory, relative to
# ROOT or absolute); sets WORK, PORT, LOAD, KEY, HOST_PID.

BUILD_PATH=$BUILD
[[ $BUILD_PATH = /* ]] || BUILD_PATH="$ROOT/$BUILD"
export PATH="$ROOT/.tools/node/bin:$PATH"
LOAD="$BUILD_PATH/bin/vb-bench-turns"

# Release build of only what the benchmark runs (BENCH_SKIP_BUILD=1: use it as it is).
bench_build() {
  if [ "${BENCH_SKIP_BUILD:-0}" = 1 ]; then return 0; fi
  make --no-print-directory -C "$ROOT" configure BUILD_DIR="$BUILD_PATH" BUILD_TYPE=Release
  cmake --build "$BUILD_PATH" --target vocalbridge vb-bench-turns vb_all_plugins >/dev/null
  # The plugin-call micro-benchmark exists only where Google Benchmark is installed.
  cmake --build "$BUILD_PATH" --target vb_bench_plugin_call >/dev/null 2>&1 || true
}

WORK=$(mktemp -d)
HOST_PID=""
bench_cleanup() {
  if [ -n "$HOST_PID" ]; then kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

# bench_config <zero:true|false> <out file>: config/vocalbridge.json with the
# mock vendors at zero latency and zero faults (true) or at the file's default
# fault rates (false), no access log, a scratch database.
bench_config() {
  node -e '
    const [src, zero, port, dir, plugins, out] = process.argv.slice(1);
    const c = JSON.parse(require("fs").readFileSync(src, "utf8"));
    Object.assign(c.server, {port: +port, host: "127.0.0.1", accessLog: false, webappDir: ""});
    c.database.path = dir + "/bench.db";
    c.pluginDir = plugins;
    for (const v of ["vendorA", "vendorB"]) c.mockVendors[v].zero = zero === "true";
    require("fs").writeFileSync(out, JSON.stringify(c, null, 1));
  ' "$ROOT/config/vocalbridge.json" "$1" "$PORT" "$WORK" "$BUILD_PATH/plugins" "$2"
}

# bench_seed <config>: seeds the scratch database, sets KEY (first tenant's admin key).
bench_seed() {
  KEY=$("$BUILD_PATH/bin/vocalbridge" --config "$1" seed | sed -n 's/^VB_ADMIN_KEY=//p')
  [ -n "$KEY" ] || { echo "bench: seeding printed no VB_ADMIN_KEY" >&2; exit 1; }
}

bench_start_host() {
  "$BUILD_PATH/bin/vocalbridge" --config "$1" >>"$WORK/host.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return 0
    kill -0 "$HOST_PID" 2>/dev/null || { cat "$WORK/host.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: host did not become ready" >&2
  exit 1
}

# bench_stop_host [SIGNAL]
bench_stop_host() {
  kill "-${1:-TERM}" "$HOST_PID"
  wait "$HOST_PID" 2>/dev/null || true
  HOST_PID=""
}

# Peak resident set of the host so far (VmHWM), MB.
bench_peak_rss_mb() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$HOST_PID/status"; }

# CPU seconds (user + system) the host has used so far.
bench_host_cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck}' "/proc/$HOST_PID/stat"
}

# CPU seconds the whole machine has been busy (all processes, user + system + irq).
bench_machine_busy_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8) / tck}' /proc/stat
}
