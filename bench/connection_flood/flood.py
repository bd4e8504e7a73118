#!/usr/bin/env python3
"""Connection-exhaustion load: can a fresh client still get through?

Against a running host (loopback only; run.sh starts one) it keeps up, for
the whole run:
  * --idle keep-alive clients that already had their answer (GET /healthz,
    then silence),
  * --dribble clients sending a request head one header line every
    --dribble-interval seconds (slowloris),
each reconnecting at once whenever the server drops it, so the attack keeps
its size. Meanwhile it measures, from a separate process (so the attackers'
bookkeeping cannot delay the measurement):
  * --probes fresh clients, open loop every --probe-interval seconds, each a
    new connection with GET /healthz (latency from connect to the last byte;
    longer than --probe-timeout counts as a failure),
and then one turn (POST /v1/sessions/{id}/messages, when --key is given) and
a request declaring `Content-Length: 2000000` with no body (time to the
answer, and to the close). At the end it reports what became of the
attackers: connections opened, dropped (after how long), the statuses the
server answered them with.

Python 3 standard library only; bounded: every wait has a deadline.
Prints one JSON document (the figures) on stdout, progress on stderr.
"""
import argparse
import asyncio
import json
import statistics
import sys
import time


def log(*parts):
    print("flood:", *parts, file=sys.stderr, flush=True)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


async def read_response(reader, timeout):
    """One HTTP/1.1 response (Content-Length framed): (status, headers, body)."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = await asyncio.wait_for(reader.readexactly(length), timeout) if length else b""
    return status, headers, body


def request(method, path, host, headers=None, body=b""):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def call(args, method, path, headers=None, body=b"", timeout=30.0):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(args.host, args.port), timeout)
    try:
        writer.write(request(method, path, args.host, headers, body))
        await writer.drain()
        return await read_response(reader, timeout)
    finally:
        writer.close()


class Attacker:
    """One attacking client that reconnects whenever the server drops it, so
    the attack keeps its size for as long as it runs."""

    def __init__(self, kind):
        self.kind = kind            # "idle" or "dribble"
        self.connections = 0        # connections opened
        self.first_answer_at = None  # idle: when its first GET was answered
        self.answers = {}           # status the server answered with → count (dribblers: 408, 431, …)
        self.closed_after = []      # seconds each dropped connection lived
        self.lines_sent = 0
        self.errors = {}
        self.open_now = False

    async def run(self, args, source, stop):
        while not stop.is_set():
            started = time.monotonic()
            writer = None
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(args.host, args.port, local_addr=(source, 0) if source else None),
                    args.setup_timeout)
                self.connections += 1
                self.open_now = True
                if self.kind == "idle":
                    await self.idle(args, reader, writer, stop)
                else:
                    await self.dribble(args, reader, writer, stop)
            except Exception as e:  # noqa: BLE001 - any failure is a figure
                name = type(e).__name__
                self.errors[name] = self.errors.get(name, 0) + 1
                await asyncio.sleep(0.1)
            finally:
                self.open_now = False
                if writer:
                    writer.close()
            if not stop.is_set():
                self.closed_after.append(time.monotonic() - started)

    async def idle(self, args, reader, writer, stop):
        writer.write(request("GET", "/healthz", args.host))
        await writer.drain()
        status, _, _ = await read_response(reader, args.setup_timeout)
        if status != 200:  # refused (503 at a connection cap): counted, then reconnect
            self.answers[str(status)] = self.answers.get(str(status), 0) + 1
            return
        if self.first_answer_at is None:
            self.first_answer_at = time.monotonic()
        # Silence until the server closes the connection (or the run ends).
        closed = asyncio.ensure_future(reader.read(1))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait([closed, stopped], return_when=asyncio.FIRST_COMPLETED)
        for task in (closed, stopped):
            task.cancel()

    async def dribble(self, args, reader, writer, stop):
        writer.write(f"GET /healthz HTTP/1.1\r\nHost: {args.host}\r\n".encode())
        await writer.drain()
        answer = asyncio.ensure_future(reader.read(65536))
        try:
            while not stop.is_set():
                stopped = asyncio.ensure_future(stop.wait())
                await asyncio.wait([answer, stopped], timeout=args.dribble_interval,
                                   return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                if answer.done():
                    data = answer.result()
                    status = str(int(data.split(b" ")[1])) if data.startswith(b"HTTP/") else "closed"
                    self.answers[status] = self.answers.get(status, 0) + 1
                    return
                if stop.is_set():
                    return
                writer.write(f"X-Dribble-{self.lines_sent}: 1\r\n".encode())
                await writer.drain()
                self.lines_sent += 1
        finally:
            answer.cancel()


async def probe(args):
    started = time.monotonic()
    try:
        status, _, _ = await call(args, "GET", "/healthz", timeout=args.probe_timeout)
        return (time.monotonic() - started) * 1000.0, status
    except Exception as e:  # noqa: BLE001
        return None, type(e).__name__


async def prepare_turn(args):
    auth = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"}
    status, _, body = await call(args, "GET", "/v1/agents", auth)
    agents = json.loads(body).get("items", [])
    if status != 200 or not agents:
        raise RuntimeError(f"GET /v1/agents answered {status}")
    payload = json.dumps({"agentId": agents[0]["id"], "customerId": "flood"}).encode()
    status, _, body = await call(args, "POST", "/v1/sessions", auth, payload)
    if status != 201:
        raise RuntimeError(f"POST /v1/sessions answered {status}: {body[:200]!r}")
    return json.loads(body)["id"]


async def turn(args, session_id):
    auth = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json",
            "Idempotency-Key": f"flood-{time.time_ns()}"}
    started = time.monotonic()
    try:
        status, _, _ = await call(args, "POST", f"/v1/sessions/{session_id}/messages", auth,
                                  b'{"content":"hello under load"}', timeout=args.probe_timeout)
        return {"status": status, "ms": round((time.monotonic() - started) * 1000.0, 1)}
    except Exception as e:  # noqa: BLE001
        return {"status": type(e).__name__, "ms": round((time.monotonic() - started) * 1000.0, 1)}


async def big_content_length(args):
    """Content-Length: 2000000 and no body: time to the answer and to the close."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection(args.host, args.port)
    writer.write(f"POST /v1/agents HTTP/1.1\r\nHost: {args.host}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: 2000000\r\n\r\n".encode())
    await writer.drain()
    result = {}
    try:
        status, _, _ = await read_response(reader, args.probe_timeout)
        result = {"status": status, "answeredMs": round((time.monotonic() - started) * 1000.0, 1)}
        await asyncio.wait_for(reader.read(1), args.probe_timeout)
        result["closedMs"] = round((time.monotonic() - started) * 1000.0, 1)
    except Exception as e:  # noqa: BLE001
        result.setdefault("status", type(e).__name__)
        result["gaveUpMs"] = round((time.monotonic() - started) * 1000.0, 1)
    writer.close()
    return result


