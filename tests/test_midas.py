"""MIDAS-R burst core: hand-worked scores, streaming == batch, checkpoints, stable hashing, DARPA AUC."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from pipeline.edgescore import read_edges, roc_auc
from pipeline.sketch.midas import MidasR, chi2_score, score_edges_batch
from tests.streams import shared_dir

REPO = Path(__file__).resolve().parents[1]
DARPA_ZIP = shared_dir() / "datasets/darpa/darpa_original.zip"


def random_stream(n: int, nodes: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random edges with bursts, repeated ticks and tick jumps of several ticks."""
    rng = np.random.default_rng(seed)
    src = rng.integers(0, nodes, n)
    dst = rng.integers(0, nodes, n)
    burst = rng.random(n) < 0.2  # a hot edge to make real microclusters
    src[burst] = 7
    dst[burst] = 11
    steps = rng.choice([0, 0, 0, 1, 1, 2, 5], size=n)
    ticks = 1 + np.cumsum(steps)
    return src, dst, ticks


def stream_parts(model: MidasR, src, dst, ticks) -> np.ndarray:
    return np.array(
        [model.score_parts(int(u), int(v), int(t)) for u, v, t in zip(src, dst, ticks, strict=True)]
    )


# --------------------------------------------------------------------------- hand-worked example


def test_hand_worked_example() -> None:
    """1 row x 1024 buckets, alpha 0.5; the nodes/edges used do not collide, so counts are exact.

    chi2(a, s, t) = (a - s/t)^2 * t^2 / (s * (t - 1)), score 0 at t = 1.

    e1 (1,2,t=1), e2 (1,2,t=1): t = 1 -> all parts 0.
    e3 (1,3,t=2): tick advance halves current counts.
        edge (1,3): a=1, s=1          -> (1 - 1/2)^2 * 4 / (1*1) = 1
        src 1:      a=2*0.5+1=2, s=3  -> (2 - 3/2)^2 * 4 / (3*1) = 1/3
        dst 3:      a=1, s=1          -> 1
    e4 (1,2,t=2):
        edge (1,2): a=2*0.5+1=2, s=3  -> 1/3
        src 1:      a=2+1=3, s=4      -> (3 - 2)^2 * 4 / (4*1) = 1
        dst 2:      a=2*0.5+1=2, s=3  -> 1/3
    e5 (2,3,t=4): jump of 2 ticks decays by 0.5**2.
        edge (2,3): a=1, s=1          -> (1 - 1/4)^2 * 16 / (1*3) = 3
        src 2:      a=1, s=1          -> 3
        dst 3:      a=1*0.25+1=1.25, s=2 -> (1.25 - 2/4)^2 * 16 / (2*3) = 1.5
    """
    model = MidasR(rows=1, buckets=1024, alpha=0.5, seed=0)
    edges = [(1, 2, 1), (1, 2, 1), (1, 3, 2), (1, 2, 2), (2, 3, 4)]
    # precondition of the hand computation: no collisions among the items of each sketch
    idx = {(u, v): model.bucket_indices(u, v) for u, v, _ in edges}
    assert len({i[0] for i in idx.values()}) == 3  # edges (1,2), (1,3), (2,3)
    assert len({model.bucket_indices(u, 0)[1] for u in (1, 2)}) == 2
    assert len({model.bucket_indices(0, v)[2] for v in (2, 3)}) == 2
    expected = [
        (0.0, 0.0, 0.0),
        (0.0, 0.0, 0.0),
        (1.0, 1 / 3, 1.0),
        (1 / 3, 1.0, 1 / 3),
        (3.0, 3.0, 1.5),
    ]
    got = [model.score_parts(u, v, t) for u, v, t in edges]
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-12)
    batch = score_edges_batch(
        *map(np.array, zip(*edges, strict=True)), rows=1, buckets=1024, return_parts=True
    )
    assert np.allclose(batch, expected, rtol=1e-12, atol=1e-12)
    total = score_edges_batch(*map(np.array, zip(*edges, strict=True)), rows=1, buckets=1024)
    assert np.allclose(total, [0, 0, 1, 1, 3])
    assert chi2_score(1.25, 2, 4) == pytest.approx(1.5)
    assert chi2_score(5, 0, 9) == 0.0 and chi2_score(5, 3, 1) == 0.0


def test_single_bucket_is_one_global_counter() -> None:
    """With 1 bucket every item collides: all three parts see the same global counts."""
    model = MidasR(rows=3, buckets=1, alpha=0.5)
    # t=1: 3 edges; t=2: current = 3*0.5 + 1 = 2.5, total 4 -> (2.5 - 2)^2 * 4 / (4 * 1) = 0.25
    for u, v in [(1, 2), (3, 4), (5, 6)]:
        model.score_one(u, v, 1)
    assert model.score_parts(7, 8, 2) == pytest.approx((0.25, 0.25, 0.25))


