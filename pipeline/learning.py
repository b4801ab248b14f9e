"""Learning from reviewer verdicts: one online model per category, shared by every runner.

A verdict is joined (on the subject's key) with the features of the decision it judges, and that
labelled example is forwarded to a single key per category, `model:<category>`, where one model learns
from every verdict in order. After each update the model is published as a versioned snapshot; every
runner scores with the snapshot it holds, so all workers agree on a model version (the worker ships
snapshots through a Faust global table; replay applies them at once).

The model is a kernel-weighted k-NN over the finding's numeric evidence (log-scaled, standardised by
river's online StandardScaler): "did reviewers overturn findings like this one?". It was chosen over an
online logistic regression measured beside it on a tuning stream (`lookalike-hard` with another seed):
with a few dozen verdicts, a linear model generalised "bulk invitations were overturned" onto hijacked
accounts' blasts that no reviewer had seen and held 13 true positives back; the k-NN holds a finding
only when reviewed examples close to it were overturned. It gates findings once it has seen enough of
both verdicts (`min_each`); before that, detectors decide alone. A snapshot is plain JSON of the kept
examples and scaler statistics, never a pickle: loading it from a topic cannot run code.

>>> m = VerdictModel("message_spam", min_each=2)
>>> for i in range(6):
...     m.learn({"fanout": 50.0 + i, "replies": 0.0}, True)
...     m.learn({"fanout": 40.0 + i, "replies": 9.0}, False)
>>> m.ready, m.version
(True, 12)
>>> m.p_confirmed({"fanout": 55.0, "replies": 0.0}) > 0.5 > m.p_confirmed({"fanout": 42.0, "replies": 10.0})
True
>>> VerdictModel.from_bytes(m.to_bytes()).p_confirmed({"fanout": 55.0, "replies": 0.0}) == m.p_confirmed(
...     {"fanout": 55.0, "replies": 0.0})
True
"""

from __future__ import annotations

import heapq
import json
import math
from collections import deque
from typing import Any

import msgspec

MODEL_KEY_PREFIX = "model:"


class Example(msgspec.Struct, tag="example", kw_only=True):
    """A labelled example for the category's model; carries the verdict's event id for dedupe."""

    event_id: str
    ts: int
    category: str
    features: dict[str, float]
    confirmed: bool


class Observation(msgspec.Struct, tag="observation", kw_only=True):
    """An unlabelled finding for the category's novelty model (cold start); id of the finding for dedupe."""

    event_id: str
    ts: int
    category: str
    features: dict[str, float]


def features_of(evidence: dict[str, Any]) -> dict[str, float]:
    """The numeric figures of a finding's evidence (booleans and bookkeeping left out)."""
    skip = {"episode", "episode_start", "window_start", "window_end", "first_ts", "last_ts"}
    return {
        k: float(v)
        for k, v in evidence.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and k not in skip
    }


