"""The decision ledger: turns findings into actions once per episode, and remembers what it decided.

One record per (subject, category), on the subject's own key. An episode starts with the first finding
and ends when the subject has been quiet for `episode_gap_ms` of event time; the episode number is part
of the action id, so re-deriving a decision (replay, restart, rebalance) gives the same id, and a second
burst a week later gives a new one. A stronger action within an episode is a new action that
`supersedes` the previous one.

The enforcement cap counts enforce-mode actions per minute of event time in the scope's own store, so
it survives restarts and a replay gives the same result every time. In the worker each partition has
its own share of the cap (see README "Policy").
"""

from __future__ import annotations

import msgspec

from pipeline.actions import Action, action_id
from pipeline.detectors.base import Finding
from pipeline.events import Verdict
from pipeline.policy import ACTION_ORDER, Policy
from pipeline.state import Store

DAY_MS = 86_400_000
MINUTE_MS = 60_000


class Decision(msgspec.Struct):
    episode: int
    episode_start: int
    last_seen: int
    action: str | None = None  # strongest action emitted in this episode
    action_id: str | None = None  # id of that action: what an escalation supersedes
    emitted: list[str] = msgspec.field(default_factory=list)  # every action emitted in this episode
    mode: str = "shadow"  # mode of the latest action (a revert uses it too)
    features: dict[str, float] = msgspec.field(default_factory=dict)  # what the verdict model learns from
    verdict: str | None = None


class CapCount(msgspec.Struct, array_like=True):
    n: int


class Ledger:
    STORE = "ledger"
    CAP_STORE = "enforce_cap"
    TTL_MS = 365 * DAY_MS  # episode numbers survive a year of silence; see README "Action ids"

    def __init__(
        self,
        store: Store[Decision],
        cap_store: Store[CapCount],
        episode_gap_ms: int = 3 * DAY_MS,
        cap_share: float = 1.0,
    ) -> None:
        self.store = store
        self.cap_store = cap_store
        self.episode_gap_ms = episode_gap_ms
        self.cap_share = cap_share  # this scope's share of the global cap (1.0 in replay)

    def decide(
        self, f: Finding, policy: Policy, model_version: str | None, features: dict[str, float] | None = None
    ) -> list[Action]:
        key = f"{f.subject_id}|{f.category}"
        d = self.store.get(key, f.ts)
        if d is None:
            d = Decision(episode=1, episode_start=f.ts, last_seen=f.ts)
        elif f.ts - d.last_seen > self.episode_gap_ms:
            d = Decision(episode=d.episode + 1, episode_start=f.ts, last_seen=f.ts)
        else:
            d.last_seen = max(d.last_seen, f.ts)
        choices = [] if f.subject_id in policy.allowlist else policy.decide(f.category, f.score)
        out: list[Action] = []
        prior, prior_id = d.action, d.action_id  # what this episode had before this finding
        for act, mode in choices:
            reasons = f.reasons
            if mode == "enforce" and not self._within_cap(policy, f.ts):
                act, reasons = "review", [*f.reasons, "enforcement_cap_reached"]
            if act in d.emitted:
                continue
            if prior is not None and ACTION_ORDER.index(act) < ACTION_ORDER.index(prior):
                continue  # weaker than what this episode already got
            escalates = prior is not None and ACTION_ORDER.index(act) > ACTION_ORDER.index(prior)
            new_id = action_id(f.subject_id, f.category, act, d.episode)
            out.append(
                Action(
                    action_id=new_id,
                    ts=f.ts,
                    subject_id=f.subject_id,
                    category=f.category,
                    action=act,
                    score=round(min(1.0, max(0.0, f.score)), 4),
                    mode=mode,
                    reasons=reasons,
                    evidence=f.evidence | {"episode": d.episode, "episode_start": d.episode_start},
                    detector=f.detector,
                    policy_version=policy.version,
                    model_version=model_version,
                    supersedes=prior_id if escalates else None,
                )
            )
            d.emitted = [*d.emitted, act]
            d.mode, d.features = mode, features or {}
            if d.action is None or ACTION_ORDER.index(act) > ACTION_ORDER.index(d.action):
                d.action, d.action_id = act, new_id
        self.store.put(key, d, f.ts)
        return out

    def _within_cap(self, policy: Policy, ts: int) -> bool:
        if policy.enforce_cap_per_minute <= 0:
            return True
        limit = max(1, int(policy.enforce_cap_per_minute * self.cap_share))
        minute = str(ts // MINUTE_MS)
        c = self.cap_store.get(minute, ts)
        n = 0 if c is None else c.n
        if n >= limit:
            return False
        self.cap_store.put(minute, CapCount(n + 1), ts)
        return True

    def record_verdict(
        self, v: Verdict, policy: Policy, model_version: str | None
    ) -> tuple[Decision | None, Action | None]:
        """Attach a verdict to the latest decision on (subject, category); an overturn reverts it."""
        key = f"{v.subject_id}|{v.category}"
        d = self.store.get(key, v.ts)
        if d is None or d.action_id is None:
            return None, None
        d.verdict = v.verdict
        revert = None
        if v.verdict == "overturned" and "revert" not in d.emitted:
            revert = Action(
                action_id=action_id(v.subject_id, v.category, "revert", d.episode),
                ts=v.ts,
                subject_id=v.subject_id,
                category=v.category,
                action="revert",
                score=0.0,
                mode=d.mode,
                reasons=["reviewer_overturned"],
                evidence={"verdict_event_id": v.event_id, "reviewer": v.reviewer, "episode": d.episode},
                detector="reviewer",
                policy_version=policy.version,
                model_version=model_version,
                supersedes=d.action_id,
            )
            d.emitted = [*d.emitted, "revert"]
        self.store.put(key, d, max(v.ts, d.last_seen))
        return d, revert

    def forget(self, subject_id: str, categories: tuple[str, ...]) -> None:
        for cat in categories:
            self.store.delete(f"{subject_id}|{cat}")