def test_min_over_rows_takes_least_overestimate() -> None:
    """Count-min: more rows never raise the estimates, so the total count seen is <= one row's."""
    src, dst, ticks = random_stream(3000, 40, seed=5)
    one = MidasR(rows=1, buckets=16, seed=2)
    for u, v, t in zip(src.tolist(), dst.tolist(), ticks.tolist(), strict=True):
        one.score_one(u, v, t)
    four = MidasR(rows=4, buckets=16, seed=2)  # same seed: row 0 uses the same hash as `one`
    for u, v, t in zip(src.tolist(), dst.tolist(), ticks.tolist(), strict=True):
        four.score_one(u, v, t)
    assert np.array_equal(one.total_counts()[:, 0], four.total_counts()[:, 0])
    assert one.total_counts().sum() == 3 * 3000


# --------------------------------------------------------------------------- streaming == batch


@pytest.mark.parametrize(
    ("rows", "buckets", "alpha", "chunk"),
    [(2, 2719, 0.5, 1 << 18), (2, 13, 0.5, 97), (3, 31, 0.9, 1000), (1, 5, 1.0, 64), (4, 64, 0.3, 7)],
)
def test_streaming_equals_batch(rows: int, buckets: int, alpha: float, chunk: int) -> None:
    src, dst, ticks = random_stream(4000, 60, seed=rows * 100 + buckets)
    model = MidasR(rows=rows, buckets=buckets, alpha=alpha, seed=9)
    want = stream_parts(model, src, dst, ticks)
    got = score_edges_batch(
        src, dst, ticks, rows=rows, buckets=buckets, alpha=alpha, seed=9, return_parts=True, chunk_size=chunk
    )
    assert got.shape == (4000, 3)
    assert np.allclose(got, want, rtol=1e-10, atol=1e-10)
    total = score_edges_batch(src, dst, ticks, rows=rows, buckets=buckets, alpha=alpha, seed=9)
    assert np.allclose(total, want.max(axis=1), rtol=1e-10, atol=1e-10)
    # the current counts left in the streaming sketch are the batch's carried state at the last tick
    assert model.total_counts().sum() == 3 * rows * 4000


def test_batch_accepts_any_int_dtype_and_large_ids() -> None:
    src, dst, ticks = random_stream(500, 20, seed=1)
    big_src = src.astype(np.int64) * 1_000_000_007 - 2**40  # negative and > 32-bit ids
    want = stream_parts(MidasR(), big_src, dst, ticks)
    got = score_edges_batch(big_src, dst.astype(np.uint32), ticks.astype(np.int32), return_parts=True)
    assert np.allclose(got, want, rtol=1e-10, atol=1e-10)


def test_batch_rejects_decreasing_ticks() -> None:
    with pytest.raises(ValueError, match="non-decreasing"):
        score_edges_batch(np.array([1, 2]), np.array([2, 3]), np.array([2, 1]))


def test_late_edge_counts_in_current_tick() -> None:
    a = MidasR(rows=2, buckets=50)
    b = MidasR(rows=2, buckets=50)
    for m in (a, b):
        m.score_one(1, 2, 5)
    assert a.score_parts(3, 4, 3) == b.score_parts(3, 4, 5)
    assert a.late_edges == 1 and b.late_edges == 0


def test_long_tick_gap_renormalises_without_overflow() -> None:
    model = MidasR(rows=2, buckets=31, alpha=0.5)
    ticks = [1, 2, 700, 701, 1400, 5000, 5000, 100_000]
    parts = [model.score_parts(1, 2, t) for t in ticks]
    assert all(np.isfinite(p).all() for p in parts)
    batch = score_edges_batch(np.ones(8, int), np.full(8, 2), np.array(ticks), buckets=31, return_parts=True)
    assert np.allclose(parts, batch, rtol=1e-10, atol=1e-10)
    assert model.current_counts().max() == pytest.approx(1.0)  # only the last edge is still current


# --------------------------------------------------------------------------- checkpoints


def test_checkpoint_restore_continues_identically() -> None:
    src, dst, ticks = random_stream(3000, 50, seed=3)
    names_s = [f"user:{u}" for u in src]  # string ids take the CRC-32 path
    full = MidasR(rows=2, buckets=97, alpha=0.5, seed=4)
    want = [full.score_one(u, int(v), int(t)) for u, v, t in zip(names_s, dst, ticks, strict=True)]

    half = 1700
    first = MidasR(rows=2, buckets=97, alpha=0.5, seed=4)
    got = [
        first.score_one(u, int(v), int(t))
        for u, v, t in zip(names_s[:half], dst[:half], ticks[:half], strict=True)
    ]
    state = first.state()
    blob = first.to_bytes()
    restored = [MidasR.from_state(state), MidasR.from_bytes(blob), pickle.loads(pickle.dumps(first))]
    assert isinstance(state["cur"], bytes) and isinstance(state["tot"], bytes)
    for model in restored:
        rest = [
            model.score_one(u, int(v), int(t))
            for u, v, t in zip(names_s[half:], dst[half:], ticks[half:], strict=True)
        ]
        assert got + rest == want  # bit-identical, not just close


