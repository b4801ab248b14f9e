"""Bot-follower bursts: an account suddenly followed by a cohort of fake accounts, judged on its own key.

Every follow reaches the target's key as a `FollowFeatures` record (the follow joined, on the follower's
key, with who the follower is and how much life it has shown: see `follower_features`). The target keeps
decayed aggregates of its followers over a fast (10 min) and a slow (2 h half-life) window and asks:

* **Is this a burst?** The follow rate against the target's own history. *fast*: volume in the fast
  window and the MIDAS-R destination score of this very follow (`sketch.midas`, one sketch per partition,
  one-minute ticks), for sudden bursts. *slow*: the slow window's rate against a robust baseline of the
  account's normal rate (follows that come while the account is already far above normal count a tenth,
  so a drip cannot become "normal" in hours). *sustained*: volume only, when there is no history to
  compare with (just started watching, or a drip older than our history): every composition test is
  then asked for twice the evidence. Viral posts, local news and sign-up waves are bursts too: this is
  only a gate.
* **Who is in the cohort?** Three routes, each needing a minimum of evidence:
  - *lifeless*: an old account we have watched for hours and that never messaged, requested or got
    followed by a living account is unremarkable alone (many members are quiet), but a cohort where
    almost nobody shows life when many should is not a crowd of people. The null model (river, below)
    gives each follower's probability of having shown life; the living followers seen are tested
    against half the expected number (crowds drawn evenly from the membership are quieter than the
    average follower): Poisson p <= 1e-3 scores 0.5, 1e-4 scores 1. This is the route that catches farms
    whose profiles are perfect.
  - *crude*: a share of machine-made handles (`sketch.namescore`) no real crowd has.
  - *batch*: many followers (older than a week) created in the same six hours.
  Counter-evidence scales the score down: followers with life, and followers that were following
  several other accounts in the same minutes (a sign-up wave exploring suggestions, a community reacting
  to news: lockstep that is not a farm). A follow within `SIGNING_UP_DAYS` (15 min) of the follower's account
  creation is part of signing up (an intake following its school in the sign-up flow): that account has had no
  time to show life, so it is left out of the lifeless test (its figure: `signing_up_share`).

An episode is the run of lifeless follows coming far faster than the account's normal: at detection the
burst is reported (the policy quarantines the cohort: member ids, capped, and the count are in the
evidence) and every lifeless follower of the run so far (walked back through the log until a pause the
run would not make) gets a `CohortFlag` on its own key, where `FakeFollowerDetector` decides about it;
later lifeless followers are flagged as they come, until a pause or a change of composition ends it.

river: `linear_model.LogisticRegression` is the per-partition null model P(follower has shown life |
log observed hours, new account, no profile, bare profile), learned online from a deterministic 1-in-4
sample of follows to accounts that are not in an episode (lifeless ones only when the account does not
look suspicious), starting from a pessimistic prior (nobody is expected to show life) so an untrained
model cannot make a cohort look lifeless. It replaces a hand-set "members show life at rate X per
hour", which would be wrong on any platform less chatty than the one it was set on.

State bound (all TTLs in event time): `follower_burst` holds one record of fixed size per followed
account, 7 days after its last follow; `follower_burst_log` holds lifeless followers of each account
outside episodes, in 5-minute buckets of at most `LOG_CAP`, for `LOG_TTL_MS`; `follower_burst_model`
holds one checkpoint per partition (the MIDAS sketch and the river model, ~270 KB, rewritten every
`CHECKPOINT_MS`). The MIDAS sketch itself is fixed-size (3 x 2 x 2719 counters).

Still weak: an intake of real sign-ups (a university's new students, a company's new hires) used to be
flagged as a lifeless young cohort (blind gen2 and gen3 streams); it is now told apart only by its
members following within minutes of signing up. A farm that creates accounts and follows with them at
once would pass the lifeless test the same way, and only crude handles would still catch it (the
creation-batch route looks at accounts older than a week); the platform's sign-up source (an invitation
link, an e-mail domain) would separate the two, and is not in the contract.
"""

