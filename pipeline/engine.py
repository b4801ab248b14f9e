"""The engine: decoded items in, moderation actions out. It knows nothing about Kafka.

Work is keyed. Every platform event is delivered to its home key (`events.home_key`), where the engine
drops duplicates, counts lateness, keeps profiles, forgets deleted accounts and runs the detectors that
accept the item. Detectors may forward derived records to other keys (a follow enriched with the
follower's profile goes to the target), and a finding about an account on another key travels there, to
the one ledger that decides for that account. A runner only has to deliver `(key, item)` pairs: replay
does it with a local queue, the Faust worker through a repartition topic keyed the same way.

A `Scope` is the state one runner partition owns: its stores (over any `KV` backend), its watermark and
its expiry sweep. Replay has one; the worker has one per assigned partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from pipeline import events as ev
from pipeline.actions import Action
from pipeline.detectors.base import Detector, Finding
from pipeline.learning import MODEL_KEY_PREFIX, Example, ModelRegistry, Observation, features_of
from pipeline.ledger import DAY_MS, CapCount, Decision, Ledger
from pipeline.policy import Policy
from pipeline.state import KV, Store

MINUTE_MS: Final = 60_000


@dataclass(frozen=True)
class EngineSettings:
    lateness_ms: int = 10 * MINUTE_MS  # the contract's usual arrival bound
    clock_jump_ms: int = 6 * 60 * MINUTE_MS  # a ts further away than this needs a block's vote (`EventClock`)
    dedupe_ttl_ms: int = 60 * MINUTE_MS  # duplicates are dropped while their id is remembered
    profile_ttl_ms: int = 400 * DAY_MS
    deleted_ttl_ms: int = 30 * DAY_MS  # deleted ids kept (ids only) so late events about them are ignored
    episode_gap_ms: int = 3 * DAY_MS
    sweep_every: int = 4096  # items between expiry sweeps


class EventClock:
    """A stream's event time: the newest ts seen, except that a ts more than `jump_ms` away from it moves
    it only when most of a block of events agree.

    One producer with a broken clock (a valid ts a year ahead) must not age out every key's state, mark
    every later event late, or fire every timer. A real jump (a gap in a replay file, a worker back from a
    long outage) is every producer at once: when most of a block of `BLOCK` events are far ahead, the clock
    follows them. A clock that started from a bad first event (a fresh scope after a restart sees one event
    first, whatever it is) is brought back the same way, by a block whose events are mostly far behind it;
    a block is shorter than the engine's sweep interval, so no state is aged out on the wrong clock.

    >>> c = EventClock(jump_ms=1_000)
    >>> [c.see(t) for t in (5_000, 5_500, 10**12, 5_900)]
    [5000, 5500, 5500, 5900]
    >>> [c.see(t) for t in range(90_000, 90_000 + EventClock.BLOCK)][-1]  # a real jump: a block agrees
    90255
    >>> c = EventClock(jump_ms=1_000)
    >>> [c.see(t) for t in (10**12, *range(5_000, 5_000 + EventClock.BLOCK))][-1]  # a bad first event
    5255
    """

    BLOCK: Final = 256  # events per vote; a far-away majority of one block moves the clock

    __slots__ = ("now", "jump_ms", "n", "ahead", "ahead_min", "behind", "behind_max")

    def __init__(self, jump_ms: int) -> None:
        self.now = 0
        self.jump_ms = jump_ms
        self.n = self.ahead = self.ahead_min = self.behind = self.behind_max = 0

    def see(self, ts: int) -> int:
        now = self.now
        if not now:
            self.now = ts
            return ts
        if ts > now + self.jump_ms:
            self.ahead += 1
            if self.ahead == 1 or ts < self.ahead_min:
                self.ahead_min = ts
        elif ts < now - self.jump_ms:
            self.behind += 1
            if ts > self.behind_max:
                self.behind_max = ts
        elif ts > now:
            self.now = ts
        self.n += 1
        if self.n >= self.BLOCK:
            self._vote()
        return self.now

    def _vote(self) -> None:
        half = self.n // 2
        if self.ahead > half:
            self.now = max(self.now, self.ahead_min)  # the stream moved on
        elif self.behind > half:
            self.now = self.behind_max  # the clock was wrong: the stream is back there
        self.n = self.ahead = self.ahead_min = self.behind = self.behind_max = 0

    def clamp(self, ts: int) -> int:
        """The time to judge an item at `ts` by: the clock for an item a little behind it, the item's own
        ts for one far behind it (the clock may be the wrong one), never far ahead of the clock.

        >>> c = EventClock(jump_ms=1_000); c.now = 10_000
        >>> c.clamp(9_500), c.clamp(10_400), c.clamp(10**12), c.clamp(2_000)
        (10000, 10400, 11000, 2000)
        """
        now = self.now
        if not now or ts < now - self.jump_ms:
            return ts
        return min(max(ts, now), now + self.jump_ms)


class ProfileRecord(msgspec.Struct):
    profile: ev.Profile
    ts: int
    event_id: str


class Seen(msgspec.Struct, array_like=True):
    ts: int


class Deleted(msgspec.Struct, array_like=True):
    ts: int


class Outcome:
    """What one delivery produced. Reused per scope: valid until the scope's next delivery."""

    __slots__ = (
        "status",
        "late",
        "actions",
        "forwards",
        "first_evidence",
        "model_updates",
        "verdicts",
        "held",
    )

    def __init__(self) -> None:
        self.status = "processed"  # processed | duplicate | ignored
        self.late = False
        self.actions: list[Action] = []
        self.forwards: list[tuple[str, Any]] = []
        self.first_evidence: list[int] = []  # per action, for the detection-delay metric
        self.model_updates: list[bytes] = []  # model snapshots to publish to every runner
        self.verdicts: list[tuple[str, bool]] = []  # (category, confirmed): rolling precision
        self.held = 0  # findings the verdict model held back

    def reset(self) -> Outcome:
        self.status, self.late, self.held = "processed", False, 0
        self.actions.clear()
        self.forwards.clear()
        self.first_evidence.clear()
        self.model_updates.clear()
        self.verdicts.clear()
        return self