def test_checkpoint_of_fresh_model_and_bad_state() -> None:
    fresh = MidasR.from_bytes(MidasR(rows=1, buckets=8).to_bytes())
    assert fresh.score_one(1, 2, 1) == 0.0
    state = MidasR(rows=1, buckets=8).state()
    state["cur"] = state["cur"][:-8]
    with pytest.raises(ValueError):
        MidasR.from_state(state)
    with pytest.raises(ValueError):
        MidasR.from_bytes(b"garbage")


# --------------------------------------------------------------------------- stable hashing

_HASH_SCRIPT = """
import json
from pipeline.sketch.midas import MidasR
from tests.test_midas import HASH_EDGES
m = MidasR(rows=2, buckets=101, seed=7)
print(json.dumps([[m.bucket_indices(u, v) for u, v, _ in HASH_EDGES], [m.score_one(*e) for e in HASH_EDGES]]))
"""
PINNED_ALICE_BOB = ((91, 47), (45, 65), (58, 20))
HASH_EDGES = [
    ("alice", "bob", 1),
    ("carol", "bob", 1),
    ("alice", "bob", 2),
    (12345678901, "bob", 2),
    (b"raw", -5, 3),
    ("alice", "dave", 3),
]


def test_hashing_is_stable_across_processes() -> None:
    """Python's str hash is salted per process (PYTHONHASHSEED); the sketch must not depend on it."""
    outputs = []
    for hashseed in ("1", "2", "random"):
        env = {"PYTHONHASHSEED": hashseed, "PATH": "/usr/bin:/bin"}
        res = subprocess.run(
            [sys.executable, "-c", _HASH_SCRIPT],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(json.loads(res.stdout))
    m = MidasR(rows=2, buckets=101, seed=7)
    here = [
        [list(map(list, m.bucket_indices(u, v))) for u, v, _ in HASH_EDGES],
        [m.score_one(*e) for e in HASH_EDGES],
    ]
    assert outputs[0] == outputs[1] == outputs[2] == here
    # pinned values: a change of the hash functions (and so of every stored checkpoint) must be deliberate
    assert MidasR(rows=2, buckets=101, seed=7).bucket_indices("alice", "bob") == PINNED_ALICE_BOB


# --------------------------------------------------------------------------- CSV parsing and AUC


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


def test_parser_fast_equals_slow(tmp_path: Path) -> None:
    text = (
        "source_ip,destination_ip,time,label\r\n"
        "10.0.0.1,10.0.0.2,06/01/1998-07:55,-\r\n"
        "10.0.0.1,10.0.0.2,06/01/1998-07:55,neptune\r\n"
        "10.0.0.3,10.0.0.1,06/01/1998-07:56,-\r\n"
        "10.0.0.2,10.0.0.4,07/32/1998-00:00,smurf\r\n"
        "10.0.0.4,10.0.0.4,07/32/1998-00:00,0"  # no final newline
    )
    path = _write(tmp_path / "e.csv", text)
    fast = read_edges(str(path))
    slow = read_edges(str(path), fast=False)
    for d in (fast, slow):
        assert d.src.tolist() == [0, 0, 2, 1, 3]
        assert d.dst.tolist() == [1, 1, 0, 3, 3]
        assert d.ticks.tolist() == [1, 1, 2, 3, 3]
        assert d.attack.tolist() == [False, True, False, True, False]
        assert d.nodes == [b"10.0.0.1", b"10.0.0.2", b"10.0.0.3", b"10.0.0.4"]


def test_parser_int_ticks_long_fields_and_errors(tmp_path: Path) -> None:
    ints = read_edges(str(_write(tmp_path / "i.csv", "5,6,1\n5,7,1\n6,5,4\n")))
    assert ints.ticks.tolist() == [1, 1, 4] and ints.attack is None and ints.tick_kind == "int"
    long_name = "x" * 40  # > 16 bytes: slow path, same semantics
    longf = read_edges(str(_write(tmp_path / "l.csv", f"{long_name},b,1\nb,{long_name},2\n")))
    assert longf.src.tolist() == [0, 1] and longf.nodes[0] == long_name.encode()
    with pytest.raises(ValueError, match="time order"):
        read_edges(str(_write(tmp_path / "o.csv", "a,b,06/01/1998-07:55,-\na,b,06/01/1998-07:54,-\n")))
    with pytest.raises(ValueError, match="time order"):
        read_edges(str(_write(tmp_path / "d.csv", "a,b,3\na,b,2\n")))


def test_parser_across_block_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.edgescore as es

    rng = np.random.default_rng(0)
    n = 3000
    src = rng.integers(0, 30, n)
    dst = rng.integers(0, 30, n)
    minute = np.cumsum(rng.random(n) < 0.1)
    lines = []
    for u, v, m in zip(src, dst, minute, strict=True):
        stamp = f"06/{1 + m // 1440:02d}/1998-{(m // 60) % 24:02d}:{m % 60:02d}"
        lines.append(f"192.168.{u}.{u},10.1.{v}.9,{stamp},{'-' if u % 3 else 'smurf'}")
    path = _write(tmp_path / "b.csv", "\n".join(lines) + "\n")
    monkeypatch.setattr(es, "_BLOCK", 1024)  # many blocks, runs crossing block edges
    fast = read_edges(str(path))
    slow = read_edges(str(path), fast=False)
    assert len(fast) == n
    for key in ("src", "dst", "ticks", "attack"):
        assert np.array_equal(getattr(fast, key), getattr(slow, key)), key
    assert fast.ticks[-1] == len(set(minute.tolist()))


def _auc_by_counting(scores: np.ndarray, positive: np.ndarray) -> float:
    """Independent AUC: P(score_pos > score_neg) + 0.5 P(equal), by binary search in sorted negatives."""
    neg = np.sort(scores[~positive])
    pos = scores[positive]
    below = np.searchsorted(neg, pos, side="left")
    upto = np.searchsorted(neg, pos, side="right")
    return float((below.sum() + 0.5 * (upto - below).sum()) / (pos.size * neg.size))


def test_roc_auc_with_ties() -> None:
    scores = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4])
    labels = np.array([0, 0, 1, 1, 1, 0], dtype=bool)
    # pairs (pos, neg): 0.35>0.1, 0.35<0.4, 0.35<0.4 | 0.8 beats all 3 | 0.4>0.1, 0.4=0.4, 0.4=0.4 -> 6/9
    assert roc_auc(scores, labels) == pytest.approx(6 / 9)
    assert _auc_by_counting(scores, labels) == pytest.approx(6 / 9)
    rng = np.random.default_rng(0)
    s = rng.integers(0, 20, 5000).astype(float)
    y = rng.random(5000) < 0.3 + s / 40
    assert roc_auc(s, y) == pytest.approx(_auc_by_counting(s, y), abs=1e-12)