from __future__ import annotations

import json
import math
import zlib
from typing import Any, Final

import msgspec
from river import linear_model, optim

from pipeline.detectors.base import Finding
from pipeline.detectors.follower_features import DAY_MS, HOUR_MS, MINUTE_MS, CohortFlag, FollowFeatures
from pipeline.engine import Context
from pipeline.sketch.midas import MidasR

STATE_STORE: Final = "follower_burst"
LOG_STORE: Final = "follower_burst_log"
MODEL_STORE: Final = "follower_burst_model"
STATE_TTL_MS: Final = 7 * DAY_MS
LOG_BUCKET_MS: Final = 5 * MINUTE_MS
LOG_CAP: Final = 500
LOOKBACK_MS: Final = 6 * HOUR_MS
LOG_TTL_MS: Final = LOOKBACK_MS + HOUR_MS
CHECKPOINT_MS: Final = 15 * MINUTE_MS
GAP_MIN_MS: Final = 5 * MINUTE_MS
QUIET: Final = 0.5  # a crowd may be this much quieter than the average follower and still be people
FAST_HL: Final = 10 * MINUTE_MS
SLOW_HL: Final = 2 * HOUR_MS
BASE_WARMUP_MS: Final = HOUR_MS  # before this much watching, no rate history: the baseline just tracks
BASE_HL: Final = 2 * DAY_MS
BASE_FLOOR: Final = 0.5  # follows per hour: below this, any few follows would look like a burst
BATCHES: Final = 6
COHORT_IDS: Final = 200


class Window(msgspec.Struct, array_like=True):
    """Decayed sums over a target's recent followers (one half-life)."""

    t: int = 0
    n: float = 0.0
    prof: float = 0.0  # follower profile known
    crude: float = 0.0  # machine-made handle
    bare: float = 0.0  # no photo, empty bio
    young: float = 0.0  # account younger than a week
    alive: float = 0.0  # had shown life
    expect: float = 0.0  # living followers expected under the null model
    spread: float = 0.0  # was following several other accounts in the same minutes
    old: float = 0.0  # profile known and older than a week (denominator of the batch share)
    onboard: float = 0.0  # followed while signing up (left out of alive/expect: no time to show life)

    def add(self, f: FollowFeatures, p_alive: float, ts: int, half_life: int) -> None:
        if ts >= self.t:
            d = math.exp2((self.t - ts) / half_life)
            self.n *= d
            self.prof *= d
            self.crude *= d
            self.bare *= d
            self.young *= d
            self.alive *= d
            self.expect *= d
            self.spread *= d
            self.old *= d
            self.onboard *= d
            self.t, w = ts, 1.0
        else:  # late: added with the decay it would have had, so arrival order does not matter
            w = math.exp2((ts - self.t) / half_life)
        self.n += w
        if f.profile:
            self.prof += w
            self.crude += w * f.crude
            self.bare += w * f.bare
            self.young += w * f.young
            self.old += w * (not f.young)
        if f.signing_up:
            self.onboard += w
        else:
            self.alive += w * f.alive
            self.expect += w * p_alive
        self.spread += w * (f.spread >= 2)

    @property
    def spread_share(self) -> float:
        return self.spread / self.n if self.n else 0.0

    def decayed(self, ts: int, half_life: int) -> float:
        return self.n * math.exp2(min(0, self.t - ts) / half_life)