class VerdictModel:
    """P(confirmed | features) from the reviewed findings most like this one: a kernel-weighted k-NN.

    Verdicts are scarce (a queue reviews dozens a day, not thousands) and the benign look-alikes a
    detector trips on come in kinds, so "reviewers overturned findings like this one" is the question
    to answer, and it must not spill over onto findings unlike any reviewed one. Each neighbour's vote
    is weighted by a Gaussian kernel of its distance (in standard deviations of log-scaled features,
    river's online StandardScaler), and one pseudo-vote of 0.5 stands for "no opinion": a finding far
    from every reviewed example scores about 0.5 and is not held. The last `window` examples are kept,
    in a snapshot as in memory, so a worker that loads a snapshot scores exactly as the trainer.
    """

    def __init__(
        self,
        category: str,
        min_each: int = 5,
        k: int = 7,
        bandwidth: float = 0.7,
        window: int = 500,
    ) -> None:
        from river import preprocessing

        self.category = category
        self.min_each = min_each
        self.k = k
        self.bandwidth = bandwidth
        self.window = window
        self.scaler = preprocessing.StandardScaler()
        self.examples: deque[tuple[dict[str, float], bool]] = deque(maxlen=window)
        self.version = 0
        self.counts = [0, 0]  # overturned, confirmed

    @property
    def ready(self) -> bool:
        return min(self.counts) >= self.min_each

    def learn(self, x: dict[str, float], confirmed: bool) -> None:
        z = _log_scaled(x)
        self.scaler.learn_one(z)
        self.examples.append((z, confirmed))
        self.counts[confirmed] += 1
        self.version += 1

    def p_confirmed(self, x: dict[str, float]) -> float:
        """Kernel-weighted share of confirmed verdicts among the k nearest reviewed examples."""
        z = _log_scaled(x)
        sd = {f: math.sqrt(v) for f, v in self.scaler.vars.items() if v > 1e-12}
        if not sd or not self.examples:
            return 0.5
        nearest = heapq.nsmallest(
            self.k, ((_distance(z, e, sd), y) for e, y in self.examples), key=lambda t: t[0]
        )
        h2 = 2 * self.bandwidth**2
        votes = weight = 0.0
        for d, y in nearest:
            w = math.exp(-d * d / h2)
            weight += w
            votes += w * y
        return (votes + 0.5 * PRIOR_VOTES) / (weight + PRIOR_VOTES)

    def to_bytes(self) -> bytes:
        s = self.scaler
        return json.dumps(
            {
                "category": self.category,
                "version": self.version,
                "min_each": self.min_each,
                "k": self.k,
                "bandwidth": self.bandwidth,
                "window": self.window,
                "counts": self.counts,
                "examples": [[x, y] for x, y in self.examples],
                "scaler": {"counts": dict(s.counts), "means": dict(s.means), "vars": dict(s.vars)},
            },
            sort_keys=True,
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> VerdictModel:
        d = json.loads(raw)
        m = cls(d["category"], d["min_each"], d["k"], d["bandwidth"], d["window"])
        m.version, m.counts = int(d["version"]), [int(c) for c in d["counts"]]
        m.examples.extend(({k: float(v) for k, v in x.items()}, bool(y)) for x, y in d["examples"])
        sc = d["scaler"]
        m.scaler.counts.update(sc["counts"])
        m.scaler.means.update(sc["means"])
        m.scaler.vars.update(sc["vars"])
        return m


class NoveltyModel:
    """How unlike this category's recent findings a finding is: river's HalfSpaceTrees, for the cold start.

    Before reviewers have said anything there is nothing to learn P(confirmed) from, but a reviewer's
    queue still needs an order: a finding unlike the bulk of what a detector reports (a new pattern, a
    farm of a new kind) deserves eyes first, and one like hundreds already queued less so. The score is
    in the evidence as `novelty` (0..1) and `contactguard review --sort novelty` orders by it; it gates
    nothing. Features are log-scaled and squashed into (0, 1), the range HalfSpaceTrees splits.

    HalfSpaceTrees scores with the masses of its last completed window only, so a model is published
    once per window, as that window's observations: any runner that learns them into trees grown from
    the same seed holds exactly the trainer's scoring state. Loading reuses the trees already built
    (growing them is the expensive part) and only recounts the masses.
    """

    KIND = "novelty"
    SEED = 7

    def __init__(self, category: str, window: int = 100, n_trees: int = 10, height: int = 8) -> None:
        self.category = category
        self.window = window
        self.n_trees = n_trees
        self.height = height
        self.seen = 0
        self.current: list[dict[str, float]] = []  # this window's observations so far
        self.completed: list[dict[str, float]] = []  # the last completed window: what scores
        self.features: list[str] = []  # the first observation's names: the trees grow from them
        self._hst = self._fresh()

    def _fresh(self) -> Any:
        from river import anomaly

        return anomaly.HalfSpaceTrees(
            n_trees=self.n_trees, height=self.height, window_size=self.window, seed=self.SEED
        )

    @property
    def ready(self) -> bool:
        return bool(self.completed)

    def learn(self, x: dict[str, float]) -> bool:
        """Learn one observation; True when it completed a window (time to publish)."""
        if not self.features:
            self.features = sorted(x)
        u = self._project(x)
        self._hst.learn_one(u)
        self.current.append(u)
        self.seen += 1
        if len(self.current) < self.window:
            return False
        self.completed, self.current = self.current, []
        return True

    def score(self, x: dict[str, float]) -> float | None:
        return float(self._hst.score_one(self._project(x))) if self.ready else None

    def _project(self, x: dict[str, float]) -> dict[str, float]:
        """Squashed, on the trees' features exactly: an absent one counts as 0 (HalfSpaceTrees would
        otherwise route it by the current window's masses, which differ between trainer and loader)."""
        u = _squashed(x)
        return {f: u.get(f, 0.5) for f in self.features}

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "kind": self.KIND,
                "category": self.category,
                "version": self.seen - len(self.current),
                "window": self.window,
                "n_trees": self.n_trees,
                "height": self.height,
                "features": self.features,
                "completed": self.completed,
            },
            sort_keys=True,
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes, reuse: NoveltyModel | None = None) -> NoveltyModel:
        """The published scoring state; `reuse`: a model of the same shape whose trees can be recounted."""
        d = json.loads(raw)
        m = cls(d["category"], d["window"], d["n_trees"], d["height"])
        m.features = list(d["features"])
        shape = (m.window, m.n_trees, m.height, m.features)
        if reuse is not None and (reuse.window, reuse.n_trees, reuse.height, reuse.features) == shape:
            m._hst = reuse._hst
        else:  # grow the trees as the trainer did: from the seed and the first observation's names
            m._hst.learn_one(dict.fromkeys(m.features, 0.5))
        for nodes in m._hst._tree_nodes:  # noqa: SLF001 - zero the masses, keep the trees
            for node in nodes:
                node.l_mass = node.r_mass = 0
        m._hst.counter, m._hst._first_window = 0, True  # noqa: SLF001
        m.completed = [{k: float(v) for k, v in u.items()} for u in d["completed"]]
        for u in m.completed:  # the window's last observation pivots its masses into the reference
            m._hst.learn_one(u)
        m.seen = int(d["version"])
        return m


