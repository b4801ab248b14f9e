"""Memory per tracked account on the follow path, and its events/s, on the in-memory backend.

N accounts each get a profile and follow one of 1,000 targets (spread over 12 hours of event time), so
every account is tracked on its own key and every target holds burst state. Reported: RSS growth per
account, stored bytes per account (keys + values in the KV: what a RocksDB table and its changelog
hold), and events/s, beside an engine with no detectors (the baseline: dedupe + profiles only).

    python bench/bench_memory.py [--accounts 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import time

from pipeline.engine import Engine
from pipeline.replay import ReplayRunner
from pipeline.state import DictKV

T0 = 1_767_225_600_000


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def events(n: int):
    span = 12 * 3_600_000
    for i in range(n):
        ts = T0 + i * span // n
        a = f"a{i}"
        yield json.dumps(
            {
                "event_id": f"p{i}",
                "type": "profile_updated",
                "ts": ts,
                "account_id": a,
                "profile": {
                    "username": f"user.{i}",
                    "display_name": f"User {i}",
                    "bio": "",
                    "has_photo": i % 2 == 0,
                    "created_at": T0 - 86_400_000 * (i % 900),
                },
            }
        )
        yield json.dumps(
            {"event_id": f"f{i}", "type": "follow", "ts": ts + 1, "actor_id": a, "target_id": f"t{i % 1000}"}
        )


def run(n: int, engine: Engine) -> tuple[float, float, float]:
    kv = DictKV()
    runner = ReplayRunner(engine, kv)
    before = rss()
    t = time.perf_counter()
    for line in events(n):
        runner.feed(line.encode())
    secs = time.perf_counter() - t
    grown = rss() - before
    stored = sum(len(k) + len(v) for k, v in kv.data.items())
    return 2 * n / secs, grown / n, stored / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument(
        "--only", choices=["baseline", "detectors"], help="one engine (the other runs in a child)"
    )
    args = ap.parse_args()
    n = args.accounts
    if args.only:  # each engine in its own process, so RSS growth is not masked by the other's freed memory
        row = run(n, Engine([]) if args.only == "baseline" else Engine())
        print(json.dumps(row))
        return
    import subprocess
    import sys

    rows = []
    for name, only in (("no detectors (baseline)", "baseline"), ("default detectors", "detectors")):
        out = subprocess.run(
            [sys.executable, __file__, "--accounts", str(n), "--only", only],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows.append((name, *json.loads(out.strip().splitlines()[-1])))
    print(f"\nfollow path, {n:,} accounts, in-memory backend (DictKV)")
    print(f"{'engine':<26}{'events/s':>10}{'RSS B/account':>15}{'stored B/account':>18}")
    for name, eps, per_rss, per_stored in rows:
        print(f"{name:<26}{eps:>10,.0f}{per_rss:>15,.0f}{per_stored:>18,.0f}")
    base = rows[0]
    print(
        f"ratio to baseline: events/s x{rows[1][1] / base[1]:.2f}, stored bytes x{rows[1][3] / base[3]:.2f}"
    )


if __name__ == "__main__":
    main()
