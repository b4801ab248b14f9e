"""The decision ledger: turns findings into actions once per episode, and remembers what it decided.

One record per (subject, category), on the subject's own key. An episode starts with the first finding
and ends when the subject has been quiet for `episode_gap_ms` of event time; the episode number is part
of the action id, so re-deriving a decision (replay, restart, rebalance) gives the same id, and a second
burst a week later gives a new one. A stronger action within an episode is a new action that
`supersedes` the previous one.
"""

from __future__ import annotations

import msgspec

from pipeline.actions import Action, action_id
from pipeline.detectors.base import Finding
from pipeline.policy import ACTION_ORDER, Policy
from pipeline.state import Store

DAY_MS = 86_400_000


class Decision(msgspec.Struct):
    episode: int
    episode_start: int
    last_seen: int
    action: str | None = None  # strongest action emitted in this episode
    action_id: str | None = None
    verdict: str | None = None


class Ledger:
    STORE = "ledger"
    TTL_MS = 365 * DAY_MS  # episode numbers survive a year of silence; see README "Action ids"

    def __init__(self, store: Store[Decision], episode_gap_ms: int = 3 * DAY_MS) -> None:
        self.store = store
        self.episode_gap_ms = episode_gap_ms

    def decide(self, f: Finding, policy: Policy, model_version: str | None) -> Action | None:
        key = f"{f.subject_id}|{f.category}"
        d = self.store.get(key, f.ts)
        if d is None:
            d = Decision(episode=1, episode_start=f.ts, last_seen=f.ts)
        elif f.ts - d.last_seen > self.episode_gap_ms:
            d = Decision(episode=d.episode + 1, episode_start=f.ts, last_seen=f.ts)
        else:
            d.last_seen = max(d.last_seen, f.ts)
        emitted: Action | None = None
        choice = None if f.subject_id in policy.allowlist else policy.decide(f.category, f.score)
        if choice is not None:
            act, mode = choice
            if d.action is None or ACTION_ORDER.index(act) > ACTION_ORDER.index(d.action):
                new_id = action_id(f.subject_id, f.category, act, d.episode)
                emitted = Action(
                    action_id=new_id,
                    ts=f.ts,
                    subject_id=f.subject_id,
                    category=f.category,
                    action=act,
                    score=round(min(1.0, max(0.0, f.score)), 4),
                    mode=mode,
                    reasons=f.reasons,
                    evidence=f.evidence | {"episode": d.episode, "episode_start": d.episode_start},
                    detector=f.detector,
                    policy_version=policy.version,
                    model_version=model_version,
                    supersedes=d.action_id,
                )
                d.action, d.action_id = act, new_id
        self.store.put(key, d, f.ts)
        return emitted

    def record_verdict(self, subject_id: str, category: str, verdict: str, ts: int) -> Decision | None:
        """Attach a reviewer's verdict to the latest decision on (subject, category), if any."""
        key = f"{subject_id}|{category}"
        d = self.store.get(key, ts)
        if d is None:
            return None
        d.verdict = verdict
        self.store.put(key, d, max(ts, d.last_seen))
        return d

    def forget(self, subject_id: str, categories: tuple[str, ...]) -> None:
        for cat in categories:
            self.store.delete(f"{subject_id}|{cat}")
