"""Lockstep groups (CopyCatch / SynchroTrap): accounts that follow the same targets at the same time.

Why: a burst is seen on one target's key, but a farm serving a customer list makes the *same* accounts
follow the *same several* accounts within the same hour, which no single target can see. Comparing all
followers pairwise is quadratic; MinHash/LSH finds the groups incrementally, and the groups meet on
keys of their own, spread over partitions like any account.

Three places, three jobs:

1. **The follower's key** (`Follow`, actor = key). Follows by accounts that have shown life are only
   counted into a per-partition popularity sketch (`sketch.lsh.DecayedCountMin`): a target that many
   living accounts follow (a celebrity, a suggested account) is left out of every set, because following
   it together is not evidence. A lifeless account keeps its recent non-popular targets (24 h, at most
   32) with the time of the first follow of each. When that set changes and has at least two targets,
   its MinHash bands (8 bands x 2 rows, `sketch.lsh.minhash_pairs`) each name a pair of targets; every
   pair not sent before goes to the pair's key `lsh:pair:<hash>` as a `LockstepBand` (the member, the
   two targets, when it followed each). A pair rather than a band hash: the key then knows *which*
   targets its members share, so it can check *when* they followed them, and two bands that pick the
   same pair meet on one key instead of splitting a group.
2. **The pair's key.** It keeps the recent members (at most 64, 24 h). When at least `min_members`
   of them followed both targets within `SPAN_MS` of each other's times, that is a lockstep cluster: an
   episode starts and every member gets a `LockstepFlag` (cluster size, a sample of members, the two
   targets, the window). A member joining a running episode is flagged as it comes; members are never
   re-flagged in the same episode.
3. **The member's key** decides, like every decision about an account. Lockstep alone proves little: a
   sign-up wave following the same suggested accounts in its first minutes, or a community following its
   leaders after local news, is lockstep too. So the flag is kept as evidence (24 h): when the member is
   reported as a fake follower (`fake_follower.py`, which applies the depth-of-life and bystander rules),
   the finding carries the lockstep figures, and reason `lockstep_cluster` with a small score increase
   unless the cluster is a wave of new accounts. With `solo=True` a flag can also report on its own, for
   platforms where farms serve customer lists: only an account that has never shown life, has been watched
   for hours, is not new, was not browsing, in a cluster that is not a wave of new accounts. That is the
   case the burst detector is weakest on (it damps cohorts whose members follow several accounts in the
   same minutes, its counter-evidence for onboarding waves and news crowds). It is off by default: the
   simulator's farms deliver one customer per account, and on the dev streams a solo flag (observation
   rule relaxed to 1 h) reports exactly the multi-customer farm's members (301, 337 and 261 on dev-1,
   dev-2 and dev-day; at the default 6 h: 0, 0 and 90), every one of them already reported through its
   bursts, and nobody else. No recall to gain, so no risk taken; turn it on after measuring on traffic
   that has customer-list farms.

State (event-time TTLs, explicit deletes, bounded per key): `lockstep` one record per lifeless account
that followed a non-popular target in the last 24 h (<= 32 targets, 8 sent pair keys, 4 clusters of 50
sample ids), erased on `account_deleted`; `lockstep_bucket` one record per pair key (<= 64 members) for
24 h after its last member; `lockstep_pop` one popularity checkpoint per partition (64 KiB, rewritten every
15 minutes of event time, so a restart resumes it). Member ids held on pair keys expire with their TTL.

Cost (dev-1: 81,579 events, 34.7k follows): 10.5k pair records and 1.3k flags (+9% deliveries), about
12 us of Python per follow on the follower's key, 2.3 MB of the 15.5 MB of state; replay runs 8-16%
fewer events/s than without it.

Still weak: a flag that reaches a member *after* its burst report does not amend that report (the ledger
keeps one action per episode). On the dev streams the figures therefore only appear in the report of a
multi-customer farm's *second* delivery (the escalation it triggers), never in the first; popularity is
learnt per partition and starts empty (for `POP_MIN_TOTAL` living follows nothing counts as popular); a farm
that gives each account a different set of customers (J < 0.3) is mostly missed; sets of a single
non-popular target (the simulator's farms) are the burst detector's job and never reach a pair key.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from pipeline import events as ev
from pipeline.detectors.base import Finding
from pipeline.detectors.follower_features import (
    DAY_MS,
    HOUR_MS,
    LIFE_STORE,
    MINUTE_MS,
    SPREAD_MS,
    YOUNG_DAYS,
    FollowerLife,
)
from pipeline.engine import Context
from pipeline.sketch.lsh import DecayedCountMin, element_hash, minhash_pairs, pair_key

LOCK_STORE: Final = "lockstep"
BUCKET_STORE: Final = "lockstep_bucket"
POP_STORE: Final = "lockstep_pop"
WATCH_STORE: Final = "follower_watch"  # FakeFollowerDetector's: when this partition started watching
KEY_PREFIX: Final = "lsh:pair:"
WINDOW_MS: Final = 24 * HOUR_MS  # a member's set: non-popular targets followed in the last 24 h
SPAN_MS: Final = HOUR_MS  # lockstep: members followed each shared target within an hour of each other
MAX_SET: Final = 32
BUCKET_CAP: Final = 64
SAMPLE: Final = 50  # member ids carried by a flag and kept as evidence
CLUSTERS: Final = 4  # clusters remembered per member
POP_HL_MS: Final = 6 * HOUR_MS
POP_SHARE: Final = 1e-3  # popular: at least 0.1% of the living follows the partition sees
POP_MIN_TOTAL: Final = 200.0  # decayed living follows needed before anything counts as popular
CHECKPOINT_MS: Final = 15 * MINUTE_MS
BONUS: Final = 0.05  # added to a fake_follower score by a lockstep cluster of established accounts
WAVE_SHARE: Final = 0.5  # a cluster this young (share of accounts < YOUNG_DAYS) is a wave of new accounts


class ClusterSeen(msgspec.Struct, array_like=True):
    """A lockstep cluster this account was flagged in, as evidence."""

    bucket: str
    episode: int
    size: int
    members: list[str]
    targets: list[str]
    follow_ts: list[int]  # this member's follow of each target
    window_start: int
    window_end: int
    young_share: float
    ts: int


class LockstepSet(msgspec.Struct, array_like=True):
    """One account's recent non-popular follows, the pair keys it sent, and clusters it was flagged in."""

    follows: list[tuple[str, int, int]] = msgspec.field(default_factory=list)  # (target, ts, hash), by ts
    sent: list[int] = msgspec.field(default_factory=list)  # pair keys of its current bands
    clusters: list[ClusterSeen] = msgspec.field(default_factory=list)
    reported: int = 0  # ts of the last solo report (0: none)