class Scope:
    """One partition's state: stores over a backend, the watermark, the sweep."""

    def __init__(self, engine: Engine, kv: KV, cap_share: float = 1.0) -> None:
        s = engine.settings
        self.kv = kv
        self.watermark = 0
        self.clock = EventClock(engine.settings.clock_jump_ms)
        self.stores: dict[str, Store[Any]] = {}
        self.seen: Store[Seen] = self._add(Store(kv, "seen", Seen, s.dedupe_ttl_ms))
        self.profiles: Store[ProfileRecord] = self._add(Store(kv, "profile", ProfileRecord, s.profile_ttl_ms))
        self.deleted: Store[Deleted] = self._add(Store(kv, "deleted", Deleted, s.deleted_ttl_ms))
        self.ledger = Ledger(
            self._add(Store(kv, Ledger.STORE, Decision, Ledger.TTL_MS)),
            self._add(Store(kv, Ledger.CAP_STORE, CapCount, 60 * MINUTE_MS)),
            s.episode_gap_ms,
            cap_share,
        )
        for det in engine.detectors:
            for name, vtype, ttl in getattr(det, "stores", ()):
                self._add(Store(kv, name, vtype, ttl))
        self.locals: dict[str, Any] = {}  # per-partition in-memory structures (sketches), see Context.local
        self.detectors = engine.detectors
        self.outcome = Outcome()
        self.context = Context(self)
        self._since_sweep = 0

    def _add(self, store: Store[Any]) -> Store[Any]:
        self.stores[store.prefix[:-1]] = store
        return store

    def sweep(self) -> int:
        return sum(store.expire(self.watermark) for store in self.stores.values())

    def rebuild(self, items: Iterable[tuple[str, bytes]]) -> int:
        """After a restore: expiry indexes, and whatever detectors keep in memory only (`restore`)."""
        pairs = list(items)
        n = sum(store.rebuild_index(pairs) for store in self.stores.values())
        for det in self.detectors:
            restore = getattr(det, "restore", None)
            if restore is not None:
                restore(pairs, self.context)
        return n


