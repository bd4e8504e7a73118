#!/bin/sh
# Browser tests of the dashboard against the REAL host, in headless Debian Chromium
# driven by playwright-core (a devDependency of webapp/).
#
#   VB_BASE_URL    use a running host (then also set VB_ADMIN_KEY and VB_ANALYST_KEY)
#   VB_BIN_DIR     where the vocalbridge binary is   (default build/bin)
#   VB_PLUGIN_DIR  where the plugin .so files are    (default build/plugins)
#   VB_CHROMIUM    browser binary                    (default /usr/bin/chromium)
#   VB_FAKE_AUDIO  WAV the fake microphone plays     (default: flite speaks VB_VOICE_SENTENCE)
#   VB_BROWSER_TESTS  test files to run (default tests/browser/*.test.mjs)
#   VB_CONFIG      the running host's config file (set here when this script starts the host;
#                  without it the tests that take vendorA down are skipped)
# Otherwise the script writes a temporary config (free port, temp database, absolute
# webapp/dist and plugin dir), seeds it, starts the host, waits for /readyz and
# always stops the host at exit. Screenshots go to tests/browser/output/.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT="$ROOT/tests/browser/output"
mkdir -p "$OUT"

if [ ! -d webapp/node_modules/playwright-core ]; then
  (cd webapp && npm ci --no-audit --no-fund)
fi
if [ ! -f webapp/dist/index.html ]; then
  (cd webapp && npm run build)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vb-browser.XXXXXX")
HOST_PID=""
cleanup() {
  if [ -n "$HOST_PID" ] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill "$HOST_PID" 2>/dev/null || true
    i=0
    while kill -0 "$HOST_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$HOST_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${VB_BASE_URL:-}" ]; then
  BIN_DIR=$(cd "${VB_BIN_DIR:-build/bin}" && pwd)
  PLUGIN_DIR=$(cd "${VB_PLUGIN_DIR:-build/plugins}" && pwd)
  BIN="$BIN_DIR/vocalbridge"
  [ -x "$BIN" ] || { echo "run.sh: no host binary at $BIN (set VB_BIN_DIR)" >&2; exit 2; }

  CONFIG="$WORK/vocalbridge.json"
  PORT=$(VB_SRC="$ROOT/config/vocalbridge.json" VB_DST="$CONFIG" VB_DB="$WORK/vb.db" \
    VB_WEBAPP="$ROOT/webapp/dist" VB_PLUGINS="$PLUGIN_DIR" node --input-type=module -e '
      import fs from "node:fs";
      import net from "node:net";
      const port = await new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
      });
      const c = JSON.parse(fs.readFileSync(process.env.VB_SRC, "utf8"));
      c.server = { ...c.server, port, host: "127.0.0.1", webappDir: process.env.VB_WEBAPP, accessLog: false };
      c.database = { ...c.database, path: process.env.VB_DB };
      if (c.mockBilling) c.mockBilling = { ...c.mockBilling, invoicesFile: `${process.env.VB_DB}.billing.json` };
      c.pluginDir = process.env.VB_PLUGINS;
      // A plugin whose library was not built is left out (with a warning) so the host can start.
      c.plugins = (c.plugins ?? []).filter((p) => {
        const ok = fs.existsSync(p.path.startsWith("/") ? p.path : `${c.pluginDir}/${p.path}`);
        if (!ok) console.error(`run.sh: warning: ${p.name}: ${p.path} not built; left out`);
        return ok;
      });
      fs.writeFileSync(process.env.VB_DST, JSON.stringify(c, null, 2));
      console.log(port);
    ')

  "$BIN" --config "$CONFIG" seed > "$WORK/seed.out" 2> "$WORK/seed.err" || {
    echo "run.sh: seeding failed" >&2; cat "$WORK/seed.out" "$WORK/seed.err" >&2; exit 2; }
  VB_ADMIN_KEY=$(sed -n 's/^VB_ADMIN_KEY=//p' "$WORK/seed.out" | head -n 1)
  VB_ANALYST_KEY=$(sed -n 's/^VB_ANALYST_KEY=//p' "$WORK/seed.out" | head -n 1)
  [ -n "$VB_ADMIN_KEY" ] && [ -n "$VB_ANALYST_KEY" ] || {
    echo "run.sh: seed printed no VB_ADMIN_KEY/VB_ANALYST_KEY" >&2; cat "$WORK/seed.out" >&2; exit 2; }

  "$BIN" --config "$CONFIG" > "$OUT/host.log" 2>&1 &
  HOST_PID=$!
  VB_BASE_URL="http://127.0.0.1:$PORT"

  # Poll /readyz (no fixed sleeps): up to 60 s, stop early if the host died.
  VB_BASE_URL="$VB_BASE_URL" HOST_PID="$HOST_PID" node --input-type=module -e '
    const deadline = Date.now() + 60_000;
    const alive = () => { try { process.kill(Number(process.env.HOST_PID), 0); return true; } catch { return false; } };
    for (;;) {
      try {
        const r = await fetch(process.env.VB_BASE_URL + "/readyz");
        if (r.status === 200) process.exit(0);
      } catch {}
      if (!alive()) { console.error("run.sh: host exited before it was ready"); process.exit(1); }
      if (Date.now() > deadline) { console.error("run.sh: /readyz not 200 within 60 s"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 200));
    }
  ' || { tail -n 40 "$OUT/host.log" >&2; exit 2; }
fi

: "${VB_ADMIN_KEY:?set VB_ADMIN_KEY when VB_BASE_URL is given}"
: "${VB_ANALYST_KEY:?set VB_ANALYST_KEY when VB_BASE_URL is given}"
export VB_BASE_URL VB_ADMIN_KEY VB_ANALYST_KEY
# The config the host reads (only when this script started it): ops.test.mjs edits
# vendorA's plugin settings in it and reloads plugins to take vendorA down.
if [ -n "${CONFIG:-}" ]; then export VB_CONFIG="$CONFIG"; fi
export VB_SCREENSHOT_DIR="$OUT"
export NODE_PATH="$ROOT/webapp/node_modules"

# The voice test's "microphone": Chromium's fake capture device plays this WAV
# (16-bit PCM; any rate, Chromium resamples). %noloop: it plays once per opened
# stream, then silence, so a recording holds the sentence once.
VB_VOICE_SENTENCE="${VB_VOICE_SENTENCE:-What is the balance of invoice one zero zero one}"
VB_FAKE_AUDIO="${VB_FAKE_AUDIO:-}"
if [ -z "$VB_FAKE_AUDIO" ]; then
  VB_FAKE_AUDIO="$WORK/voice-question.wav"
  if command -v flite >/dev/null; then
    flite -voice slt -t "$VB_VOICE_SENTENCE" -o "$VB_FAKE_AUDIO"
  elif command -v espeak-ng >/dev/null; then
    espeak-ng -w "$VB_FAKE_AUDIO" "$VB_VOICE_SENTENCE"
  else
    echo "run.sh: warning: neither flite nor espeak-ng: the voice tests are skipped (scripts/setup.sh installs flite)" >&2
    VB_FAKE_AUDIO=""
  fi
fi
export VB_VOICE_SENTENCE VB_FAKE_AUDIO

echo "run.sh: testing $VB_BASE_URL"
# VB_BROWSER_TESTS picks test files (e.g. tests/browser/ops.test.mjs); default all.
# shellcheck disable=SC2086
node --test --test-concurrency=1 ${VB_BROWSER_TESTS:-tests/browser/*.test.mjs}
