"""Moderation actions as the contract defines them, and their deterministic ids.

An action id is a pure function of the decision (subject, category, action, episode), so a replay, a
restarted worker or a rebalanced partition re-deriving the same decision gets the same id and every
consumer can dedupe on it.

>>> action_id("u1", "fake_follower", "review", 1) == action_id("u1", "fake_follower", "review", 1)
True
>>> action_id("u1", "fake_follower", "review", 1) != action_id("u1", "fake_follower", "review", 2)
True
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

import msgspec


class Action(msgspec.Struct, omit_defaults=True):
    action_id: str
    ts: int
    subject_id: str
    category: str
    action: str
    score: float
    mode: str
    reasons: list[str]
    evidence: dict[str, Any]
    detector: str | None = None
    policy_version: str | None = None
    model_version: str | None = None
    supersedes: str | None = None


def action_id(subject_id: str, category: str, action: str, episode: int) -> str:
    digest = hashlib.sha256(f"{subject_id}\x1f{category}\x1f{action}\x1f{episode}".encode()).hexdigest()
    return f"act_{digest[:32]}"


_enc: Final = msgspec.json.Encoder()
_dec: Final = msgspec.json.Decoder(Action)


def encode_action(action: Action) -> bytes:
    return _enc.encode(action)


def decode_action(raw: bytes) -> Action:
    return _dec.decode(raw)