class Context:
    """What a detector may touch while handling one item: its key's state, the profile, report, forward."""

    __slots__ = ("scope", "key", "ts", "_findings", "_forwards")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.key = ""
        self.ts = 0
        self._findings: list[Finding] = []
        self._forwards: list[tuple[str, Any]] = []

    def store(self, name: str) -> Store[Any]:
        return self.scope.stores[name]

    def local(self, name: str, factory: Any) -> Any:
        """A per-partition in-memory object (e.g. a count-min sketch), created on first use.

        It is not in the changelog: a detector that needs it to survive a restart checkpoints it into a
        store itself, periodically rather than per event.
        """
        obj = self.scope.locals.get(name)
        if obj is None:
            obj = self.scope.locals[name] = factory()
        return obj

    def profile(self) -> ev.Profile | None:
        """The profile of the account this key belongs to (only that one lives on this partition)."""
        rec = self.scope.profiles.get(self.key, self.ts)
        return None if rec is None else rec.profile

    @property
    def watermark(self) -> int:
        return self.scope.watermark

    @property
    def now(self) -> int:
        """The stream's time for this item (`EventClock.clamp`): the watermark for an item a little late,
        never further ahead of it than the clock allows (a broken producer's ts cannot age a key's state
        out)."""
        return self.scope.clock.clamp(self.ts)

    def report(self, finding: Finding) -> None:
        self._findings.append(finding)

    def forward(self, key: str, item: Any) -> None:
        self._forwards.append((key, item))


