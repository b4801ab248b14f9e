"""Memory per tracked account on the follow path, and its events/s, on both state backends.

N accounts each get a profile and follow one of 1,000 targets (spread over 12 hours of event time), so
every account is tracked on its own key and every target holds burst state. Each engine (default
detectors, and none: the baseline of dedupe + profiles only) runs on each backend in its own process:

- `dict`: `DictKV`, what replay and the tests use; all state lives in the Python heap.
- `rocksdb`: the worker's `FaustKV` (bounded read cache, write-back once per batch) over RocksDB opened
  by Faust's own `RocksDBOptions`, so the process holds what the worker holds: the engine's in-memory
  expiry indexes, FaustKV's cache, and RocksDB's memtables and block cache. Only Faust's event and
  changelog machinery is left out (bench_worker measures that, on a broker).

Reported per account: RSS growth (at the end and at its peak, and "uncached": less the caches and
buffers that RocksDB and FaustKV bound whatever the number of accounts, so what keeps growing with it),
the heap of the expiry indexes (which stay in Python on either backend), logical bytes (keys + values:
what the changelog topic holds once compacted) and, for RocksDB, bytes on disk after a final memtable
flush and full compaction; and events/s. The temporary DB goes under $TMPDIR.

    python bench/bench_memory.py [--accounts 1000000] [--backend dict|rocksdb|both]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.engine import Engine
from pipeline.replay import ReplayRunner
from pipeline.state import DictKV

T0 = 1_767_225_600_000
BATCH = 500  # the worker writes dirty keys back once per keyed batch of up to Settings.batch_max items
ENGINES = {"baseline": "no detectors (baseline)", "detectors": "default detectors"}
BACKENDS = ("dict", "rocksdb")
ROCKS_MEMORY = (
    "rocksdb.cur-size-all-mem-tables",
    "rocksdb.block-cache-usage",
    "rocksdb.estimate-table-readers-mem",
)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def events(n: int) -> Iterator[str]:
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


class RocksTable:
    """The part of a Faust `Table` (and of its `.data` store) that FaustKV touches, over one partition's DB.

    The DB is opened by `faust.stores.rocksdb.RocksDBOptions().open`, exactly as the worker's
    `store="rocksdb://"` table opens each partition (the table passes no options), so it gets Faust's
    defaults: rocksdict `Options(raw_mode=True)`, create_if_missing, max_open_files = 90% of the fd limit,
    write_buffer_size 64 MiB, max_write_buffer_number 3, target_file_size_base 64 MiB, a block-based
    table with a 3-bits-per-key bloom filter, a 2 GiB LRU block cache and binary-search index, no TTL
    (`AccessType.read_write()`), default `ReadOptions`. Compression is RocksDB's default (Snappy).
    Keys and values are bytes with Faust's "raw" serializer, so they reach RocksDB unchanged.
    """

    __slots__ = ("db",)

    def __init__(self, path: Path) -> None:
        from faust.stores.rocksdb import RocksDBOptions

        self.db: Any = RocksDBOptions().open(path)

    @property
    def data(self) -> RocksTable:
        return self  # FaustKV.flush_batched writes through `table.data`, the store

    def get(self, key: bytes) -> bytes | None:
        return self.db.get(key)

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self.db.put(key, value)

    def __delitem__(self, key: bytes) -> None:
        self.db.delete(key)

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        return self.db.items()


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_bytes(runner: ReplayRunner) -> int:
    """Heap held by the stores' expiry indexes: per-key memory that stays in Python on either backend."""
    total = 0
    for store in runner.scope.stores.values():
        total += sys.getsizeof(store._index)
        for keys in store._index.values():
            total += sys.getsizeof(keys) + sum(sys.getsizeof(k) for k in keys)
    return total


def cache_bytes(kv: Any) -> int:
    """Heap held by FaustKV's read cache (bounded by its cache_size, so not a per-account cost)."""
    return sys.getsizeof(kv.cache) + sum(sys.getsizeof(k) + sys.getsizeof(v) for k, v in kv.cache.items())


def run_dict(n: int, engine: Engine) -> dict[str, Any]:
    """Feed n accounts through replay's in-memory backend."""
    kv = DictKV()
    runner = ReplayRunner(engine, kv)
    before = rss()
    t = time.perf_counter()
    for line in events(n):
        runner.feed(line.encode())
    secs = time.perf_counter() - t
    grown = rss() - before
    return {
        "eps": 2 * n / secs,
        "rss": grown / n,
        "peak": (peak_rss() - before) / n,
        "logical": sum(len(k) + len(v) for k, v in kv.data.items()) / n,
        "keys": len(kv.data) / n,
        "index": index_bytes(runner) / n,
        "uncached": grown / n,
    }