class LockstepBand(msgspec.Struct, tag="lockstep_band", kw_only=True):
    """One MinHash band of a member's set: the pair of targets it names, sent to the pair's key."""

    event_id: str  # the follow's event id + the pair key: dedupes re-sends, distinct per band
    ts: int
    member: str
    a: str
    b: str
    ta: int  # when the member followed a
    tb: int
    young: bool  # the member's account is younger than YOUNG_DAYS


class LockstepFlag(msgspec.Struct, tag="lockstep_flag", kw_only=True):
    """A pair's key tells a member it is part of a lockstep cluster."""

    event_id: str  # bucket / episode / member
    ts: int
    bucket: str
    episode: int
    targets: list[str]
    follow_ts: list[int]
    cluster_size: int
    members: list[str]  # a sample, at most SAMPLE
    window_start: int
    window_end: int
    young_share: float


class Bucket(msgspec.Struct, array_like=True):
    """A pair key's recent members and its running episode."""

    a: str
    b: str
    members: list[tuple[str, int, int, bool, bool]] = msgspec.field(default_factory=list)
    # (member, ta, tb, young, flagged in the running episode)
    episode: int = 0  # ts of detection (0: none)
    window: list[int] = msgspec.field(default_factory=list)  # [lo_a, hi_a, lo_b, hi_b] of the episode
    size: int = 0  # members flagged in the episode
    young: int = 0  # of which young
    sample: list[str] = msgspec.field(default_factory=list)


class PopCheckpoint(msgspec.Struct):
    saved: int
    sketch: bytes


class _Pop:
    def __init__(self, sketch: DecayedCountMin, saved: int) -> None:
        self.sketch, self.saved = sketch, saved


def lockstep_evidence(ctx: Context, key: str) -> tuple[dict[str, Any] | None, float]:
    """The lockstep figures of an account for a fake_follower finding, and the score they add.

    (None, 0.0) without a cluster in the last 24 h. A cluster of established accounts adds `BONUS`; a wave
    of new accounts adds nothing (sign-ups following suggestions look exactly like that), though its
    figures are still shown.
    """
    store = ctx.scope.stores.get(LOCK_STORE)
    rec: LockstepSet | None = None if store is None else store.get(key, ctx.ts)
    evidence = None if rec is None else _evidence(rec, ctx.ts)
    if evidence is None:
        return None, 0.0
    return evidence, (BONUS if evidence["young_share"] < WAVE_SHARE else 0.0)


