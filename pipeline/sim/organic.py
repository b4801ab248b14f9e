"""Ordinary daily life: follows, connection requests and answers, conversations, profile edits, sign-ups.

Each simulated minute draws Poisson counts per activity (scaled by a daily curve) and schedules them at
random seconds in that minute for members drawn by activity. Replies, accepts and follow-backs are
scheduled minutes to hours later, so the stream contains real conversations and real networks, which
look-alikes and attacks are then layered on.
"""

from __future__ import annotations

import math
import random

from pipeline.sim import phrases
from pipeline.sim.population import active_member, popular
from pipeline.sim.world import World

MINUTE_MS = 60_000
# per member per hour, for activity 1.0
RATES = {
    "follow": 0.22,
    "connect": 0.035,
    "converse": 0.09,
    "unfollow": 0.02,
    "profile": 0.006,
    "delete": 0.00012,
}
DIURNAL = [0.7, 0.6, 0.55, 0.55, 0.6, 0.7, 0.85, 0.95, 1.05, 1.1, 1.15, 1.15]
DIURNAL += [1.15, 1.2, 1.2, 1.2, 1.15, 1.1, 1.1, 1.1, 1.05, 1.0, 0.9, 0.8]


def poisson(r: random.Random, lam: float) -> int:
    """Poisson draw from a stdlib RNG (numpy would be a heavy import for a CLI)."""
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(r.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, r.random()
    while p > limit:
        k += 1
        p *= r.random()
    return k


def diurnal(ts: int) -> float:
    return DIURNAL[(ts // 3_600_000) % 24]


class OrganicLife:
    """Schedules everyday activity for the whole organic population."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.r = world.rng
        self.newcomers: list[int] = []
        self.suggested = world.by_popularity[:30]  # the platform's "who to follow" list
        self.activity_total = 0.0

    def start(self) -> None:
        """Call after attacks and look-alikes are planned (they may change activity weights)."""
        w = self.w
        self.activity_total = w.actor_cum[-1]
        replay = w.sc.producer.profile_replay_fraction
        for a in w.accounts:  # the platform replays known profiles when a consumer starts
            if a.existing and self.r.random() < replay:
                w.at(w.start + self.r.randrange(120_000), w.profile_now, a.idx)
        w.at(w.start, self._tick)

    def _tick(self) -> None:
        w, r = self.w, self.r
        t0 = w.now
        mult = diurnal(t0) * w.sc.activity
        per_min = self.activity_total * mult / 60.0
        actions = (
            ("follow", self.follow),
            ("connect", self.connect),
            ("converse", self.converse),
            ("unfollow", self.unfollow),
            ("profile", self.profile),
            ("delete", self.delete),
        )
        for name, fn in actions:
            for _ in range(poisson(r, RATES[name] * per_min)):
                w.at(t0 + r.randrange(MINUTE_MS), fn, active_member(w))
        for _ in range(poisson(r, w.sc.new_users_per_hour * diurnal(t0) / 60.0)):
            w.at(t0 + r.randrange(MINUTE_MS), self.signup)
        if self.newcomers:  # new members keep exploring: they follow more than established ones
            for _ in range(poisson(r, len(self.newcomers) * 2 * RATES["follow"] * mult / 60.0)):
                w.at(
                    t0 + r.randrange(MINUTE_MS), self.follow, self.newcomers[r.randrange(len(self.newcomers))]
                )
        w.at(t0 + MINUTE_MS, self._tick)

    # ----- activities ----------------------------------------------------------------------------
    def follow_target(self, a: int) -> int | None:
        w, r = self.w, self.r
        x = r.random()
        if x < 0.38:
            return popular(w)
        if x < 0.70:
            members = w.communities[w.accounts[a].community]
            return members[r.randrange(len(members))]
        if x < 0.85:
            friend = w.pick(w.conns[a])
            return w.pick(w.conns[friend]) if friend is not None else None
        if self.newcomers and r.random() < 0.2:
            return self.newcomers[r.randrange(len(self.newcomers))]
        return w.organic[r.randrange(len(w.organic))]

    def follow(self, a: int, b: int | None = None) -> None:
        w, r = self.w, self.r
        b = self.follow_target(a) if b is None else b
        if b is None or not w.follow(w.now, a, b):
            return
        if w.accounts[b].fitness < 20 and r.random() < 0.12:  # follow-back
            w.at(w.now + w.delay_ms(1800, 1.2, 20), w.follow_now, b, a)

    def connect(self, a: int) -> None:
        w, r = self.w, self.r
        x = r.random()
        if x < 0.7:
            friend = w.pick(w.conns[a])
            b = w.pick(w.conns[friend]) if friend is not None else None
        elif x < 0.95:
            members = w.communities[w.accounts[a].community]
            b = members[r.randrange(len(members))]
        else:
            b = w.organic[r.randrange(len(w.organic))]
        if b is None or not w.can_request(a, b):
            return
        personal = w.tg.fill(r.choice(phrases.PERSONAL_NOTES), {"first": w.accounts[b].person.first})
        note = w.note(personal, p_null=0.5, p_stock=0.22)
        w.request(w.now, a, b, note, mutual_known=r.random() < 0.9)
        w.respond_later(w.now, a, b, 0.72, 0.08, 0.004, median_s=2400, on_accept=self._after_accept)

    def _after_accept(self, ts: int, sender: int, recipient: int) -> None:
        """Some people say thanks or pick up an old thread after connecting; usually short and varied."""
        r = self.r
        if r.random() < 0.12:
            who, other = (sender, recipient) if r.random() < 0.5 else (recipient, sender)
            self.w.at(ts + self.w.delay_ms(600, 1.3, 10), self.talk, who, other, r.randint(1, 4), True)

    def converse(self, a: int) -> None:
        b = self.w.pick(self.w.conns[a])
        if b is not None:
            self.talk(a, b, 1 + min(12, int(self.r.expovariate(1 / 2.5))))

    def talk(self, a: int, b: int, turns: int, short_first: bool = False) -> None:
        """Open a conversation; the other side answers with human delays, sometimes double-texting."""
        w, r = self.w, self.r
        pa = w.accounts[a].person
        text = w.tg.reply(pa.lang, 0.7) if short_first else w.tg.opener(w.accounts[b].person, pa.lang)
        if w.message(w.now, a, b, text) and turns > 1:
            nxt = (a, b) if r.random() < 0.15 else (b, a)
            w.at(w.now + w.delay_ms(100, 1.4, 4, 4 * 3600), self._reply, nxt[0], nxt[1], turns - 1)

    def _reply(self, a: int, b: int, left: int) -> None:
        w, r = self.w, self.r
        if w.message(w.now, a, b, w.tg.reply(w.accounts[a].person.lang)) and left > 1:
            nxt = (a, b) if r.random() < 0.15 else (b, a)
            w.at(w.now + w.delay_ms(100, 1.4, 4, 4 * 3600), self._reply, nxt[0], nxt[1], left - 1)

    def unfollow(self, a: int) -> None:
        w = self.w
        b = w.pick(w.following[a]) if w.following[a] and self.r.random() < 0.7 else popular(w)
        if b is not None and b != a:
            w.unfollow(w.now, a, b)

    def profile(self, a: int) -> None:
        w, r = self.w, self.r
        acc = w.accounts[a]
        x = r.random()
        if x < 0.4:
            acc.bio = w.tg.bio(acc.person, empty_p=0.1)
        elif x < 0.6:
            acc.has_photo = not acc.has_photo if r.random() < 0.3 else True
        else:
            acc.display_name = w.tg.display_name(acc.person)
        w.profile_updated(w.now, a)

    def delete(self, a: int) -> None:
        if a not in self.w.book.reserved:
            self.w.delete(self.w.now, a)

    def signup(self) -> None:
        """A new member: sparse profile, follows a few suggested accounts in the first minutes."""
        w, r = self.w, self.r
        c = r.randrange(len(w.communities))
        acc = w.new_profile_account(w.now, c, photo_p=0.25)
        acc.existing = False
        if r.random() < 0.35:
            acc.username = w.tg.default_username()
        acc.bio = "" if r.random() < 0.8 else acc.bio
        w.create(w.now, acc)
        self.newcomers.append(acc.idx)
        t = w.now
        for b in r.sample(self.suggested, r.randint(0, 5)):
            t += r.randint(3_000, 60_000)
            w.at(t, w.follow_now, acc.idx, b)
        for _ in range(r.randint(0, 4)):
            w.at(w.now + w.delay_ms(1200, 1.5, 60), self.follow, acc.idx)
        if r.random() < 0.4:
            w.at(w.now + w.delay_ms(900, 1.2, 60), self._complete_profile, acc.idx)

    def _complete_profile(self, a: int) -> None:
        acc = self.w.accounts[a]
        acc.has_photo = True
        acc.bio = acc.bio or self.w.tg.bio(acc.person, empty_p=0.3)
        self.w.profile_updated(self.w.now, a)