def run_rocksdb(n: int, engine: Engine, datadir: Path) -> dict[str, Any]:
    """Feed n accounts through the worker's FaustKV over RocksDB, writing back every BATCH lines."""
    from pipeline.worker import FaustKV

    table = RocksTable(datadir / "state-0.db")
    db = table.db
    kv = FaustKV(table, 0)
    runner = ReplayRunner(engine, kv)
    runner.scope.rebuild(kv.items())  # as the worker does on opening a partition (empty here)
    before = rss()
    t = time.perf_counter()
    for i, line in enumerate(events(n), 1):
        runner.feed(line.encode())
        if i % BATCH == 0:
            kv.flush()
    kv.flush()
    secs = time.perf_counter() - t
    grown = rss() - before
    rocks_mem = {p: db.property_int_value(p) for p in ROCKS_MEMORY}
    cached = len(kv.cache)
    cached_bytes = cache_bytes(kv)
    db.flush(True)  # memtables to SST files, then a full compaction: the steady state on disk
    disk_flushed = dir_bytes(datadir)
    db.compact_range(None, None)
    disk = dir_bytes(datadir)
    logical = keys = 0
    for k, v in db.items():
        logical += len(k) + len(v)
        keys += 1
    db.close()
    return {
        "eps": 2 * n / secs,
        "rss": grown / n,
        "peak": (peak_rss() - before) / n,
        "logical": logical / n,
        "keys": keys / n,
        "index": index_bytes(runner) / n,
        "uncached": (grown - sum(rocks_mem.values()) - cached_bytes) / n,
        "disk": disk / n,
        "disk_flushed": disk_flushed / n,
        "rocks_mem": rocks_mem,
        "cached": cached,
        "cached_bytes": cached_bytes,
    }


def child(n: int, backend: str, only: str) -> dict[str, Any]:
    engine = Engine([]) if only == "baseline" else Engine()
    if backend == "dict":
        return run_dict(n, engine)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        return run_rocksdb(n, engine, Path(tmp))


def report(n: int, rows: dict[tuple[str, str], dict[str, Any]]) -> None:
    """The table, then each backend's ratios to its baseline and RocksDB's own memory."""
    mib = 1024 * 1024
    print(f"\nfollow path, {n:,} accounts (2 events each); bytes are per account")
    print(
        f"{'backend':<9}{'engine':<25}{'events/s':>10}{'RSS':>7}{'peak':>7}{'uncached':>10}"
        f"{'index':>7}{'logical':>9}{'on disk':>9}{'keys':>6}"
    )
    for (backend, only), r in rows.items():
        disk = f"{r['disk']:,.0f}" if "disk" in r else "-"
        print(
            f"{backend:<9}{ENGINES[only]:<25}{r['eps']:>10,.0f}{r['rss']:>7,.0f}{r['peak']:>7,.0f}"
            f"{r['uncached']:>10,.0f}{r['index']:>7,.0f}{r['logical']:>9,.0f}{disk:>9}{r['keys']:>6.2f}"
        )
    print(
        "RSS, peak: RSS growth at the end and at its peak; uncached: RSS growth less RocksDB's memtables,"
        " block cache and table readers and FaustKV's read cache (all bounded); index: heap of the expiry"
        " indexes; logical: keys + values (the compacted changelog); on disk: the RocksDB directory after"
        " flush + full compaction; keys: stored keys"
    )
    for backend in BACKENDS:
        base, det = rows.get((backend, "baseline")), rows.get((backend, "detectors"))
        if base and det:
            print(
                f"ratio to baseline ({backend}): events/s x{det['eps'] / base['eps']:.2f},"
                f" RSS x{det['rss'] / base['rss']:.2f}, uncached x{det['uncached'] / base['uncached']:.2f},"
                f" logical bytes x{det['logical'] / base['logical']:.2f}"
                + (f", on disk x{det['disk'] / base['disk']:.2f}" if "disk" in det else "")
            )
    for only in ENGINES:
        d, r = rows.get(("dict", only)), rows.get(("rocksdb", only))
        if d and r:
            print(
                f"rocksdb vs dict ({ENGINES[only]}): events/s x{r['eps'] / d['eps']:.2f},"
                f" RSS x{r['rss'] / d['rss']:.2f}, uncached RSS x{r['uncached'] / d['uncached']:.2f}"
            )
    for (backend, only), r in rows.items():
        if backend == "rocksdb":
            mem = r["rocks_mem"]
            print(
                f"rocksdb, {ENGINES[only]}, at the end: memtables {mem[ROCKS_MEMORY[0]] / mib:,.0f} MiB,"
                f" block cache {mem[ROCKS_MEMORY[1]] / mib:,.0f} MiB,"
                f" table readers {mem[ROCKS_MEMORY[2]] / mib:,.1f} MiB,"
                f" FaustKV cache {r['cached']:,} keys {r['cached_bytes'] / mib:,.0f} MiB;"
                f" on disk before compaction {r['disk_flushed']:,.0f} B/account"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    ap.add_argument("--only", choices=list(ENGINES), help="one engine on one backend (run as a child)")
    args = ap.parse_args()
    n = args.accounts
    if args.only:  # each run in its own process, so RSS growth is not masked by another's freed memory
        if args.backend == "both":
            ap.error("--only needs --backend dict or --backend rocksdb")
        print(json.dumps(child(n, args.backend, args.only)))
        return
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for backend in BACKENDS if args.backend == "both" else (args.backend,):
        for only in ENGINES:
            out = subprocess.run(
                [sys.executable, __file__, "--accounts", str(n), "--backend", backend, "--only", only],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rows[backend, only] = json.loads(out.strip().splitlines()[-1])
    report(n, rows)


if __name__ == "__main__":
    main()