def summary(latencies, failures):
    ok = [v for v in latencies if v is not None]
    return {
        "probes": len(latencies), "ok": len(ok), "failures": failures,
        "p50Ms": round(statistics.median(ok), 2) if ok else None,
        "p90Ms": round(percentile(ok, 90), 2) if ok else None,
        "p99Ms": round(percentile(ok, 99), 2) if ok else None,
        "maxMs": round(max(ok), 2) if ok else None,
    }


async def probes(args, count):
    """Open loop: probe n starts at n * probe_interval whatever the earlier
    ones are doing, so a stalled probe cannot hide the ones behind it."""
    async def one(n):
        await asyncio.sleep(n * args.probe_interval)
        return await probe(args)

    latencies, failures = [], {}
    for ms, status in await asyncio.gather(*(one(n) for n in range(count))):
        if ms is None or status != 200:
            failures[str(status)] = failures.get(str(status), 0) + 1
            latencies.append(None)
        else:
            latencies.append(ms)
    return summary(latencies, failures)


async def probes_elsewhere(args, count):
    """The probes from a process of their own, so the attackers' bookkeeping
    in this process's event loop cannot delay them (and inflate the figures)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--probe-only", str(count), "--port", str(args.port), "--host", args.host,
        "--probe-interval", str(args.probe_interval), "--probe-timeout", str(args.probe_timeout),
        stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    return json.loads(out)


async def main(args):
    if args.probe_only:
        print(json.dumps(await probes(args, args.probe_only)))
        return
    sources = [s for s in args.attack_sources.split(",") if s] or [None]
    result = {"settings": {k: v for k, v in vars(args).items() if k != "key"}}
    session_id = await prepare_turn(args) if args.key else None

    log("baseline probes")
    result["baseline"] = await probes_elsewhere(args, min(args.probes, 50))

    log(f"attack: {args.idle} idle keep-alive clients + {args.dribble} header dribblers (each reconnects when dropped)")
    stop = asyncio.Event()
    began = time.monotonic()
    attackers = [Attacker("idle") for _ in range(args.idle)] + [Attacker("dribble") for _ in range(args.dribble)]
    tasks = [asyncio.ensure_future(a.run(args, sources[i % len(sources)], stop)) for i, a in enumerate(attackers)]
    idle = [a for a in attackers if a.kind == "idle"]
    dribblers = [a for a in attackers if a.kind == "dribble"]
    deadline = time.monotonic() + args.setup_timeout
    while time.monotonic() < deadline and any(a.first_answer_at is None for a in idle):
        await asyncio.sleep(0.05)
    answered = [a.first_answer_at for a in idle if a.first_answer_at is not None]
    result["idleSetup"] = {
        "clients": args.idle, "answered": len(answered),
        "lastFirstAnswerMs": round((max(answered) - began) * 1000.0, 1) if answered else None,
    }
    await asyncio.sleep(max(0.0, args.warmup - (time.monotonic() - began)))

    log(f"{args.probes} fresh-client probes under attack")
    attack_began = time.monotonic()
    result["attackersOpenAtProbeStart"] = {"idle": sum(a.open_now for a in idle),
                                           "dribble": sum(a.open_now for a in dribblers)}
    result["underAttack"] = await probes_elsewhere(args, args.probes)
    if session_id:
        log("a turn under attack")
        result["turnUnderAttack"] = await turn(args, session_id)
    log("Content-Length: 2000000 without a body")
    result["bigContentLength"] = await big_content_length(args)

    if args.hold > 0:
        log(f"holding the attack {args.hold} s more, then probing again")
        await asyncio.sleep(args.hold)
        result["afterHold"] = await probes_elsewhere(args, min(args.probes, 50))
    result["attackersOpenAtEnd"] = {"idle": sum(a.open_now for a in idle),
                                    "dribble": sum(a.open_now for a in dribblers)}
    result["attackSeconds"] = round(time.monotonic() - attack_began, 1)

    stop.set()
    await asyncio.wait(tasks, timeout=10)

    def outcome(group):
        answers, errors = {}, {}
        for a in group:
            for k, v in a.answers.items():
                answers[k] = answers.get(k, 0) + v
            for k, v in a.errors.items():
                errors[k] = errors.get(k, 0) + v
        lived = [t for a in group for t in a.closed_after]
        return {"connectionsOpened": sum(a.connections for a in group), "serverAnswers": answers,
                "errors": errors, "droppedConnections": len(lived),
                "droppedAfterMedianS": round(statistics.median(lived), 2) if lived else None,
                "maxHeaderLinesSent": max((a.lines_sent for a in group), default=0)}

    result["idleAttackers"] = outcome(idle)
    result["dribbleAttackers"] = outcome(dribblers)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", help="a tenant admin key: also measure one turn under attack")
    parser.add_argument("--idle", type=int, default=300)
    parser.add_argument("--dribble", type=int, default=100)
    parser.add_argument("--dribble-interval", type=float, default=5.0)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--probe-interval", type=float, default=0.02)
    parser.add_argument("--probe-timeout", type=float, default=15.0)
    parser.add_argument("--setup-timeout", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds from the attack's start to the first probe")
    parser.add_argument("--hold", type=float, default=0.0, help="keep attacking this many seconds, then probe again")
    parser.add_argument("--probe-only", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--attack-sources", default="",
                        help="comma-separated loopback source addresses for the attackers (e.g. 127.0.0.2)")
    arguments = parser.parse_args()
    if arguments.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("flood: loopback only")
    asyncio.run(main(arguments))
