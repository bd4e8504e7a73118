#!/usr/bin/env python3
"""Voice turns through the real host: per-stage latency of a fixed utterance.

Usage: voice_bench.py --port N --key KEY --wav FILE [--turns 30] [--stt pocketsphinx] [--tts flite]

Creates an agent (vendorA primary, the given engines, billing speech hints)
and a voice session in the key's tenant, then posts the WAV --turns times,
one after the other (each a new turn, no Idempotency-Key). Prints one JSON
object: p50/p95 of sttMs, llmMs, ttsMs (as the host measured them) and of the
whole request as the client saw it (upload sent -> WAV answer received), the
transcript of the first turn, and how many turns succeeded.
"""
import argparse
import http.client
import json
import statistics
import sys
import time

HINTS = ["invoice", "balance", "what is the balance of invoice", "invoice one zero zero one", "due date",
         "when is my payment due", "amount due", "payment plan", "late fee", "refund"]


def call(conn, method, path, key, body=None, content_type="application/json"):
    headers = {"Authorization": "Bearer " + key}
    if body is not None:
        headers["Content-Type"] = content_type
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    k = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--wav", required=True)
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--stt", default="pocketsphinx")
    parser.add_argument("--tts", default="flite")
    args = parser.parse_args()
    audio = open(args.wav, "rb").read()
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    status, body = call(conn, "POST", "/v1/agents", args.key, json.dumps({
        "name": "Voice bench", "primaryProvider": "vendorA", "systemPrompt": "Answer billing questions briefly.",
        "speechHints": HINTS, "sttEngine": args.stt, "ttsEngine": args.tts}))
    if status != 201:
        sys.exit("agent: %d %s" % (status, body[:300]))
    agent = json.loads(body)["id"]
    status, body = call(conn, "POST", "/v1/sessions", args.key,
                        json.dumps({"agentId": agent, "customerId": "bench-caller", "channel": "voice"}))
    if status != 201:
        sys.exit("session: %d %s" % (status, body[:300]))
    session = json.loads(body)["id"]

    stages = {"sttMs": [], "llmMs": [], "ttsMs": [], "requestMs": []}
    ok, transcript, failures = 0, None, []
    for _ in range(args.turns):
        started = time.perf_counter()
        status, body = call(conn, "POST", "/v1/sessions/%s/voice" % session, args.key, audio, "audio/wav")
        elapsed = (time.perf_counter() - started) * 1000.0
        if status != 201:
            failures.append(status)
            continue
        voice = json.loads(body)["voice"]
        ok += 1
        transcript = transcript or voice["transcript"]
        for stage in ("sttMs", "llmMs", "ttsMs"):
            stages[stage].append(voice[stage])
        stages["requestMs"].append(elapsed)
    summary = {name: {"p50": percentile(values, 50), "p95": percentile(values, 95),
                      "mean": round(statistics.mean(values), 1) if values else None}
               for name, values in stages.items()}
    print(json.dumps({"turns": args.turns, "succeeded": ok, "failedStatuses": failures,
                      "audioBytes": len(audio), "stt": args.stt, "tts": args.tts,
                      "transcript": transcript, "stages": summary}))


if __name__ == "__main__":
    main()