def test_cli_small_file(tmp_path: Path) -> None:
    text = "".join(
        f"{u},{v},06/01/1998-07:{m:02d},{'-' if m < 3 else 'neptune'}\n"
        for m in range(6)
        for u, v in [(1, 2), (3, 4), (1, 2)]
    )
    path = _write(tmp_path / "s.csv", text)
    out = tmp_path / "scores.txt"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "score-edges",
            str(path),
            "--out",
            str(out),
            "--labels-auc",
            "--digits",
            "17",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "edges          18" in res.stderr and "roc_auc" in res.stderr
    scores = np.array(out.read_text().split(), dtype=float)
    d = read_edges(str(path))
    assert np.array_equal(scores, score_edges_batch(d.src, d.dst, d.ticks))


# --------------------------------------------------------------------------- DARPA


@pytest.mark.skipif(not DARPA_ZIP.exists(), reason=f"DARPA edge stream not found at {DARPA_ZIP}")
def test_darpa_roc_auc(tmp_path: Path) -> None:
    """The authors' C++ MIDAS-R (2 x 2719, alpha 0.5) reaches ROC-AUC 0.944 on this stream."""
    with zipfile.ZipFile(DARPA_ZIP) as zf:
        zf.extract("darpa_original.csv", tmp_path)
    csv_path = tmp_path / "darpa_original.csv"
    out = tmp_path / "scores.txt"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "score-edges",
            str(csv_path),
            "--out",
            str(out),
            "--labels-auc",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    print(res.stderr)
    assert "edges          4554344" in res.stderr
    scores = np.array(out.read_bytes().split(), dtype=np.float64)
    # labels straight from the CSV, independently of the package's parser
    raw = csv_path.read_bytes()
    labels = np.array([line.rsplit(b",", 1)[1] != b"-" for line in raw.splitlines()])
    assert scores.size == labels.size == 4_554_344
    assert int(labels.sum()) == 2_737_209
    auc = _auc_by_counting(scores, labels)
    assert auc >= 0.94, auc
    reported = float(res.stderr.split("roc_auc")[1].split()[0])
    assert reported == pytest.approx(auc, abs=1e-4)  # file has 10 digits: ties may differ a hair
