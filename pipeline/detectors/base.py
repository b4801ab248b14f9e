"""What a detector is: settings in the constructor, state in stores, findings out.

A detector sees items (platform events or derived records) delivered to a key, reads and writes state
for that key only (in the worker, a key's state lives on the partition that owns the key), and reports
`Finding`s. A finding about an account on another key is routed there by the engine, where its decision
ledger lives. Detectors never see Kafka.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import msgspec

if TYPE_CHECKING:
    from pipeline.engine import Context


class Finding(msgspec.Struct, tag="finding", kw_only=True):
    """A detector's claim about one subject, before policy turns it into an action."""

    subject_id: str
    category: str
    score: float
    reasons: list[str]
    evidence: dict[str, Any]
    detector: str
    ts: int  # event time of the triggering event
    first_evidence_ts: int  # event time of the earliest evidence, for the detection-delay metric


class Detector(Protocol):
    name: str
    accepts: tuple[type, ...]

    def handle(self, key: str, item: Any, ctx: Context) -> None: ...

    def forget(self, key: str, ctx: Context) -> None:
        """Erase everything held about this account on its own key (account_deleted)."""
        ...