class Engine:
    """Plain-Python core shared by the replay runner and the Faust worker."""

    def __init__(
        self,
        detectors: Iterable[Detector] | None = None,
        settings: EngineSettings | None = None,
        policy: Policy | None = None,
        model_version: str | None = None,
    ) -> None:
        from pipeline.detectors import default_detectors

        self.settings = settings or EngineSettings()
        self.detectors: list[Detector] = list(default_detectors() if detectors is None else detectors)
        self.policy = policy or Policy.default()
        self.model_version = model_version
        self.models = ModelRegistry()
        self._routes: dict[type, list[Detector]] = {}
        for det in self.detectors:
            for t in det.accepts:
                self._routes.setdefault(t, []).append(det)
        derived = {t for det in self.detectors for t in getattr(det, "derived_types", ())}
        self.item_types: tuple[type, ...] = (
            *ev.EVENT_TYPES.values(),
            Finding,
            Example,
            Observation,
            *sorted(derived, key=str),
        )

    def open_scope(self, kv: KV, cap_share: float = 1.0) -> Scope:
        """State for one runner partition; `cap_share` is its share of the policy's enforcement cap."""
        return Scope(self, kv, cap_share)

    def deliver(self, scope: Scope, key: str, item: Any) -> Outcome:
        """Process one item on its key; the outcome says what to emit and where to forward."""
        out = scope.outcome.reset()
        ts: int = item.ts
        platform = isinstance(item, ev.EVENT_CLASSES)
        if platform:  # a derived item carries its source's ts, which has moved the clock already
            scope.watermark = scope.clock.see(ts)
        if ts < scope.watermark - self.settings.lateness_ms:
            out.late = True
        seen_key = item.event_id if platform else _derived_id(item)
        if scope.seen.get(seen_key, ts) is not None:
            out.status = "duplicate"
            return out
        scope.seen.put(seen_key, Seen(ts), ts)
        if scope.deleted.get(key, ts) is not None:
            out.status = "ignored"  # about an account that was erased: act on it no more
            return out
        ctx = scope.context
        ctx.key, ctx.ts = key, ts
        if isinstance(item, Finding):
            ctx._findings.append(item)
        elif isinstance(item, Example):
            model = self.models.model(item.category)
            model.learn(item.features, item.confirmed)
            out.model_updates.append(model.to_bytes())
            return out
        elif isinstance(item, Observation):
            snapshot = self.models.observe(item.category, item.features)
            if snapshot is not None:
                out.model_updates.append(snapshot)
            return out
        elif isinstance(item, ev.ProfileUpdated | ev.AccountCreated):
            self._keep_profile(scope, item)
        elif isinstance(item, ev.AccountDeleted):
            self._forget(scope, key, ts)
            return out
        elif isinstance(item, ev.Verdict):
            self._verdict(scope, item, out)
        for det in self._routes.get(type(item), ()):
            det.handle(key, item, ctx)
        if ctx._findings:
            self._decide(scope, key, ctx._findings, out)
            ctx._findings.clear()
        if ctx._forwards:
            out.forwards.extend(ctx._forwards)
            ctx._forwards.clear()
        scope._since_sweep += 1
        if scope._since_sweep >= self.settings.sweep_every:
            scope._since_sweep = 0
            scope.sweep()
        return out

    def _decide(self, scope: Scope, key: str, findings: list[Finding], out: Outcome) -> None:
        for f in findings:
            if f.subject_id != key:
                out.forwards.append((f.subject_id, f))  # decided where the subject's ledger lives
                continue
            features = features_of(f.evidence)
            observation = Observation(
                event_id=_finding_id(f), ts=f.ts, category=f.category, features=features
            )
            out.forwards.append((MODEL_KEY_PREFIX + f.category, observation))  # cold-start novelty
            novelty = self.models.novelty_of(f.category, features)
            if novelty is not None:
                f.evidence = f.evidence | {"novelty": round(novelty[0], 3), "novelty_model": novelty[1]}
            allowed, p = self.models.allows(f.category, features)
            if not allowed:
                out.held += 1  # reviewers have overturned findings like this one
                continue
            if p is not None:
                f.evidence = f.evidence | {"p_confirmed": round(p, 3)}
            version = self.models.version() or self.model_version
            for action in scope.ledger.decide(f, self.policy, version, features):
                out.actions.append(action)
                out.first_evidence.append(f.first_evidence_ts)

    def _verdict(self, scope: Scope, v: ev.Verdict, out: Outcome) -> None:
        """Join a verdict with the decision it judges: revert if overturned, and teach the model."""
        confirmed = v.verdict == "confirmed"
        out.verdicts.append((v.category, confirmed))
        d, revert = scope.ledger.record_verdict(v, self.policy, self.models.version() or self.model_version)
        if revert is not None:
            out.actions.append(revert)
            out.first_evidence.append(revert.ts)
        if d is not None and d.features:
            example = Example(
                event_id=v.event_id, ts=v.ts, category=v.category, features=d.features, confirmed=confirmed
            )
            out.forwards.append((MODEL_KEY_PREFIX + v.category, example))

    def _keep_profile(self, scope: Scope, item: ev.ProfileUpdated | ev.AccountCreated) -> None:
        """Latest ts wins, ties broken by event_id, so arrival order does not matter."""
        old = scope.profiles.get(item.account_id, item.ts)
        if old is None or (item.ts, item.event_id) > (old.ts, old.event_id):
            scope.profiles.put(item.account_id, ProfileRecord(item.profile, item.ts, item.event_id), item.ts)

    def _forget(self, scope: Scope, key: str, ts: int) -> None:
        scope.profiles.delete(key)
        scope.ledger.forget(key, ev.CATEGORIES)
        for det in self.detectors:
            det.forget(key, scope.context)
        scope.deleted.put(key, Deleted(ts), ts)


def _derived_id(item: Any) -> str:
    """Derived records carry the id of the event they came from plus their kind, so re-sends dedupe."""
    return f"{item.event_id}/{type(item).__name__}" if hasattr(item, "event_id") else _finding_id(item)


def _finding_id(f: Finding) -> str:
    return f"F/{f.subject_id}/{f.category}/{f.detector}/{f.ts}"