def _evidence(rec: LockstepSet, ts: int) -> dict[str, Any] | None:
    clusters = [c for c in rec.clusters if ts - c.ts <= WINDOW_MS]
    if not clusters:
        return None
    best = max(clusters, key=lambda c: (c.size, c.ts))
    targets = sorted({t for c in clusters for t in c.targets})
    return {
        "cluster_size": best.size,
        "members": list(best.members),
        "members_truncated": best.size > len(best.members),
        "shared_targets": targets[:16],
        "window_start": min(c.window_start for c in clusters),
        "window_end": max(c.window_end for c in clusters),
        "member_follow_ts": dict(zip(best.targets, best.follow_ts, strict=True)),
        "young_share": best.young_share,
        "clusters": len(clusters),
        "bucket": best.bucket,
    }


class LockstepDetector:
    name = "lockstep"
    category = "fake_follower"
    accepts = (ev.Follow, LockstepBand, LockstepFlag)
    derived_types = (LockstepBand, LockstepFlag)

    def __init__(
        self,
        min_members: int = 20,
        solo: bool = False,
        min_observed_h: float = 6.0,
        session_min: int = 2,
        pop_share: float = POP_SHARE,
    ) -> None:
        self.min_members = min_members
        self.solo = solo
        self.min_observed_h = min_observed_h
        self.session_min = session_min
        self.pop_share = pop_share
        self.stores = [
            (LOCK_STORE, LockstepSet, WINDOW_MS),
            (BUCKET_STORE, Bucket, WINDOW_MS + SPAN_MS),
            (POP_STORE, PopCheckpoint, 30 * DAY_MS),
        ]

    def handle(self, key: str, item: Any, ctx: Context) -> None:
        if isinstance(item, ev.Follow):
            self._follow(key, item, ctx)
        elif isinstance(item, LockstepBand):
            self._band(key, item, ctx)
        else:
            self._flagged(key, item, ctx)

    # ----- the follower's key -----------------------------------------------------------------------
    def _follow(self, key: str, item: ev.Follow, ctx: Context) -> None:
        target = item.target_id
        if target == key:
            return
        ts = ctx.ts
        x = element_hash(target)
        pop = self._pop(ctx)
        life_store = ctx.scope.stores.get(LIFE_STORE)
        life: FollowerLife | None = life_store.get(key, ts) if life_store is not None else None
        if life is not None and life.alive:
            pop.sketch.add(x, ts)  # popularity: follows by accounts that show life
            if ts - pop.saved >= CHECKPOINT_MS:
                pop.saved = ts
                ctx.store(POP_STORE).put("sketch", PopCheckpoint(ts, pop.sketch.to_bytes()), ts)
            return  # a living account is never a lockstep suspect
        if self.popular(pop.sketch, x, ts):
            return
        store = ctx.store(LOCK_STORE)
        rec: LockstepSet = store.get(key, ts) or LockstepSet()
        horizon = ts - WINDOW_MS
        follows = [f for f in rec.follows if f[1] >= horizon]
        changed = len(follows) < len(rec.follows)
        for k, f in enumerate(follows):
            if f[0] == target:
                if ts < f[1]:  # a late event: the earlier follow is the one that counts
                    follows[k] = (target, ts, x)
                    changed = True
                break
        else:
            follows.append((target, ts, x))
            changed = True
        if not changed:
            return
        follows.sort(key=lambda f: f[1])
        follows = follows[-MAX_SET:]
        rec.follows = follows
        if len(follows) >= 2:
            rec.sent = self._send(key, item, follows, rec.sent, ctx)
        store.put(key, rec, max(ts, follows[-1][1]))

    def _send(
        self, key: str, item: ev.Follow, follows: list[tuple[str, int, int]], sent: list[int], ctx: Context
    ) -> list[int]:
        """Forward each band's pair not sent before; returns the pair keys of the current bands."""
        xs = [f[2] for f in follows]
        keys: list[int] = []
        young: bool | None = None
        for i, j in dict.fromkeys((i, j) if i < j else (j, i) for i, j in minhash_pairs(xs)):
            pk = pair_key(xs[i], xs[j])
            keys.append(pk)
            if pk in sent:
                continue
            if young is None:
                profile = ctx.profile()
                young = profile is not None and ctx.ts - profile.created_at < YOUNG_DAYS * DAY_MS
            (a, ta, _), (b, tb, _) = follows[i], follows[j]
            band = LockstepBand(
                event_id=f"{item.event_id}#{pk:016x}",
                ts=ctx.ts,
                member=key,
                a=a,
                b=b,
                ta=ta,
                tb=tb,
                young=young,
            )
            ctx.forward(f"{KEY_PREFIX}{pk:016x}", band)
        return keys

    def popular(self, sketch: DecayedCountMin, x: int, ts: int) -> bool:
        """Followed by a large share of the living accounts' recent follows (once enough are counted)."""
        return sketch.share(x, ts) >= self.pop_share and sketch.decayed_total(ts) >= POP_MIN_TOTAL

    @staticmethod
    def _pop(ctx: Context) -> _Pop:
        """The partition's popularity sketch, from its last checkpoint after a restart."""
        pop: _Pop | None = ctx.scope.locals.get(POP_STORE)
        if pop is None:
            rec: PopCheckpoint | None = ctx.store(POP_STORE).get("sketch", ctx.ts)
            if rec is None:
                pop = _Pop(DecayedCountMin(POP_HL_MS), ctx.ts)
            else:
                pop = _Pop(DecayedCountMin.from_bytes(rec.sketch), rec.saved)
            ctx.scope.locals[POP_STORE] = pop
        return pop

    # ----- the pair's key ---------------------------------------------------------------------------
    def _band(self, key: str, item: LockstepBand, ctx: Context) -> None:
        ts = ctx.ts
        store = ctx.store(BUCKET_STORE)
        st: Bucket = store.get(key, ts) or Bucket(a=item.a, b=item.b)
        if item.a == st.a and item.b == st.b:
            ta, tb = item.ta, item.tb
        elif item.a == st.b and item.b == st.a:
            ta, tb = item.tb, item.ta
        else:
            return  # two pairs with one 64-bit key: vanishingly rare, and not a cluster
        horizon = ts - WINDOW_MS
        old = next((m for m in st.members if m[0] == item.member), None)
        flagged = old is not None and old[4]
        members = [m for m in st.members if max(m[1], m[2]) >= horizon and m[0] != item.member]
        members.append((item.member, ta, tb, item.young, flagged))
        if len(members) > BUCKET_CAP:
            members.remove(min(members, key=lambda m: max(m[1], m[2])))
        st.members = members
        if flagged or members[-1][0] != item.member:
            store.put(key, st, max(ts, ta, tb))
            return  # already told in this episode, or too old to keep
        if st.episode:
            lo_a, hi_a, lo_b, hi_b = st.window
            fits = lo_a - SPAN_MS <= ta <= hi_a + SPAN_MS and lo_b - SPAN_MS <= tb <= hi_b + SPAN_MS
            wide = max(hi_a, ta) - min(lo_a, ta) > WINDOW_MS or max(hi_b, tb) - min(lo_b, tb) > WINDOW_MS
            if fits and not wide:
                st.window = [min(lo_a, ta), max(hi_a, ta), min(lo_b, tb), max(hi_b, tb)]
                self._join(st, len(members) - 1)
                ctx.forward(item.member, self._flag(key, st, item.member, ta, tb, ctx.ts))
            elif ts - max(hi_a, hi_b) > SPAN_MS:
                self._end(st)  # the episode is over: this member may start the next one
        if not st.episode:
            near = [
                k for k, m in enumerate(members) if abs(m[1] - ta) <= SPAN_MS and abs(m[2] - tb) <= SPAN_MS
            ]
            if len(near) >= self.min_members:
                self._detect(key, st, near, ctx)
        store.put(key, st, max(ts, ta, tb))

    def _detect(self, key: str, st: Bucket, near: list[int], ctx: Context) -> None:
        """A cluster: the members near the newcomer's times start an episode and are all told."""
        ms = [st.members[k] for k in near]
        st.episode = ctx.ts
        st.window = [
            min(m[1] for m in ms),
            max(m[1] for m in ms),
            min(m[2] for m in ms),
            max(m[2] for m in ms),
        ]
        for k in near:
            self._join(st, k)
        for member, ta, tb, _, _ in ms:
            ctx.forward(member, self._flag(key, st, member, ta, tb, ctx.ts))

    @staticmethod
    def _join(st: Bucket, k: int) -> None:
        member, ta, tb, young, _ = st.members[k]
        st.members[k] = (member, ta, tb, young, True)
        st.size += 1
        st.young += young
        if len(st.sample) < SAMPLE:
            st.sample.append(member)

    @staticmethod
    def _end(st: Bucket) -> None:
        st.episode, st.window, st.size, st.young, st.sample = 0, [], 0, 0, []
        st.members = [(m[0], m[1], m[2], m[3], False) for m in st.members]

    @staticmethod
    def _flag(key: str, st: Bucket, member: str, ta: int, tb: int, ts: int) -> LockstepFlag:
        lo_a, hi_a, lo_b, hi_b = st.window
        return LockstepFlag(
            event_id=f"{key}/{st.episode}/{member}",
            ts=ts,
            bucket=key,
            episode=st.episode,
            targets=[st.a, st.b],
            follow_ts=[ta, tb],
            cluster_size=st.size,
            members=list(st.sample),
            window_start=min(lo_a, lo_b),
            window_end=max(hi_a, hi_b),
            young_share=round(st.young / st.size, 3),
        )

    # ----- the member's key -------------------------------------------------------------------------
    def _flagged(self, key: str, flag: LockstepFlag, ctx: Context) -> None:
        ts = ctx.ts
        store = ctx.store(LOCK_STORE)
        rec: LockstepSet = store.get(key, ts) or LockstepSet()
        if any(c.bucket == flag.bucket and c.episode == flag.episode for c in rec.clusters):
            return
        seen = ClusterSeen(
            bucket=flag.bucket,
            episode=flag.episode,
            size=flag.cluster_size,
            members=flag.members,
            targets=flag.targets,
            follow_ts=flag.follow_ts,
            window_start=flag.window_start,
            window_end=flag.window_end,
            young_share=flag.young_share,
            ts=ts,
        )
        rec.clusters = [c for c in rec.clusters if ts - c.ts <= WINDOW_MS][-(CLUSTERS - 1) :] + [seen]
        if self.solo:
            self._decide(key, rec, flag, ctx)
        store.put(key, rec, ts)

    def _decide(self, key: str, rec: LockstepSet, flag: LockstepFlag, ctx: Context) -> None:
        """Lockstep on its own (`solo`): only lifeless, watched, established, non-browsing members."""
        ts = ctx.ts
        if rec.reported and ts - rec.reported <= WINDOW_MS:
            return
        if flag.young_share >= WAVE_SHARE:
            return  # a wave of new accounts (sign-ups following suggestions): not evidence alone
        life_store = ctx.scope.stores.get(LIFE_STORE)
        life: FollowerLife | None = life_store.get(key, ts) if life_store is not None else None
        if life is None or life.alive:
            return
        first = min(flag.follow_ts)
        profile = ctx.profile()
        if profile is not None and first - profile.created_at < YOUNG_DAYS * DAY_MS:
            return  # a new account: onboarding looks exactly like this
        watch = ctx.scope.stores.get(WATCH_STORE)
        start = watch.get("start", ts) if watch is not None else None
        since = max(profile.created_at if profile else 0, start.ts if start is not None else life.first_ts)
        observed_h = (first - since) / HOUR_MS
        if observed_h < self.min_observed_h:
            return  # not watched long enough for "no life" to mean anything
        # browsing: other accounts followed around the shared follows; targets the group shares (over all
        # its pairs seen so far: each later flag re-asks) are the delivery, not browsing
        shared = {t for c in rec.clusters for t in c.targets}
        recent = [*life.recent, *((f[0], f[1]) for f in rec.follows)]
        browsing = max(
            len({t for t, when in recent if t not in shared and abs(when - ft) <= SPREAD_MS})
            for ft in flag.follow_ts
        )
        if browsing >= self.session_min:
            return  # the shared follows were part of a browsing session
        rec.reported = ts
        evidence = _evidence(rec, ts) or {}
        score = 0.6 + 0.2 * min(1.0, (flag.cluster_size - self.min_members) / self.min_members)
        ctx.report(
            Finding(
                subject_id=key,
                category=self.category,
                score=round(min(1.0, score), 4),
                reasons=["lockstep_cluster", "no_depth_of_life"],
                evidence={
                    "lockstep": evidence,
                    "lockstep_cluster_size": evidence.get("cluster_size", flag.cluster_size),
                    "observed_hours": round(observed_h, 1),
                    "follows_made": life.follows,
                    "messages_sent": life.msgs,
                    "requests_sent": life.requests,
                    "followed_by_living": life.followed_by,
                    "account_age_days": round((ts - profile.created_at) / DAY_MS, 1) if profile else None,
                },
                detector=self.name,
                ts=ts,
                first_evidence_ts=min(first, ts),
            )
        )

    def forget(self, key: str, ctx: Context) -> None:
        ctx.store(LOCK_STORE).delete(key)
