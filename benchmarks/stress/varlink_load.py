#!/usr/bin/env python3
"""Load on a running tallyd: CLIENTS Varlink connections spread over PROCESSES processes for SECONDS,
each looping over a mixed workload: Record (a unique id), GetStatus and ListDeliveries (limit 50).

Raw Varlink over the Unix socket (NUL-terminated JSON), standard library only, so the client is cheap and
nothing between it and the daemon hides errors. Prints one JSON object: calls per method, errors (with
samples), acknowledged records (created: true), and latency percentiles in milliseconds."""
import argparse, asyncio, json, multiprocessing, random, socket, sys, time

WEIGHTS = [("io.tally.Record", 5), ("io.tally.GetStatus", 3), ("io.tally.ListDeliveries", 2)]


async def client(args, worker, n, deadline, out):
    reader, writer = await asyncio.open_unix_connection(args.socket, limit=64 << 20)
    methods = [m for m, w in WEIGHTS for _ in range(w)]
    rng = random.Random(worker * 100_003 + n)
    seq = 0
    while time.monotonic() < deadline:
        method = rng.choice(methods)
        if method == "io.tally.Record":
            seq += 1
            day = 1 + rng.randrange(28)
            params = {"delivery": {"agreement": args.agreement, "published": f"2025-0{1 + rng.randrange(3)}-{day:02d}",
                                   "kind": "article", "tags": ["dai-hoi"] if seq % 3 == 0 else [],
                                   "id": f"{args.prefix}-{worker}-{n}-{seq}"}}
        elif method == "io.tally.GetStatus":
            params = {}
        else:
            params = {"agreements": [args.agreement], "limit": 50}
        started = time.monotonic()
        try:
            writer.write(json.dumps({"method": method, "parameters": params}).encode() + b"\0")
            await writer.drain()
            frame = await reader.readuntil(b"\0")
            reply = json.loads(frame[:-1])
        except Exception as e:  # a dropped connection counts as an error, and this client stops
            out["errors"] += 1
            out["error_samples"].append(f"{method}: {type(e).__name__}: {e}")
            return
        out["latencies"].append((time.monotonic() - started) * 1000)
        out["calls"][method] = out["calls"].get(method, 0) + 1
        if "error" in reply:
            out["errors"] += 1
            if len(out["error_samples"]) < 5:
                out["error_samples"].append(f"{method}: {reply['error']} {json.dumps(reply.get('parameters'))}")
        elif method == "io.tally.Record" and reply["parameters"].get("created"):
            out["acked"] += 1
    writer.close()


def worker(args, index, clients, start_at, queue):
    async def main():
        out = {"calls": {}, "errors": 0, "error_samples": [], "acked": 0, "latencies": []}
        await asyncio.sleep(max(0, start_at - time.time()))
        deadline = time.monotonic() + args.seconds
        await asyncio.gather(*(client(args, index, n, deadline, out) for n in range(clients)))
        return out
    queue.put(asyncio.run(main()))


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p / 100))], 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--agreement", required=True)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--prefix", default="load")
    args = parser.parse_args()
    queue = multiprocessing.Queue()
    start_at = time.time() + 0.5  # every process connects, then all start together
    shares = [args.clients // args.processes + (1 if i < args.clients % args.processes else 0) for i in range(args.processes)]
    procs = [multiprocessing.Process(target=worker, args=(args, i, shares[i], start_at, queue)) for i in range(args.processes)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = [l for r in results for l in r["latencies"]]
    calls = {}
    for r in results:
        for m, c in r["calls"].items():
            calls[m] = calls.get(m, 0) + c
    total = sum(calls.values())
    print(json.dumps({
        "clients": args.clients, "processes": args.processes, "seconds": args.seconds,
        "calls": calls, "total_calls": total, "calls_per_second": round(total / args.seconds, 1),
        "errors": sum(r["errors"] for r in results),
        "error_samples": [s for r in results for s in r["error_samples"]][:10],
        "acknowledged_records": sum(r["acked"] for r in results),
        "latency_ms": {"p50": percentile(latencies, 50), "p90": percentile(latencies, 90),
                       "p99": percentile(latencies, 99), "max": round(max(latencies), 2) if latencies else None},
    }))


if __name__ == "__main__":
    main()
