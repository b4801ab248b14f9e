"""First mass-connect detector: a sender's request volume to strangers with the stock invitation.

Counts decay with a half-life in event time, and an event that arrives late is added with the decay it
would have had, so the counts do not depend on arrival order. Responses (accept, decline, "I don't know
this person") arrive on the sender's key hours later and sharpen the score as they come.

>>> from pipeline.engine import Engine
>>> from pipeline.state import DictKV
>>> eng = Engine([ConnectRateDetector(min_requests=3.5, threshold=0.5)])
>>> scope = eng.open_scope(DictKV())
>>> t0 = 1_767_225_600_000
>>> for i in range(4):
...     req = ev.ConnectRequest(event_id=f"c{i}", ts=t0 + i, actor_id="s", target_id=f"r{i}",
...                             note=None, mutual_connections=0)
...     out = eng.deliver(scope, "s", req)
>>> [(a.subject_id, a.category, a.action) for a in out.actions]
[('s', 'mass_connect_spam', 'review')]
"""

from __future__ import annotations

import math

import msgspec

from pipeline import events as ev
from pipeline.detectors.base import Finding
from pipeline.engine import Context

HOUR_MS = 3_600_000


class SenderConnects(msgspec.Struct, array_like=True):
    t: int  # event time the counts are decayed to
    requests: float = 0.0
    strangers: float = 0.0  # mutual_connections == 0
    known_mutual: float = 0.0  # requests whose mutual count was given
    stock: float = 0.0
    accepts: float = 0.0
    declines: float = 0.0
    reports: float = 0.0
    first_ts: int = 0
    samples: list[str] = msgspec.field(default_factory=list)


class ConnectRateDetector:
    name = "connect_rate"
    category = "mass_connect_spam"
    accepts = (ev.ConnectRequest, ev.ConnectAccept, ev.ConnectDecline, ev.ConnectReport)
    STORE = "connect_rate"

    def __init__(self, half_life_ms: int = 24 * HOUR_MS, min_requests: float = 20.0, threshold: float = 0.6):
        self.half_life_ms = half_life_ms
        self.min_requests = min_requests
        self.threshold = threshold
        self.stores = [(self.STORE, SenderConnects, 14 * 24 * HOUR_MS)]

    def handle(self, key: str, item: object, ctx: Context) -> None:
        store = ctx.store(self.STORE)
        ts = ctx.ts
        st: SenderConnects | None = store.get(key, ts)
        if st is None:
            st = SenderConnects(t=ts, first_ts=ts)
        w = self._advance(st, ts)
        if isinstance(item, ev.ConnectRequest):
            st.requests += w
            if item.mutual_connections is not None:
                st.known_mutual += w
                st.strangers += w if item.mutual_connections == 0 else 0.0
            st.stock += w if ev.is_stock_note(item.note) else 0.0
            st.samples = [*st.samples[-4:], item.event_id]
        elif isinstance(item, ev.ConnectAccept):
            st.accepts += w
        elif isinstance(item, ev.ConnectDecline):
            st.declines += w
        else:
            st.reports += w
        store.put(key, st, ts)
        if st.requests >= self.min_requests and isinstance(item, ev.ConnectRequest):
            score, parts = self.score(st)
            if score >= self.threshold:
                ctx.report(
                    Finding(
                        subject_id=key,
                        category=self.category,
                        score=score,
                        reasons=[r for r, on in parts.items() if on],
                        evidence={
                            "requests_24h_decayed": round(st.requests, 1),
                            "stranger_share": round(st.strangers / st.known_mutual, 3)
                            if st.known_mutual
                            else None,
                            "stock_note_share": round(st.stock / st.requests, 3),
                            "accepts": round(st.accepts, 1),
                            "declines": round(st.declines, 1),
                            "reports": round(st.reports, 1),
                            "sample_event_ids": list(st.samples),
                            "half_life_h": self.half_life_ms / HOUR_MS,
                        },
                        detector=self.name,
                        ts=ts,
                        first_evidence_ts=st.first_ts,
                    )
                )

    def _advance(self, st: SenderConnects, ts: int) -> float:
        """Decay counts to `ts`; return the weight of an event at `ts` (below 1 when it is late)."""
        if ts <= st.t:
            return math.exp2((ts - st.t) / self.half_life_ms)
        f = math.exp2((st.t - ts) / self.half_life_ms)
        st.requests *= f
        st.strangers *= f
        st.known_mutual *= f
        st.stock *= f
        st.accepts *= f
        st.declines *= f
        st.reports *= f
        st.t = ts
        return 1.0

    def score(self, st: SenderConnects) -> tuple[float, dict[str, bool]]:
        stranger = st.strangers / st.known_mutual if st.known_mutual else 0.5
        stock = st.stock / st.requests
        responded = st.accepts + st.declines
        negative = (st.declines + 2 * st.reports) / responded if responded else 0.0
        volume = min(1.0, st.requests / 100)
        score = 0.3 * volume + 0.3 * stranger + 0.2 * stock + 0.2 * min(1.0, negative)
        parts = {
            "high_request_volume": volume >= 0.5,
            "requests_to_strangers": stranger >= 0.6,
            "stock_invitation": stock >= 0.6,
            "declined_or_reported": negative >= 0.5,
        }
        return score, parts

    def forget(self, key: str, ctx: Context) -> None:
        ctx.store(self.STORE).delete(key)