class TargetBurst(msgspec.Struct, array_like=True):
    fast: Window = msgspec.field(default_factory=Window)
    slow: Window = msgspec.field(default_factory=Window)
    since: int = 0  # first follow seen (or the partition's watch start, if earlier)
    base_t: int = 0
    base_n: float = 0.0  # the account's normal follows (decayed, BASE_HL), see _base
    base_h: float = 0.0  # hours watched (decayed the same way)
    batches: list[tuple[int, float, int]] = msgspec.field(default_factory=list)  # (bucket, count, t)
    last_lifeless: int = 0  # ts of the latest follow by a lifeless account
    episode: int = 0  # detection ts of the current episode (0: none)
    score: float = 0.0  # the episode's burst score
    reasons: list[str] = msgspec.field(default_factory=list)
    flagged: int = 0  # cohort members flagged in the episode
    buckets: list[int] = msgspec.field(default_factory=list)  # log buckets in use


class CohortLog(msgspec.Struct, array_like=True):
    # (follower, follow ts, follow event id, follower's spread)
    members: list[tuple[str, int, str, int]] = msgspec.field(default_factory=list)


class Checkpoint(msgspec.Struct):
    epoch: int
    saved: int
    midas: bytes
    null: bytes


class NullModel:
    """river logistic regression: P(an ordinary follower has shown life | how long we watched it)."""

    def __init__(self) -> None:
        self.lr = linear_model.LogisticRegression(
            optimizer=optim.SGD(0.05), intercept_init=-4.0, intercept_lr=0.05, l2=0.0
        )

    @staticmethod
    def features(f: FollowFeatures) -> dict[str, float]:
        return {
            "log_obs": math.log1p(f.observed_h) / 3.0,
            "young": float(f.young),
            "no_profile": float(not f.profile),
            "bare": float(f.bare),
        }

    def p_alive(self, x: dict[str, float]) -> float:
        """`predict_proba_one`, computed from the model's weights directly (5x cheaper per follow)."""
        w = self.lr._weights
        z = self.lr.intercept + sum(w.get(k, 0.0) * v for k, v in x.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def learn(self, x: dict[str, float], alive: bool) -> None:
        self.lr.learn_one(x, alive)

    def to_bytes(self) -> bytes:
        """Weights and intercept as JSON: a checkpoint read back from a changelog can never run code."""
        return json.dumps({"weights": dict(self.lr._weights), "intercept": self.lr.intercept}).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> NullModel:
        d = json.loads(raw)
        m = cls()
        m.lr._weights.update({k: float(v) for k, v in d["weights"].items()})
        m.lr.intercept = float(d["intercept"])
        return m


class _Models:
    """The partition's MIDAS sketch and null model, with the event time they were last saved."""

    def __init__(self, epoch: int, midas: MidasR, null: NullModel, saved: int) -> None:
        self.epoch, self.midas, self.null, self.saved = epoch, midas, null, saved


def poisson_cdf(k: float, lam: float) -> float:
    """P(K <= round(k)) for K ~ Poisson(lam): how surprising so few living followers are."""
    n = int(k + 0.5)
    if lam <= 0.0 or n >= lam:
        return 1.0
    term = total = math.exp(-lam)
    for i in range(1, n + 1):
        term *= lam / i
        total += term
    return min(1.0, total)


def _clamp(x: float) -> float:
    return 0.0 if x <= 0.0 else 1.0 if x >= 1.0 else x


class FollowerBurstDetector:
    name = "follower_burst"
    category = "bot_follower_burst"
    accepts = (FollowFeatures,)
    derived_types = (FollowFeatures, CohortFlag)

    def __init__(
        self,
        threshold: float = 0.5,
        min_fast: float = 8.0,
        min_slow: float = 12.0,
        midas_min: float = 30.0,
        ratio_min: float = 3.0,
        min_crude: float = 4.0,
    ) -> None:
        self.threshold = threshold
        self.min_fast, self.min_slow = min_fast, min_slow
        self.midas_min, self.ratio_min = midas_min, ratio_min
        self.min_crude = min_crude
        self.stores = [
            (STATE_STORE, TargetBurst, STATE_TTL_MS),
            (LOG_STORE, CohortLog, LOG_TTL_MS),
            (MODEL_STORE, Checkpoint, 30 * DAY_MS),
        ]

    # ----- per follow -------------------------------------------------------------------------------
    def handle(self, key: str, item: Any, ctx: Context) -> None:
        f: FollowFeatures = item
        ts = ctx.ts
        models = self._models(ctx)
        store = ctx.store(STATE_STORE)
        st: TargetBurst | None = store.get(key, ts)
        if st is None:
            st = TargetBurst(since=max(models.epoch, ts - STATE_TTL_MS))
        tick = max(1, (ts - models.epoch) // MINUTE_MS + 1)
        dst = models.midas.score_parts(f.follower, key, tick)[2]
        x = NullModel.features(f)
        p_alive = models.null.p_alive(x)
        st.fast.add(f, p_alive, ts, FAST_HL)
        st.slow.add(f, p_alive, ts, SLOW_HL)
        self._base(st, ts)
        if f.profile and not f.young and f.created_6h >= 0:
            self._batch(st, f.created_6h, ts)
        if f.alive:
            if st.episode == 0 and zlib.crc32(f.event_id.encode()) & 3 == 0:
                models.null.learn(x, True)
        else:
            self._lifeless(key, st, f, dst, x, models, ctx)
        store.put(key, st, ts)
        if ts - models.saved >= CHECKPOINT_MS:
            self._checkpoint(models, ts, ctx)

    def _lifeless(
        self,
        key: str,
        st: TargetBurst,
        f: FollowFeatures,
        dst: float,
        x: dict[str, float],
        models: _Models,
        ctx: Context,
    ) -> None:
        """A follow by an account without life: part of a running burst, the start of one, or nothing."""
        ts = ctx.ts
        gap = max(0, f.ts - st.last_lifeless)
        st.last_lifeless = max(st.last_lifeless, f.ts)
        if st.episode:
            # the episode is the run of lifeless follows coming far faster than this account's normal
            if (
                gap <= self._max_gap(st.slow, ts, SLOW_HL, 3.0)
                and self._composition(st.slow, st) >= self.threshold / 2
            ):
                st.flagged += 1
                ctx.forward(f.follower, self._flag(key, st, f.follower, f.ts, f.event_id, f.spread, ts))
                return
            st.episode = 0
        self._log(key, st, f, ts, ctx)  # not during an episode: its members are flagged as they come
        score, _, _, window = self.evaluate(st, ts, dst)
        if score < 0.3:
            if zlib.crc32(f.event_id.encode()) & 3 == 0:
                models.null.learn(x, False)  # the null model learns from crowds that look ordinary
            return
        if score >= self.threshold and gap <= self._max_gap(
            window, ts, FAST_HL if window is st.fast else SLOW_HL, 3.0
        ):
            score, parts, figures, _ = self.evaluate(st, ts, dst, detail=True)
            self._detect(key, st, score, parts, figures, ctx)

    def _max_gap(self, w: Window, ts: int, half_life: int, factor: float) -> float:
        """How long a pause between lifeless follows still belongs to the run (`factor` mean gaps)."""
        lifeless_n = max(1e-9, w.decayed(ts, half_life) - w.alive * math.exp2(min(0, w.t - ts) / half_life))
        mean_gap = half_life / math.log(2) / lifeless_n
        return max(GAP_MIN_MS, factor * mean_gap)

    def evaluate(
        self, st: TargetBurst, ts: int, dst: float, detail: bool = False
    ) -> tuple[float, list[str], dict[str, Any], Window]:
        """Burst gate times the strongest composition route, scaled down by counter-evidence.

        Gates: *fast* (volume in the fast window and this follow's MIDAS-R destination score), *slow* (the
        slow window's rate against the target's own history) and *sustained* (volume only, for a drip that
        began before our history did: the composition must then be overwhelming). Reasons and figures are
        only assembled with `detail` (for a finding), not on every follow.
        """
        fast_n = st.fast.decayed(ts, FAST_HL)
        slow_n = st.slow.decayed(ts, SLOW_HL)
        if fast_n < self.min_fast and slow_n < self.min_slow:
            return 0.0, [], {}, st.slow  # too few follows to be a burst of anything (most accounts)
        ratio = self._slow_rate(st, ts) / self._base_rate(st)
        routes = []
        if fast_n >= self.min_fast and dst >= self.midas_min:
            routes.append(("fast_burst", st.fast, False))
        if slow_n >= self.min_slow:
            # the rate can only be compared with a history we have: before that, a drip needs strict evidence
            rated = ts - st.since >= BASE_WARMUP_MS and ratio >= self.ratio_min
            routes.append(("slow_burst", st.slow, False) if rated else ("sustained", st.slow, True))
        best, label, window, strict = 0.0, "", st.slow, False
        for name, w, strict_ in routes:
            score = self._composition(w, st if w is st.slow else None, strict_)
            if score > best:
                best, label, window, strict = score, name, w, strict_
        if not detail or not label:
            return best, [], {}, window
        why, figures = self._explain(window, st if window is st.slow else None, strict)
        figures.update(
            {
                "follows_fast_decayed": round(fast_n, 1),
                "follows_slow_decayed": round(slow_n, 1),
                "rate_vs_history": round(ratio, 2),
                "midas_r_score": round(dst, 1),
            }
        )
        return best, [label, *why], figures, window

    def _routes(self, w: Window, st: TargetBurst | None, strict: bool) -> tuple[float, float, float, float]:
        """Route scores (random usernames, lifeless cohort, creation batch) and the counter-evidence damping;
        `strict` asks for twice the evidence."""
        k = 2.0 if strict else 1.0
        crude_share = w.crude / w.prof if w.prof > 0 else 0.0
        crude = _clamp((crude_share - 0.2 * k) / 0.2) if w.crude >= self.min_crude * k else 0.0
        # lifeless: the living followers observed against the null model's expectation. A crowd drawn
        # evenly from the membership is quieter than the average follower the model learns from, so the
        # test is against QUIET x expected; -log10 p of seeing so few living followers, 3 (4 strict) = 0.5
        p_low = poisson_cdf(w.alive, QUIET * w.expect)
        lifeless = _clamp((-math.log10(max(p_low, 1e-300)) - 1.0 - k) / 2.0)
        batch = 0.0
        if st is not None and st.batches and w.old > 0:
            top = self._top_batch(st, w.t)
            batch = _clamp((top / w.old - 0.25 * k) / 0.25) if top >= 6 * k else 0.0
        alive_share = w.alive / w.n if w.n else 0.0
        damp = _clamp(1 - 2.5 * max(0.0, alive_share - 0.1)) * _clamp(
            1 - 2.5 * max(0.0, w.spread_share - 0.15)
        )
        return crude, lifeless, batch, damp

    def _composition(self, w: Window, st: TargetBurst | None, strict: bool = False) -> float:
        crude, lifeless, batch, damp = self._routes(w, st, strict)
        return max(crude, lifeless, batch) * damp

    @staticmethod
    def _top_batch(st: TargetBurst, t: int) -> float:
        return max(c * math.exp2(min(0, tb - t) / SLOW_HL) for _, c, tb in st.batches)

    def _explain(self, w: Window, st: TargetBurst | None, strict: bool) -> tuple[list[str], dict[str, Any]]:
        crude, lifeless, batch, _ = self._routes(w, st, strict)
        names = ("random_usernames", "lifeless_cohort", "creation_batch")
        why = [r for r, v in zip(names, (crude, lifeless, batch), strict=True) if v >= 0.5]
        if w.bare / max(w.prof, 1e-9) >= 0.6:
            why.append("bare_profiles")
        top = self._top_batch(st, w.t) if st is not None and st.batches else 0.0
        figures = {
            "random_username_share": round(w.crude / w.prof, 3) if w.prof else None,
            "bare_profile_share": round(w.bare / w.prof, 3) if w.prof else None,
            "young_share": round(w.young / w.prof, 3) if w.prof else None,
            "living_followers": round(w.alive, 1),
            "living_expected": round(w.expect, 1),
            "living_p_value": float(f"{poisson_cdf(w.alive, QUIET * w.expect):.3g}"),
            "spreading_share": round(w.spread_share, 3) if w.n else None,
            "signing_up_share": round(w.onboard / w.n, 3) if w.n else None,
            "creation_batch_share": round(top / w.old, 3) if w.old and top else None,
        }
        return why, figures

    # ----- state helpers ----------------------------------------------------------------------------
    @staticmethod
    def _slow_rate(st: TargetBurst, ts: int) -> float:
        """Follows per hour in the slow window, corrected for a window longer than what we have watched."""
        watched = max(10 * MINUTE_MS, ts - st.since)
        span_h = SLOW_HL / HOUR_MS / math.log(2) * (1.0 - math.exp2(-watched / SLOW_HL))
        return st.slow.decayed(ts, SLOW_HL) / span_h

    def _base(self, st: TargetBurst, ts: int) -> None:
        """The normal rate, as decayed follows over decayed hours watched.

        A follow that comes while the recent (fast window) rate is already far above normal counts a tenth:
        a burst leaks into "normal" only over days, so a drip stays a drip against the rate from before it.
        """
        if st.base_t == 0:
            st.base_t = st.since
        if ts > st.base_t:
            d = math.exp2((st.base_t - ts) / BASE_HL)
            st.base_n *= d
            st.base_h = st.base_h * d + BASE_HL / HOUR_MS / math.log(2) * (1.0 - d)
            st.base_t = ts
        fast_n = st.fast.decayed(ts, FAST_HL)
        fast_rate = fast_n / (FAST_HL / HOUR_MS / math.log(2))
        normal = ts - st.since < BASE_WARMUP_MS or fast_n < 2.0 or fast_rate <= 3.0 * self._base_rate(st)
        st.base_n += math.exp2(min(0, ts - st.base_t) / BASE_HL) * (1.0 if normal else 0.1)

    @staticmethod
    def _base_rate(st: TargetBurst) -> float:
        return max(BASE_FLOOR, (st.base_n + 0.5) / (st.base_h + 0.25))

    def _batch(self, st: TargetBurst, bucket: int, ts: int) -> None:
        """Top-k creation buckets with decayed counts (space-saving: a new bucket evicts the smallest)."""
        rows = [(b, c * math.exp2(min(0, t - ts) / SLOW_HL), max(t, ts)) for b, c, t in st.batches]
        for i, (b, c, t) in enumerate(rows):
            if b == bucket:
                rows[i] = (b, c + 1.0, t)
                break
        else:
            if len(rows) < BATCHES:
                rows.append((bucket, 1.0, ts))
            else:
                i = min(range(len(rows)), key=lambda j: rows[j][1])
                rows[i] = (bucket, rows[i][1] + 1.0, ts)
        st.batches = rows

    def _log(self, key: str, st: TargetBurst, f: FollowFeatures, ts: int, ctx: Context) -> None:
        bucket = f.ts // LOG_BUCKET_MS
        store = ctx.store(LOG_STORE)
        lk = f"{key}|{bucket}"
        log: CohortLog = store.get(lk, ts) or CohortLog()
        if len(log.members) >= LOG_CAP:
            return
        log.members.append((f.follower, f.ts, f.event_id, f.spread))
        store.put(lk, log, max(ts, f.ts))
        if bucket not in st.buckets:
            horizon = (ts - LOG_TTL_MS) // LOG_BUCKET_MS
            st.buckets = [b for b in st.buckets if b >= horizon] + [bucket]

    def _cohort(self, key: str, st: TargetBurst, ts: int, ctx: Context) -> list[tuple[str, int, str, int]]:
        """The run of lifeless followers leading up to now: back until a pause the burst would not make."""
        store = ctx.store(LOG_STORE)
        rows: list[tuple[str, int, str, int]] = []
        for b in st.buckets:
            log = store.get(f"{key}|{b}", ts)
            if log is not None:
                rows.extend(m for m in log.members if m[1] >= ts - LOOKBACK_MS)
        rows.sort(key=lambda m: m[1], reverse=True)
        max_gap = self._max_gap(st.slow, ts, SLOW_HL, 6.0)
        seen: set[str] = set()
        out: list[tuple[str, int, str, int]] = []
        prev = ts
        for m in rows:
            if prev - m[1] > max_gap:
                break
            prev = m[1]
            if m[0] not in seen:
                seen.add(m[0])
                out.append(m)
        out.reverse()
        return out

    # ----- decisions --------------------------------------------------------------------------------
    def _detect(
        self, key: str, st: TargetBurst, score: float, parts: list[str], figures: dict[str, Any], ctx: Context
    ) -> None:
        ts = ctx.ts
        st.episode, st.score, st.reasons = ts, round(0.5 + 0.5 * score, 4), parts
        cohort = self._cohort(key, st, ts, ctx)
        st.flagged = len(cohort)
        for follower, fts, eid, spread in cohort:
            ctx.forward(follower, self._flag(key, st, follower, fts, eid, spread, ts))
        ctx.report(
            Finding(
                subject_id=key,
                category=self.category,
                score=st.score,
                reasons=parts,
                evidence={
                    **figures,
                    "cohort_size": len(cohort),
                    "cohort_member_ids": [m[0] for m in cohort[:COHORT_IDS]],
                    "cohort_truncated": len(cohort) > COHORT_IDS,
                    "sample_event_ids": [m[2] for m in cohort[:5]],
                },
                detector=self.name,
                ts=ts,
                first_evidence_ts=min((m[1] for m in cohort), default=ts),
            )
        )

    def _flag(
        self, key: str, st: TargetBurst, follower: str, fts: int, eid: str, spread: int, ts: int
    ) -> CohortFlag:
        return CohortFlag(
            event_id=eid,
            ts=ts,
            follow_ts=fts,
            target=key,
            spread=spread,
            young_share=round(st.slow.young / st.slow.prof, 3) if st.slow.prof else 0.5,
            score=st.score,
            cohort=st.flagged,
            reasons=st.reasons,
            spread_share=round(st.slow.spread_share, 3),
        )

    # ----- partition models -------------------------------------------------------------------------
    def _models(self, ctx: Context) -> _Models:
        def load() -> _Models:
            rec: Checkpoint | None = ctx.store(MODEL_STORE).get("ckpt", ctx.ts)
            if rec is None:
                return _Models(ctx.ts, MidasR(), NullModel(), ctx.ts)
            return _Models(rec.epoch, MidasR.from_bytes(rec.midas), NullModel.from_bytes(rec.null), rec.saved)

        return ctx.local(MODEL_STORE, load)

    def _checkpoint(self, models: _Models, ts: int, ctx: Context) -> None:
        """Periodic, not per event: the sketch is ~260 KB; a restart loses at most CHECKPOINT_MS of it."""
        models.saved = ts
        rec = Checkpoint(models.epoch, ts, models.midas.to_bytes(), models.null.to_bytes())
        ctx.store(MODEL_STORE).put("ckpt", rec, ts)

    def forget(self, key: str, ctx: Context) -> None:
        store = ctx.store(STATE_STORE)
        st: TargetBurst | None = store.get(key, ctx.ts)
        if st is not None:
            for b in st.buckets:
                ctx.store(LOG_STORE).delete(f"{key}|{b}")
        store.delete(key)
