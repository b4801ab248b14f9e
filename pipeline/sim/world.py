"""The simulated platform: accounts, the social graph, an event-time scheduler and the event log.

Everything that happens goes through the primitives here (follow, request, accept, message, ...), which
check platform rules (no following a deleted account, no accepting a request that was never sent) and
append the contract event. Organic life, attacks and look-alikes only decide *who does what when*.
Time is simulated event time in ms; the scheduler is a heap, so state is always updated in ts order.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.sim.labels import LabelBook
from pipeline.sim.phrases import STOCK_NOTE
from pipeline.sim.scenario import Scenario
from pipeline.sim.textgen import Person, TextGen

DAY_MS = 86_400_000
Event = tuple[int, int, str, dict[str, Any]]  # (ts, seq, type, fields)


@dataclass(slots=True)
class Account:
    """One member. `role` is simulator-internal (never emitted): organic, bot, spammer."""

    idx: int
    created_at: int
    person: Person
    username: str
    display_name: str
    bio: str
    has_photo: bool
    community: int
    activity: float = 1.0
    fitness: float = 1.0  # how attractive to follow (preferential attachment)
    role: str = "organic"
    ext: str = ""
    deleted: bool = False
    existing: bool = True  # existed before the stream starts

    def profile(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "bio": self.bio,
            "has_photo": self.has_photo,
            "created_at": self.created_at,
        }


class World:
    """State plus primitives; one per generated stream."""

    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.rng = random.Random(f"{scenario.seed}:world")
        self.tg = TextGen(random.Random(f"{scenario.seed}:text"))
        self.start, self.end = scenario.start_ts, scenario.end_ts
        self.now = self.start
        self.accounts: list[Account] = []
        self.conns: list[set[int]] = []
        self.following: list[set[int]] = []  # follows known to the stream (made or undone in it)
        self.pending: dict[tuple[int, int], int] = {}  # (sender, recipient) -> request ts
        self.threads: dict[tuple[int, int], str] = {}
        self.communities: list[list[int]] = []
        self.organic: list[int] = []  # sampling tables, filled by population.refresh_tables
        self.actor_cum: list[float] = []
        self.popular_cum: list[float] = []
        self.by_popularity: list[int] = []
        self.events: list[Event] = []
        self.book = LabelBook()
        self._heap: list[tuple[int, int, Callable[..., None], tuple[Any, ...]]] = []
        self._seq = 0
        self._next_id = 0

    # ----- scheduler -----------------------------------------------------------------------------
    def at(self, ts: int, fn: Callable[..., None], *args: Any) -> None:
        """Run fn(*args) at event time ts; anything at or after the end of the stream never happens."""
        if ts < self.end:
            self._seq += 1
            heapq.heappush(self._heap, (max(ts, self.start), self._seq, fn, args))

    def run(self) -> None:
        heap = self._heap
        while heap:
            ts, _, fn, args = heapq.heappop(heap)
            self.now = ts
            fn(*args)

    def emit(self, ts: int, etype: str, fields: dict[str, Any]) -> None:
        self._seq += 1
        self.events.append((ts, self._seq, etype, fields))

    # ----- accounts ------------------------------------------------------------------------------
    def add_account(self, acc: Account) -> Account:
        """Register an account in the state (no event: pre-existing, or created later by create())."""
        acc.idx = len(self.accounts)
        self.accounts.append(acc)
        self.conns.append(set())
        self.following.append(set())
        return acc

    def new_profile_account(
        self, created_at: int, community: int, person: Person | None = None, photo_p: float = 0.85
    ) -> Account:
        """An account with an organic-style profile (also used for sophisticated farm accounts)."""
        tg, r = self.tg, self.rng
        p = person or tg.person()
        birth = r.randint(1960, 2006)
        acc = Account(
            idx=-1,
            created_at=created_at,
            person=p,
            username=tg.username(p, birth),
            display_name=tg.display_name(p),
            bio=tg.bio(p),
            has_photo=r.random() < photo_p,
            community=community,
        )
        return self.add_account(acc)

    def assign_ids(self) -> None:
        """Pre-existing ids grow with creation time, like a real platform's, with random gaps."""
        r = self.rng
        order = sorted((a for a in self.accounts if a.existing), key=lambda a: (a.created_at, a.idx))
        n = 10_000 + r.randint(0, 5_000)
        for a in order:
            n += r.randint(1, 40)
            a.ext = f"u{n}"
        self._next_id = n + 1_000

    def create(self, ts: int, acc: Account) -> None:
        """A sign-up during the stream: new id, account_created event."""
        self._next_id += self.rng.randint(1, 6)
        acc.ext = f"u{self._next_id}"
        acc.created_at = ts
        acc.existing = False
        self.emit(ts, "account_created", {"account_id": acc.ext, "profile": acc.profile()})

    def profile_updated(self, ts: int, i: int) -> None:
        a = self.accounts[i]
        if not a.deleted:
            self.emit(ts, "profile_updated", {"account_id": a.ext, "profile": a.profile()})

    def profile_now(self, i: int) -> None:
        self.profile_updated(self.now, i)

    def delete(self, ts: int, i: int) -> None:
        a = self.accounts[i]
        if a.deleted:
            return
        a.deleted = True
        self.emit(ts, "account_deleted", {"account_id": a.ext})

    def alive(self, i: int) -> bool:
        a = self.accounts[i]
        return not a.deleted and (a.existing or bool(a.ext))

    # ----- follows -------------------------------------------------------------------------------
    def follow(self, ts: int, a: int, b: int) -> bool:
        if a == b or b in self.following[a] or not (self.alive(a) and self.alive(b)):
            return False
        self.following[a].add(b)
        acc = self.accounts
        self.emit(ts, "follow", {"actor_id": acc[a].ext, "target_id": acc[b].ext})
        return True

    def follow_now(self, a: int, b: int) -> None:
        """Scheduler-friendly follow at the current event time."""
        self.follow(self.now, a, b)

    def unfollow(self, ts: int, a: int, b: int) -> bool:
        if not (self.alive(a) and self.alive(b)):
            return False
        self.following[a].discard(b)
        acc = self.accounts
        self.emit(ts, "unfollow", {"actor_id": acc[a].ext, "target_id": acc[b].ext})
        return True

    # ----- connections ---------------------------------------------------------------------------
    def mutuals(self, a: int, b: int) -> int:
        ca, cb = self.conns[a], self.conns[b]
        return len(ca & cb) if len(ca) < len(cb) else len(cb & ca)

    def can_request(self, a: int, b: int) -> bool:
        return (
            a != b
            and b not in self.conns[a]
            and (a, b) not in self.pending
            and (b, a) not in self.pending
            and self.alive(a)
            and self.alive(b)
        )

    def request(self, ts: int, a: int, b: int, note: str | None, mutual_known: bool = True) -> bool:
        """connect_request; `mutual_known=False` omits mutual_connections (unknown, not 0)."""
        if not self.can_request(a, b):
            return False
        self.pending[(a, b)] = ts
        fields: dict[str, Any] = {"actor_id": self.accounts[a].ext, "target_id": self.accounts[b].ext}
        fields["note"] = note
        if mutual_known:
            fields["mutual_connections"] = self.mutuals(a, b)
        self.emit(ts, "connect_request", fields)
        return True

    def answer(self, ts: int, recipient: int, sender: int, verdict: str, reason: str = "dont_know") -> bool:
        """accept / decline / report a pending request from `sender` (a report also declines)."""
        if (sender, recipient) not in self.pending or not (self.alive(sender) and self.alive(recipient)):
            return False
        acc = self.accounts
        fields: dict[str, Any] = {"actor_id": acc[recipient].ext, "target_id": acc[sender].ext}
        if verdict == "accept":
            del self.pending[(sender, recipient)]
            self.conns[sender].add(recipient)
            self.conns[recipient].add(sender)
            self.emit(ts, "connect_accept", fields)
        elif verdict == "decline":
            del self.pending[(sender, recipient)]
            self.emit(ts, "connect_decline", fields)
        else:
            self.pending.pop((sender, recipient), None)
            self.emit(ts, "connect_report", {**fields, "reason": reason})
        return True

    def respond_later(
        self,
        ts: int,
        sender: int,
        recipient: int,
        p_accept: float,
        p_decline: float,
        p_report: float = 0.0,
        median_s: float = 1800.0,
        on_accept: Callable[[int, int, int], None] | None = None,
    ) -> None:
        """Schedule the recipient's reaction minutes to hours later; ignoring is the remainder."""
        r = self.rng
        x = r.random()
        delay = int(min(r.lognormvariate(0, 1.3) * median_s, 2 * DAY_MS / 1000) * 1000) + r.randint(
            5_000, 60_000
        )
        if x < p_accept:
            self.at(ts + delay, self._accept, recipient, sender, on_accept)
        elif x < p_accept + p_decline:
            self.at(ts + delay, self.answer, ts + delay, recipient, sender, "decline")
        elif x < p_accept + p_decline + p_report:
            reason = "spam" if r.random() < 0.35 else "dont_know"
            self.at(ts + delay, self.answer, ts + delay, recipient, sender, "report", reason)

    def _accept(self, recipient: int, sender: int, on_accept: Callable[[int, int, int], None] | None) -> None:
        if self.answer(self.now, recipient, sender, "accept") and on_accept is not None:
            on_accept(self.now, sender, recipient)

    def note(self, personal: str | None, p_null: float, p_stock: float) -> str | None:
        """A request note: stock invitation as null or as the stock text, else the personal one."""
        x = self.rng.random()
        if x < p_null:
            return None
        if x < p_null + p_stock or personal is None:
            return STOCK_NOTE
        return personal

    # ----- messages ------------------------------------------------------------------------------
    def message(self, ts: int, a: int, b: int, text: str) -> bool:
        if a == b or not (self.alive(a) and self.alive(b)):
            return False
        key = (a, b) if a < b else (b, a)
        thread = self.threads.get(key)
        if thread is None:
            thread = f"t{self.rng.getrandbits(48):012x}"
            self.threads[key] = thread
        acc = self.accounts
        self.emit(
            ts,
            "message_sent",
            {"actor_id": acc[a].ext, "target_id": acc[b].ext, "thread_id": thread, "text": text},
        )
        return True

    # ----- sampling helpers ----------------------------------------------------------------------
    def delay_ms(self, median_s: float, sigma: float = 1.0, lo_s: float = 1.0, hi_s: float = 6 * 3600) -> int:
        """Lognormal human reaction time."""
        return int(max(lo_s, min(hi_s, self.rng.lognormvariate(0, sigma) * median_s)) * 1000)

    def pick(self, items: set[int] | list[int]) -> int | None:
        if not items:
            return None
        seq = items if isinstance(items, list) else tuple(items)
        return seq[self.rng.randrange(len(seq))]
