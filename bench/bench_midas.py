"""Throughput of the MIDAS-R implementations on the DARPA edge stream.

    python bench/bench_midas.py [--darpa PATH.zip] [--stream-edges 200000] [--repeat 3]

Prints edges/s of (a) the vectorised ``score_edges_batch`` on the whole stream (CSV parsing timed
separately), (b) the streaming ``MidasR.score_one`` per edge on the first N edges, (c) a naive pure-Python
MIDAS-R (dicts of counts, eager decay of every current counter at each tick, like the authors'
``MultiplyAll``) on the same N edges, and the ratios to the naive baseline. Also checks that the three
agree and reports the ROC-AUC of the batch scores.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.edgescore import read_edges, roc_auc  # noqa: E402
from pipeline.sketch.midas import (  # noqa: E402
    MidasR,
    edge_key,
    hash_params,
    node_key,
    score_edges_batch,
)

DEFAULT_ZIP = "/work/shared/datasets/darpa/darpa_original.zip"
M64 = (1 << 64) - 1


class NaiveMidasR:
    """Straightforward MIDAS-R: per-row dicts of counts, decay = multiply every current counter."""

    def __init__(self, rows: int = 2, buckets: int = 2719, alpha: float = 0.5, seed: int = 0) -> None:
        self.rows, self.buckets, self.alpha = rows, buckets, alpha
        self.params = hash_params(seed, rows)
        self.cur = [[{} for _ in range(rows)] for _ in range(3)]
        self.tot = [[{} for _ in range(rows)] for _ in range(3)]
        self.tick = None

    def bucket(self, comp: int, row: int, key: int) -> int:
        a, b = self.params[comp][row]
        return (((a * key + b) & M64) >> 32) * self.buckets >> 32

    def score_one(self, src: int, dst: int, tick: int) -> float:
        if self.tick is not None and tick > self.tick:
            factor = self.alpha ** (tick - self.tick)
            for comp in self.cur:
                for counts in comp:
                    for k in counts:
                        counts[k] *= factor
        self.tick = tick
        ku, kv = node_key(src), node_key(dst)
        best = 0.0
        for comp, key in enumerate((edge_key(ku, kv), ku, kv)):
            a_min, s_min = math.inf, math.inf
            for row in range(self.rows):
                h = self.bucket(comp, row, key)
                cur, tot = self.cur[comp][row], self.tot[comp][row]
                cur[h] = cur.get(h, 0.0) + 1.0
                tot[h] = tot.get(h, 0) + 1
                a_min = min(a_min, cur[h])
                s_min = min(s_min, tot[h])
            if tick > 1:
                best = max(best, (a_min - s_min / tick) ** 2 * tick**2 / (s_min * (tick - 1)))
        return best


def best_of(repeat: int, fn):
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--darpa", default=DEFAULT_ZIP, help="darpa_original.zip (or the unpacked .csv)")
    ap.add_argument("--stream-edges", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for the fast scorers")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_midas_") as tmp:
        csv_path = args.darpa
        if csv_path.endswith(".zip"):
            with zipfile.ZipFile(csv_path) as zf:
                name = next(n for n in zf.namelist() if n.endswith(".csv"))
                zf.extract(name, tmp)
            csv_path = str(Path(tmp) / name)
        size_mb = Path(csv_path).stat().st_size / 1e6
        parse_s, data = best_of(args.repeat, lambda: read_edges(csv_path))
    n = len(data)
    print(f"DARPA: {n:,} edges, {len(data.nodes):,} nodes, {int(data.ticks[-1]):,} ticks, {size_mb:.0f} MB")
    print(
        f"parse (vectorised)          {parse_s:8.3f} s  {n / parse_s:14,.0f} edges/s"
        f"  {size_mb / parse_s:6.0f} MB/s"
    )

    batch_s, scores = best_of(args.repeat, lambda: score_edges_batch(data.src, data.dst, data.ticks))
    print(f"(a) batch numpy, all edges  {batch_s:8.3f} s  {n / batch_s:14,.0f} edges/s")
    if data.attack is not None:
        print(f"    ROC-AUC {roc_auc(scores, data.attack):.6f} (authors' C++ MIDAS-R: 0.944)")

    k = min(args.stream_edges, n)
    src, dst, ticks = data.src[:k].tolist(), data.dst[:k].tolist(), data.ticks[:k].tolist()

    def run_stream() -> list[float]:
        f = MidasR().score_one
        return [f(u, v, t) for u, v, t in zip(src, dst, ticks, strict=True)]

    stream_s, stream_scores = best_of(args.repeat, run_stream)

    def run_naive() -> list[float]:
        f = NaiveMidasR().score_one
        return [f(u, v, t) for u, v, t in zip(src, dst, ticks, strict=True)]

    naive_s, naive_scores = best_of(1, run_naive)
    sub_s, sub_scores = best_of(
        args.repeat, lambda: score_edges_batch(data.src[:k], data.dst[:k], data.ticks[:k])
    )
    same = np.allclose(stream_scores, naive_scores, rtol=1e-9) and np.allclose(
        stream_scores, sub_scores, rtol=1e-9
    )
    if not same or not np.allclose(sub_scores, scores[:k], rtol=1e-9):
        print("WARNING: implementations disagree", file=sys.stderr)
    rate_naive = k / naive_s
    print(f"first {k:,} edges:")
    print(
        f"(b) MidasR.score_one         {stream_s:8.3f} s  {k / stream_s:14,.0f} edges/s"
        f"  {stream_s / k * 1e6:6.2f} us/edge  x{k / stream_s / rate_naive:6.1f} vs naive"
    )
    print(
        f"(c) naive pure-Python dicts  {naive_s:8.3f} s  {rate_naive:14,.0f} edges/s"
        f"  {naive_s / k * 1e6:6.2f} us/edge  x{1.0:6.1f}"
    )
    print(
        f"    batch numpy, same edges  {sub_s:8.3f} s  {k / sub_s:14,.0f} edges/s"
        f"  {sub_s / k * 1e6:6.2f} us/edge  x{k / sub_s / rate_naive:6.1f} vs naive"
    )
    print(f"    full-stream batch vs naive: x{n / batch_s / rate_naive:.1f}; scores agree: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
