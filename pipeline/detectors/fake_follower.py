"""Fake followers: the accounts behind a bot-follower burst, decided on each account's own key.

Two jobs on the follower's key (see `follower_features` for the features and the records):

1. Keep the account's depth of life (messages and connection requests it sends, acceptances of its
   requests, follows it receives from living accounts) and, for every follow it makes, forward a
   `FollowFeatures` record to the followed account's key, where `FollowerBurstDetector` judges cohorts.
2. When a flagged burst target sends back a `CohortFlag`, decide about this member. Bystanders (real
   people who happened to follow during the burst) are left alone: an account that has shown life; one
   whose follow of the target was one of several follows to different accounts within half an hour (a
   browsing session, not a delivery, unless a tenth or more of an old cohort browse alike: a farm's
   cover follows); a new account in a cohort of old ones or the reverse (a farm
   delivers accounts of a kind); a new account that has been exploring (several other follows). Any
   other member is reported as `fake_follower`, with the burst, the cohorts it was part of (several
   cohorts: a farm serving several customers) and its own figures.

Why the decision needs the cohort: a sophisticated farm account's profile is indistinguishable from a
member's and its behaviour alone (a few follows, no messages) is that of many quiet members. What gives
it away is being one of hundreds of lifeless accounts following the same account at once, which only the
target's key can see. Farm accounts that only made camouflage follows are never reported here.

State: `follower_life` (one small record per account active in the last 30 days of event time, refreshed
by its activity, deleted on `account_deleted`) and `follower_watch` (one record per partition: when this
partition started watching, so that "no life yet" can be weighed by how long we have been looking).
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from pipeline import events as ev
from pipeline.detectors.base import Finding
from pipeline.detectors.follower_features import (
    COHORTS,
    DAY_MS,
    LIFE_STORE,
    LIFE_TTL_MS,
    REFRESH_MS,
    SPREAD_MS,
    YOUNG_DAYS,
    CohortFlag,
    FollowerLife,
    FollowFeatures,
    follow_features,
    record_follow,
    touch,
)
from pipeline.detectors.lockstep import lockstep_evidence
from pipeline.engine import Context
from pipeline.sketch.namescore import CRUDE, name_randomness

WATCH_STORE: Final = "follower_watch"


class WatchStart(msgspec.Struct, array_like=True):
    ts: int


class FakeFollowerDetector:
    name = "fake_follower"
    category = "fake_follower"
    accepts = (ev.Follow, ev.MessageSent, ev.ConnectRequest, ev.ConnectAccept, FollowFeatures, CohortFlag)
    derived_types = (FollowFeatures, CohortFlag)

    def __init__(self, base_score: float = 0.6, session_min: int = 2, explorer_min: int = 3) -> None:
        self.base_score = base_score
        self.session_min = session_min
        self.explorer_min = explorer_min
        self.stores = [
            (LIFE_STORE, FollowerLife, LIFE_TTL_MS),
            (WATCH_STORE, WatchStart, 400 * DAY_MS),
        ]

    def handle(self, key: str, item: Any, ctx: Context) -> None:
        if isinstance(item, FollowFeatures) and (not item.alive or item.follower == key):
            return  # lifeless followers (bot rings following each other) lend no life
        store = ctx.store(LIFE_STORE)
        ts = ctx.ts
        life: FollowerLife | None = store.get(key, ts)
        if isinstance(item, ev.Follow):
            if item.target_id == key:
                return
            life = touch(life, ts)
            spread = record_follow(life, item.target_id, ts)
            life.touched = max(life.touched, ts)
            store.put(key, life, ts)
            ctx.forward(item.target_id, follow_features(item, ctx.profile(), life, spread, self._watch(ctx)))
            return
        if isinstance(item, CohortFlag):
            self._flagged(key, item, life, ctx)
            return
        if life is not None and life.alive and ts - life.touched < REFRESH_MS:
            return  # already known to be alive, and its TTL was refreshed recently
        life = touch(life, ts)
        if isinstance(item, FollowFeatures):  # this account was followed by a living account
            life.followed_by += 1
        elif isinstance(item, ev.MessageSent):
            life.msgs += 1
        elif isinstance(item, ev.ConnectRequest):
            life.requests += 1
        else:  # ConnectAccept, delivered to the original sender: this account's request was accepted
            life.accepted += 1
        life.touched = max(life.touched, ts)
        store.put(key, life, ts)

    def _watch(self, ctx: Context) -> int:
        """When this partition started watching (persisted once, so a restart does not reset it)."""

        def load() -> list[int]:
            store = ctx.store(WATCH_STORE)
            rec = store.get("start", ctx.ts)
            if rec is None:
                rec = WatchStart(ctx.ts)
                store.put("start", rec, ctx.ts)
            return [rec.ts]

        return ctx.local(WATCH_STORE, load)[0]

    def _flagged(self, key: str, flag: CohortFlag, life: FollowerLife | None, ctx: Context) -> None:
        ts = ctx.ts
        life = touch(life, ts)
        if life.alive:
            return  # a person who followed during the burst: not a farm account
        profile = ctx.profile()
        if max(flag.spread, self.session(life, flag, ts)) >= self.session_min and not self.cover(
            profile, flag
        ):
            return  # the follow was one of many to different accounts in a browsing session
        if profile is not None and self.misfit(profile, flag):
            return  # a new member in a cohort of old accounts (or the reverse): not the farm's delivery
        young = profile is not None and _young(profile, flag)
        if young and life.follows - 1 - len(life.cohorts) >= self.explorer_min:
            return  # a new member exploring the platform (several other follows), not a delivery account
        if flag.target in life.cohorts:
            return
        life.cohorts = [*life.cohorts, flag.target][-COHORTS:]
        life.reported = max(life.reported, ts)
        ctx.store(LIFE_STORE).put(key, life, ts)
        name = name_randomness(profile.username) if profile is not None else None
        cohorts = len(life.cohorts)
        score = self.base_score + 0.25 * flag.score + 0.1 * min(1.0, (cohorts - 1) / 2)
        score += 0.05 if name is not None and name >= CRUDE else 0.0
        reasons = ["member_of_flagged_burst", "no_depth_of_life"]
        if cohorts > 1:
            reasons.append("several_burst_cohorts")
        if name is not None and name >= CRUDE:
            reasons.append("random_username")
        lockstep, bonus = lockstep_evidence(ctx, key)  # followed the same targets as a group (lockstep.py)
        if bonus:
            score += bonus
            reasons.append("lockstep_cluster")
        ctx.report(
            Finding(
                subject_id=key,
                category=self.category,
                score=round(min(1.0, score), 4),
                reasons=reasons,
                evidence={
                    "burst_target": flag.target,
                    "burst_score": flag.score,
                    "burst_reasons": flag.reasons,
                    "cohort_size": flag.cohort,
                    "cohorts": list(life.cohorts),
                    "follows_made": life.follows,
                    "messages_sent": life.msgs,
                    "requests_sent": life.requests,
                    "followed_by_living": life.followed_by,
                    "account_age_days": round((ts - profile.created_at) / DAY_MS, 1) if profile else None,
                    "has_photo": profile.has_photo if profile else None,
                    "username_randomness": round(name, 3) if name is not None else None,
                    "sample_event_ids": [flag.event_id],
                }
                | (
                    {"lockstep": lockstep, "lockstep_cluster_size": lockstep["cluster_size"]}
                    if lockstep
                    else {}
                ),
                detector=self.name,
                ts=ts,
                first_evidence_ts=min(flag.follow_ts, ts),
            )
        )

    @staticmethod
    def misfit(profile: ev.Profile, flag: CohortFlag) -> bool:
        """A farm delivers accounts of a kind: a minority age class in a homogeneous cohort is a bystander."""
        young = _young(profile, flag)
        return flag.young_share <= 0.1 if young else flag.young_share >= 0.9

    @staticmethod
    def cover(profile: ev.Profile | None, flag: CohortFlag) -> bool:
        """Is browsing the farm's cover here? An old member of an old cohort (young share <= 0.1) in which a
        tenth or more were following other accounts in the same minutes: bystanders browsing during a
        burst are a few, a sophisticated farm's accounts each add cover follows. Sign-up waves are
        young and viral crowds are not flagged bursts, so neither reaches this."""
        if profile is None or _young(profile, flag):
            return False
        return flag.young_share <= 0.1 and flag.spread_share >= 0.1

    @staticmethod
    def session(life: FollowerLife, flag: CohortFlag, now: int) -> int:
        """Other accounts this one followed within SPREAD_MS either side of its follow of the target.

        Only follows up to the flag's own event time count: the worker delivers the flag later than
        replay does, and what the member did after the flag was raised must not change the decision.
        """
        lo, hi = flag.follow_ts - SPREAD_MS, min(flag.follow_ts + SPREAD_MS, now)
        return len({t for t, when in life.recent if t != flag.target and lo <= when <= hi})

    def forget(self, key: str, ctx: Context) -> None:
        ctx.store(LIFE_STORE).delete(key)


def _young(profile: ev.Profile, flag: CohortFlag) -> bool:
    """Was the member younger than YOUNG_DAYS when it followed the target (the cohort's age classes)?"""
    return flag.follow_ts - profile.created_at < YOUNG_DAYS * DAY_MS
