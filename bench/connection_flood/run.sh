#!/usr/bin/env bash
# Connection-exhaustion run: starts the built host on a free loopback port
# with config/vocalbridge.json (mock vendors at zero latency and no faults, a
# scratch database, seeded), then runs flood.py against it and prints its
# JSON figures. Loopback only; every wait in flood.py has a deadline.
#
#   bench/connection_flood/run.sh                       # 300 idle + 100 dribblers, 200 probes
#   SERVER='{"maxThreads":1024}' bench/connection_flood/run.sh --hold 15
#
# BUILD_DIR (build): the build to use (needs bin/vocalbridge and plugins/).
# SERVER: a JSON object merged into the config's "server" section, to measure
# one setting at a time. Other arguments go to flood.py (see its --help).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
[[ $BUILD = /* ]] || BUILD="$ROOT/$BUILD"
WORK=$(mktemp -d)
HOST_PID=""
cleanup() {
  if [ -n "$HOST_PID" ]; then kill "$HOST_PID" 2>/dev/null || true; wait "$HOST_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
python3 - "$ROOT/config/vocalbridge.json" "$WORK" "$BUILD/plugins" "$PORT" "${SERVER:-{\}}" <<'EOF'
import json, sys
source, work, plugins, port, overrides = sys.argv[1:]
c = json.load(open(source))
c["server"].update({"port": int(port), "host": "127.0.0.1", "accessLog": False, "webappDir": ""})
c["server"].update(json.loads(overrides))
c["database"]["path"] = work + "/flood.db"
c["pluginDir"] = plugins
for v in ("vendorA", "vendorB"):
    c["mockVendors"][v]["zero"] = True
json.dump(c, open(work + "/config.json", "w"), indent=1)
EOF

KEY=$("$BUILD/bin/vocalbridge" --config "$WORK/config.json" seed | sed -n 's/^VB_ADMIN_KEY=//p')
[ -n "$KEY" ] || { echo "flood: seeding printed no VB_ADMIN_KEY" >&2; exit 1; }
"$BUILD/bin/vocalbridge" --config "$WORK/config.json" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 1 300); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/readyz', timeout=1)" 2>/dev/null && break
  kill -0 "$HOST_PID" 2>/dev/null || { cat "$WORK/host.log" >&2; exit 1; }
  sleep 0.1
done
echo "flood: host pid $HOST_PID on port $PORT, server overrides: ${SERVER:-none}" >&2
python3 "$ROOT/bench/connection_flood/flood.py" --port "$PORT" --key "$KEY" "$@"
