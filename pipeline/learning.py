"""Learning from reviewer verdicts: one online model per category, shared by every runner.

A verdict is joined (on the subject's key) with the features of the decision it judges, and that
labelled example is forwarded to a single key per category, `model:<category>`, where one model learns
from every verdict in order. After each update the model is published as a versioned snapshot; every
runner scores with the snapshot it holds, so all workers agree on a model version (the worker ships
snapshots through a Faust global table; replay applies them at once).

The model is river's StandardScaler + LogisticRegression over the finding's numeric evidence. It gates
findings only once it has seen enough of both verdicts (`min_each`); before that, detectors decide
alone. A snapshot is plain JSON of weights and scaler statistics, never a pickle: loading it from a
topic cannot run code.

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

import json
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


def features_of(evidence: dict[str, Any]) -> dict[str, float]:
    """The numeric figures of a finding's evidence (booleans and bookkeeping left out)."""
    skip = {"episode", "episode_start", "window_start", "window_end", "first_ts", "last_ts"}
    return {
        k: float(v)
        for k, v in evidence.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and k not in skip
    }


class VerdictModel:
    """Online logistic model of P(confirmed | features) for one category."""

    def __init__(self, category: str, min_each: int = 5, learning_rate: float = 0.05) -> None:
        from river import linear_model, optim, preprocessing

        self.category = category
        self.min_each = min_each
        self.scaler = preprocessing.StandardScaler()
        self.model = linear_model.LogisticRegression(optimizer=optim.SGD(learning_rate))
        self.version = 0
        self.counts = [0, 0]  # overturned, confirmed

    @property
    def ready(self) -> bool:
        return min(self.counts) >= self.min_each

    def learn(self, x: dict[str, float], confirmed: bool) -> None:
        self.scaler.learn_one(x)
        self.model.learn_one(self.scaler.transform_one(x), confirmed)
        self.counts[confirmed] += 1
        self.version += 1

    def p_confirmed(self, x: dict[str, float]) -> float:
        return float(self.model.predict_proba_one(self.scaler.transform_one(x)).get(True, 0.5))

    def to_bytes(self) -> bytes:
        s = self.scaler
        return json.dumps(
            {
                "category": self.category,
                "version": self.version,
                "min_each": self.min_each,
                "counts": self.counts,
                "lr": self.model.optimizer.learning_rate,
                "weights": dict(self.model._weights),  # noqa: SLF001 - river keeps them as a dict
                "intercept": self.model.intercept,
                "scaler": {"counts": dict(s.counts), "means": dict(s.means), "vars": dict(s.vars)},
            },
            sort_keys=True,
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> VerdictModel:
        d = json.loads(raw)
        m = cls(d["category"], d["min_each"], d["lr"])
        m.version, m.counts = int(d["version"]), list(d["counts"])
        m.model._weights.update({k: float(v) for k, v in d["weights"].items()})  # noqa: SLF001
        m.model.intercept = float(d["intercept"])
        sc = d["scaler"]
        m.scaler.counts.update(sc["counts"])
        m.scaler.means.update(sc["means"])
        m.scaler.vars.update(sc["vars"])
        return m


class ModelRegistry:
    """The models a runner scores with: trained here (model keys) or loaded from snapshots."""

    def __init__(self, min_each: int = 5, gate: float = 0.5) -> None:
        self.min_each = min_each
        self.gate = gate  # findings with P(confirmed) below this are held back once a model is ready
        self.models: dict[str, VerdictModel] = {}

    def model(self, category: str) -> VerdictModel:
        m = self.models.get(category)
        if m is None:
            m = self.models[category] = VerdictModel(category, self.min_each)
        return m

    def load(self, raw: bytes) -> bool:
        """Swap in a snapshot if it is newer than what this runner has; True if it was."""
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
