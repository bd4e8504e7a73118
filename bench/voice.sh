#!/usr/bin/env bash
# make bench, voice section (also runnable alone): voice turns through the
# real host with the real engines (PocketSphinx STT with the agent's hints,
# Flite TTS) and zero-latency mock vendors — p50/p95 of sttMs, llmMs, ttsMs
# and of the whole request (upload sent → WAV answer received) for a ~3 s
# utterance — then the engines' word-error table (vb-bench-voice-wer).
#   BENCH_VOICE_TURNS  voice turns to time (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_DIR:-build}
TURNS=${BENCH_VOICE_TURNS:-30}
source "$ROOT/bench/lib.sh"

bench_build
cmake --build "$BUILD_PATH" --target vb-bench-voice-wer >/dev/null 2>&1 || true
bench_config true "$WORK/voice.json"
bench_seed "$WORK/voice.json"
bench_start_host "$WORK/voice.json"

# ~3 s of Flite speech, as a caller would ask.
UTTERANCE="What is the balance of invoice one zero zero one"
if command -v flite >/dev/null; then
  flite -voice slt -t "$UTTERANCE" -o "$WORK/question.wav"
else
  echo "bench: the flite command is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi

echo "bench: voice turns …" >&2
VOICE=$(python3 "$ROOT/bench/voice/voice_bench.py" --port "$PORT" --key "$KEY" --wav "$WORK/question.wav" --turns "$TURNS")
bench_stop_host

WER=null

mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/voice-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '{"date":"%s","commit":"%s","voice":%s,"wer":%s}\n' "$(date -u +%FT%TZ)" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$VOICE" "$WER" >"$OUT"

python3 - "$OUT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
v = r["voice"]
print(f"Voice turns — {v['succeeded']}/{v['turns']} ok, {v['audioBytes']} B WAV, STT {v['stt']}, TTS {v['tts']}; "
      f"heard: \"{v['transcript']}\"")
print("| stage | p50 ms | p95 ms | mean ms |")
print("|---|---|---|---|")
names = {"sttMs": "STT (host)", "llmMs": "LLM turn (host)", "ttsMs": "TTS (host)", "requestMs": "whole request (client)"}
for key, label in names.items():
    s = v["stages"][key]
    fmt = lambda x: "-" if x is None else (f"{x:.1f}" if isinstance(x, float) else str(x))
    print(f"| {label} | {fmt(s['p50'])} | {fmt(s['p95'])} | {fmt(s['mean'])} |")
p50 = v["stages"]["requestMs"]["p50"]
if p50 is not None:
    print(f"target: whole request p50 <= 400 ms: {'met' if p50 <= 400 else 'NOT met'} ({p50:.0f} ms)")
w = r.get("wer")
if w:
    print("Word error rate (Flite/espeak speech of the billing questions, PocketSphinx):")
    print(json.dumps(w, indent=1)[:2000])
PY
echo "results: $OUT" >&2
if [ -x "$BUILD_PATH/bin/vb-bench-voice-wer" ]; then
  echo "bench: word error rates and engine times (about 40 s) …" >&2
  "$BUILD_PATH/bin/vb-bench-voice-wer" | grep -v '^\[wer\]'
fi
