"""Who a follower is, computed on the follower's own key, and the records that carry it to the target.

Every follow is delivered to the follower's key, together with everything else the follower does: the
messages they send, the connection requests they send and the answers to them, and (forwarded from other
keys) the follows they receive. That is where "depth of life" is known. `FollowFeatures` is the follow
joined with the follower's profile and life at follow time, forwarded to the *target's* key, where the
burst detector aggregates a cohort; `CohortFlag` travels back from a flagged target to each cohort member.

Life (`FollowerLife.alive`): the account has sent a message, sent a connection request, had one of its
requests accepted, or been followed by an account that itself has life. Real people do these things;
farm accounts mostly only follow (and bot rings that follow each other do not lend each other life).
How long we have *watched* an account (`observed_h`) says how much its lack of life means: nothing for a
sign-up of five minutes ago, a lot for an old account we have watched for days.

State bound: one `FollowerLife` per account active within `LIFE_TTL_MS` of event time (refreshed by the
account's own activity), with at most `RECENT` recent follows and `COHORTS` cohort targets in it. Once an
account has life, its counters stop being exact: further messages only rewrite the record every
`REFRESH_MS` (to keep its TTL), which is all the decisions need and spares a write per message.
"""

from __future__ import annotations

from typing import Final

import msgspec

from pipeline import events as ev
from pipeline.sketch.namescore import CRUDE, name_randomness

MINUTE_MS: Final = 60_000
HOUR_MS: Final = 3_600_000
DAY_MS: Final = 86_400_000
LIFE_STORE: Final = "follower_life"
LIFE_TTL_MS: Final = 30 * DAY_MS
RECENT: Final = 8  # recent follows kept per account (fan-out and lockstep)
RECENT_MS: Final = 2 * HOUR_MS
SPREAD_MS: Final = 30 * MINUTE_MS  # "followed other accounts just before": an exploring member
COHORTS: Final = 8
REFRESH_MS: Final = 6 * HOUR_MS
YOUNG_DAYS: Final = 7.0
# A follow this soon after the follower's account was created is part of signing up (the platform's
# "follow your school, your company" step): the account has had no time to show life yet.
SIGNING_UP_DAYS: Final = 15 * MINUTE_MS / DAY_MS


class FollowerLife(msgspec.Struct, array_like=True):
    """Depth of life of one account, on its own key."""

    first_ts: int  # first event seen at this key
    msgs: int = 0  # messages sent
    requests: int = 0  # connection requests sent
    accepted: int = 0  # own requests accepted by the other side
    followed_by: int = 0  # follows received from accounts that have life themselves
    follows: int = 0  # follows made
    recent: list[tuple[str, int]] = msgspec.field(default_factory=list)  # (target, ts), newest last
    cohorts: list[str] = msgspec.field(default_factory=list)  # flagged targets whose cohort it was in
    reported: int = 0  # ts of the last fake_follower finding about it (0: none)
    touched: int = 0  # ts of the last write: a living account's record is rewritten at most every REFRESH_MS

    @property
    def alive(self) -> bool:
        return (self.msgs + self.requests + self.accepted + self.followed_by) > 0


class FollowFeatures(msgspec.Struct, tag="follow_features", kw_only=True):
    """A follow joined with its follower's profile and life, sent to the target's key."""

    event_id: str  # the follow's event id (dedupes re-sends)
    ts: int
    follower: str
    target: str
    profile: bool  # the follower's profile is known
    age_days: float  # account age at follow time (-1: unknown profile)
    photo: bool
    has_bio: bool
    name_score: float  # username randomness 0..1
    created_6h: int  # creation-batch bucket: created_at // 6 h (-1: unknown)
    alive: bool
    observed_h: float  # how long this account has been observable: since max(created_at, watch start)
    spread: int  # other accounts it followed in the SPREAD_MS before this follow
    follows: int  # follows it made within LIFE_TTL_MS (its own follow rate)

    @property
    def crude(self) -> bool:
        return self.name_score >= CRUDE

    @property
    def bare(self) -> bool:
        return self.profile and not self.photo and not self.has_bio

    @property
    def young(self) -> bool:
        return 0.0 <= self.age_days < YOUNG_DAYS

    @property
    def signing_up(self) -> bool:
        return 0.0 <= self.age_days < SIGNING_UP_DAYS


class CohortFlag(msgspec.Struct, tag="cohort_flag", kw_only=True):
    """A flagged burst target tells a cohort member it was part of the burst."""

    event_id: str  # the member's follow event id
    ts: int  # event time of the decision that flags the member (the burst finding, or a later follow)
    follow_ts: int  # event time of the member's follow
    target: str
    spread: int  # other accounts the member had followed in the SPREAD_MS before its follow
    young_share: float  # share of the cohort's known profiles younger than YOUNG_DAYS
    score: float  # the burst finding's score
    cohort: int  # cohort size at flagging
    reasons: list[str]
    # share of the cohort (slow window) that was following several other accounts in the same minutes:
    # in an old, lifeless cohort where a tenth or more "browse" together, browsing is the farm's cover
    spread_share: float = 0.0


def touch(life: FollowerLife | None, ts: int) -> FollowerLife:
    return FollowerLife(first_ts=ts) if life is None else life


def record_follow(life: FollowerLife, target: str, ts: int) -> int:
    """Add a follow to the account's recent list; return how many *other* accounts it followed just before."""
    spread = len({t for t, when in life.recent if t != target and ts - SPREAD_MS <= when <= ts})
    recent = [(t, when) for t, when in life.recent if when >= ts - RECENT_MS and t != target]
    recent.append((target, ts))
    recent.sort(key=lambda x: x[1])  # order-insensitive: a late follow lands where it belongs
    life.recent = recent[-RECENT:]
    life.follows += 1
    return spread


def follow_features(
    item: ev.Follow, profile: ev.Profile | None, life: FollowerLife, spread: int, watch_start: int
) -> FollowFeatures:
    """The record for the target's key: no profile text, only figures derived from it."""
    ts = item.ts
    if profile is None:
        age, photo, bio, name, batch = -1.0, False, False, 0.0, -1
        since = watch_start  # never saw it created while watching: it existed before we started
    else:
        created = profile.created_at
        age = max(0.0, (ts - created) / DAY_MS)
        photo, bio = profile.has_photo, bool(profile.bio.strip())
        name = name_randomness(profile.username)
        batch = created // (6 * HOUR_MS)
        since = max(created, watch_start)
    return FollowFeatures(
        event_id=item.event_id,
        ts=ts,
        follower=item.actor_id,
        target=item.target_id,
        profile=profile is not None,
        age_days=age,
        photo=photo,
        has_bio=bio,
        name_score=name,
        created_6h=batch,
        alive=life.alive,
        observed_h=max(0.0, (ts - since) / HOUR_MS),
        spread=spread,
        follows=life.follows,
    )