def _squashed(x: dict[str, float]) -> dict[str, float]:
    """Log-scaled features mapped into (0, 1): 0.5 is zero, large counts approach 1."""
    return {k: 0.5 + 0.5 * z / (1.0 + abs(z)) for k, z in _log_scaled(x).items()}


PRIOR_VOTES = 1.0  # one pseudo-vote of 0.5: far from every reviewed example means "no opinion"


def _log_scaled(x: dict[str, float]) -> dict[str, float]:
    """Counts and durations are heavy-tailed: compare them on a log scale (sign kept for LLR parts)."""
    return {k: math.copysign(math.log1p(abs(v)), v) for k, v in x.items()}


def _distance(a: dict[str, float], b: dict[str, float], sd: dict[str, float]) -> float:
    """Euclidean distance in standard deviations over the features with spread (absent = 0)."""
    return math.sqrt(sum(((a.get(f, 0.0) - b.get(f, 0.0)) / s) ** 2 for f, s in sd.items()))


class ModelRegistry:
    """The models a runner scores with: trained here (model keys) or loaded from snapshots.

    Verdict models score with the object being trained (replay) or the latest snapshot (workers).
    Novelty models publish a snapshot per completed window and every runner, the training one
    included, scores with the latest published snapshot, so that all score alike.
    """

    def __init__(self, min_each: int = 5, gate: float = 0.35) -> None:
        self.min_each = min_each
        self.gate = gate  # findings with P(confirmed) below this are held back once a model is ready
        self.models: dict[str, VerdictModel] = {}
        self.trainers: dict[str, NoveltyModel] = {}  # novelty models being trained on this runner
        self.novelty: dict[str, NoveltyModel] = {}  # published novelty snapshots, used for scoring

    def model(self, category: str) -> VerdictModel:
        m = self.models.get(category)
        if m is None:
            m = self.models[category] = VerdictModel(category, self.min_each)
        return m

    def observe(self, category: str, features: dict[str, float]) -> bytes | None:
        """Teach the category's novelty model one finding; a snapshot to publish every so often."""
        t = self.trainers.get(category)
        if t is None:
            t = self.trainers[category] = NoveltyModel(category)
        if not t.learn(features):
            return None
        raw = t.to_bytes()
        self.load(raw)
        return raw

    def load(self, raw: bytes) -> bool:
        """Swap in a snapshot if it is newer than what this runner has; True if it was."""
        meta = json.loads(raw)
        if meta.get("kind") == NoveltyModel.KIND:
            cur_n = self.novelty.get(meta["category"])
            if cur_n is not None and cur_n.seen >= int(meta["version"]):
                return False
            self.novelty[meta["category"]] = NoveltyModel.from_bytes(raw, reuse=cur_n)
            return True
        m = VerdictModel.from_bytes(raw)
        cur = self.models.get(m.category)
        if cur is not None and cur.version >= m.version:
            return False
        self.models[m.category] = m
        return True

    def version(self) -> str | None:
        if not self.models:
            return None
        return ",".join(f"{c}@{m.version}" for c, m in sorted(self.models.items()))

    def allows(self, category: str, features: dict[str, float]) -> tuple[bool, float | None]:
        m = self.models.get(category)
        if m is None or not m.ready:
            return True, None
        p = m.p_confirmed(features)
        return p >= self.gate, p

    def novelty_of(self, category: str, features: dict[str, float]) -> tuple[float, int] | None:
        """(novelty score, snapshot version) once the category's novelty model has a full window."""
        n = self.novelty.get(category)
        score = None if n is None else n.score(features)
        return None if score is None else (score, n.seen)  # type: ignore[union-attr]


def snapshot_key(raw: bytes) -> bytes:
    """The key a snapshot is kept under in a worker's model table: one per kind and category."""
    d = json.loads(raw)
    kind = d.get("kind", "verdict")
    return (d["category"] if kind == "verdict" else f"{kind}:{d['category']}").encode()
