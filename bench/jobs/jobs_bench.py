#!/usr/bin/env python3
"""Async jobs through a running host: jobs/s through the queue and callback
delivery latency. Prints one JSON object.

Every job carries a callbackUrl to a receiver in this process; the receiver
notes when each signed POST arrived. Throughput: jobs submitted by 8 client
threads, timed from the first submit until every job is finished (polled on
GET /v1/jobs/{id}). Callback latency: arrival time minus the job's finishedAt
(both wall clock, same machine, millisecond stamps)."""
import argparse, http.client, json, statistics, threading, time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

arrivals = {}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        now = time.time()
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            arrivals.setdefault(self.headers.get("webhook-id"), now)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def call(port, key, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    h.update(headers or {})
    conn.request(method, path, json.dumps(body) if body is not None else None, h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, (json.loads(data) if data else None)


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--jobs", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    a = ap.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"

    st, secret = call(a.port, a.key, "POST", "/v1/signing-secret", None)  # callbacks are always signed
    assert st == 201, secret
    st, agent = call(a.port, a.key, "POST", "/v1/agents",
                     {"name": "Jobs bench", "primaryProvider": "vendorA", "systemPrompt": "Be brief."})
    assert st == 201, agent
    sessions = []
    for i in range(a.clients):
        st, s = call(a.port, a.key, "POST", "/v1/sessions", {"agentId": agent["id"], "customerId": f"bench-{i}"})
        assert st == 201, s
        sessions.append(s["id"])

    job_ids, refused = [], [0]
    per_client = a.jobs // a.clients

    def submit(i):
        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
        mine = []
        for n in range(per_client):
            body = json.dumps({"content": f"Question {i}-{n}", "callbackUrl": hook})
            while True:
                conn.request("POST", f"/v1/sessions/{sessions[i]}/messages", body,
                             {"Authorization": "Bearer " + a.key, "Content-Type": "application/json",
                              "Prefer": "respond-async"})
                r = conn.getresponse()
                data = r.read()
                if r.status == 202:
                    mine.append(json.loads(data)["jobId"])
                    break
                if r.status == 503:
                    with lock:
                        refused[0] += 1
                    time.sleep(0.05)
                    continue
                raise SystemExit(f"submit: {r.status} {data!r}")
        conn.close()
        with lock:
            job_ids.extend(mine)

    started = time.time()
    threads = [threading.Thread(target=submit, args=(i,)) for i in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    submitted = time.time()

    finished_at, statuses = {}, {}
    pending = list(job_ids)
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
    while pending:
        still = []
        for jid in pending:
            conn.request("GET", f"/v1/jobs/{jid}", headers={"Authorization": "Bearer " + a.key})
            r = conn.getresponse()
            job = json.loads(r.read())
            if job["status"] in ("succeeded", "failed"):
                statuses[jid] = job["status"]
                finished_at[jid] = datetime.strptime(job["finishedAt"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                    tzinfo=timezone.utc).timestamp()
            else:
                still.append(jid)
        pending = still
        if pending:
            time.sleep(0.05)
    last_finish = max(finished_at.values())
    deadline = time.time() + 60
    while time.time() < deadline:
        with lock:
            if len(arrivals) >= len(job_ids):
                break
        time.sleep(0.05)
    with lock:
        lat = [(arrivals[j] - finished_at[j]) * 1000 for j in job_ids if j in arrivals]
    out = {
        "jobs": len(job_ids),
        "succeeded": sum(1 for s in statuses.values() if s == "succeeded"),
        "refused503": refused[0],
        "submitSeconds": round(submitted - started, 3),
        "jobsPerSecond": round(len(job_ids) / (last_finish - started), 1),
        "callbacksReceived": len(lat),
        "callbackMs": {"p50": round(pct(lat, 50), 1) if lat else None, "p95": round(pct(lat, 95), 1) if lat else None,
                       "max": round(max(lat), 1) if lat else None},
    }
    print(json.dumps(out))
    server.shutdown()


if __name__ == "__main__":
    main()
