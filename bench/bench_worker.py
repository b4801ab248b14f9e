"""Throughput of the worker on the real broker, beside its ceiling and its reference points.

One run, one broker, the same topics: a bare aiokafka consumer reading them (the ceiling), a Faust agent
that only decodes each message (Faust's per-message machinery), one ContactGuard worker (ingest + keyed
stage + tables + changelog), and `contactguard replay` on the same events in-process.

    python bench/bench_worker.py [--events 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import devbroker  # noqa: E402
from pipeline.replay import ReplayRunner  # noqa: E402
from tests.workers import WorkerProcess, create_all_topics, settings_for, worker_caught_up  # noqa: E402

T0 = 1_767_225_600_000


def synthetic(n: int, seed: int = 5) -> list[tuple[str, bytes]]:
    """A traffic mix by topic: follows, connection requests and responses, messages, profiles."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        ts = T0 + i * 20
        a, b = f"u{rnd.randrange(50_000)}", f"u{rnd.randrange(50_000)}"
        r = rnd.random()
        if r < 0.45:
            ev = {"type": "follow", "actor_id": a, "target_id": b}
            group = "follows"
        elif r < 0.65:
            ev = {
                "type": "connect_request",
                "actor_id": a,
                "target_id": b,
                "note": None,
                "mutual_connections": rnd.randrange(3),
            }
            group = "connections"
        elif r < 0.75:
            ev = {"type": "connect_accept", "actor_id": b, "target_id": a}
            group = "connections"
        elif r < 0.95:
            ev = {
                "type": "message_sent",
                "actor_id": a,
                "target_id": b,
                "thread_id": f"t{i}",
                "text": "Hi there, thanks for connecting! Would love to hear about your work at the lab.",
            }
            group = "messages"
        else:
            ev = {
                "type": "profile_updated",
                "account_id": a,
                "profile": {
                    "username": a,
                    "display_name": a,
                    "bio": "",
                    "has_photo": True,
                    "created_at": T0 - 10**10,
                },
            }
            group = "accounts"
        ev |= {"event_id": f"b{i}", "ts": ts}
        out.append((group, json.dumps(ev, separators=(",", ":")).encode()))
    return out


async def produce(bootstrap: str, topics: dict[str, str], events: list[tuple[str, bytes]]) -> None:
    from aiokafka import AIOKafkaProducer

    p = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, max_batch_size=512 * 1024)
    await p.start()
    try:
        futs = [await p.send(topics[g], v) for g, v in events]
        await asyncio.gather(*futs)
    finally:
        await p.stop()


async def bare_consumer(bootstrap: str, topics: list[str], n: int) -> float:
    from aiokafka import AIOKafkaConsumer

    c = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await c.start()
    got, t0 = 0, 0.0
    try:
        while got < n:
            batch = await c.getmany(timeout_ms=500, max_records=20_000)
            if got == 0 and batch:
                t0 = time.perf_counter()
            got += sum(len(v) for v in batch.values())
        return time.perf_counter() - t0
    finally:
        await c.stop()


def metric(port: int, name: str) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        return sum(
            float(line.rsplit(" ", 1)[1]) for line in r.read().decode().splitlines() if line.startswith(name)
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    args = ap.parse_args()
    n = args.events
    events = synthetic(n)
    work = Path(tempfile.mkdtemp(prefix="cg-bench-"))
    devbroker.fetch()
    with devbroker.LocalBroker(work / "kafka", die_with_parent=True) as broker:
        s = settings_for(broker.bootstrap, "bench")
        create_all_topics(s)
        topics = {
            "follows": s.topics.follows,
            "connections": s.topics.connections,
            "messages": s.topics.messages,
            "accounts": s.topics.accounts,
        }
        asyncio.run(produce(broker.bootstrap, topics, events))
        sources = list(topics.values())
        rows = []
        t = asyncio.run(bare_consumer(broker.bootstrap, sources, n))
        rows.append(("bare aiokafka consumer (ceiling)", n / t))
        proc = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench/faust_decode_only.py"),
                broker.bootstrap,
                "bench-faust-decode",
                str(n),
                *sources,
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
        )
        line = [x[x.index("{") :] for x in proc.stdout.splitlines() if '{"events"' in x]  # after tty codes
        if not line:
            print(f"faust decode-only run failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        else:
            r = json.loads(line[-1])
            rows.append(("faust agent, decode only, per message", r["events"] / r["seconds"]))
        worker = WorkerProcess(s, work / "state", work / "worker.log").start()
        t0 = None
        while True:
            if t0 is None and metric(worker.metrics_port, "contactguard_events_total") > 0:
                t0 = time.perf_counter()
            if t0 is not None and worker_caught_up(s):
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - t0
        worker.stop()
        rows.append(("contactguard worker (ingest + keyed stage + tables)", n / elapsed))
    runner = ReplayRunner()
    t = time.perf_counter()
    runner.run_lines([v for _, v in events])
    rows.append(("contactguard replay (in-process)", n / (time.perf_counter() - t)))
    ceiling = rows[0][1]
    print(f"\nworker throughput, {n:,} events, one broker, 2 cores")
    print(f"{'path':<55}{'events/s':>12}{'x ceiling':>11}")
    for name, rate in rows:
        print(f"{name:<55}{rate:>12,.0f}{rate / ceiling:>11.3f}")


if __name__ == "__main__":
    main()
