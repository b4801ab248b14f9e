"""Bought-follower attacks: follower farms delivering follows to paying customers.

Farm accounts range from crude (letter-soup usernames, no photo, empty bio, weeks old) to sophisticated
(years old, organic-style profiles from the same generator as real members, camouflage follows of
popular accounts all day), and fresh batches registered minutes before delivery. Delivery is fast (one
hour), drip-fed (a day or more) or shared by one farm across several customers.
Labels: customer -> bot_follower_burst, each farm account that delivered -> fake_follower.
"""

from __future__ import annotations

from pipeline.sim.population import choose_subject, established, popular
from pipeline.sim.scenario import AttackMix
from pipeline.sim.world import DAY_MS, Account, World

MIN = 60_000
HOUR = 3_600_000


class Farms:
    """Plans farm attacks before the stream runs (accounts must exist before ids are assigned)."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.r = world.rng

    def plan(self, mix: AttackMix) -> None:
        for _ in range(mix.burst_fast):
            self.burst_fast(mix)
        for _ in range(mix.burst_drip):
            self.burst_drip(mix)
        for _ in range(mix.burst_sophisticated):
            self.burst_sophisticated(mix)
        for _ in range(mix.farm_multi_customer):
            self.multi_customer(mix)
        for _ in range(mix.fresh_batch):
            self.fresh_batch(mix)

    # ----- farm accounts -------------------------------------------------------------------------
    def crude(self, n: int, age_days: tuple[float, float] = (5, 240)) -> list[int]:
        w, r = self.w, self.r
        out = []
        batches = [w.start - int(r.uniform(*age_days) * DAY_MS) for _ in range(r.randint(1, 4))]
        for _ in range(n):  # farms register accounts in batches: created_at clusters
            acc = self._crude_account(r.choice(batches) + r.randrange(6 * HOUR))
            out.append(w.add_account(acc).idx)
            for _ in range(r.choice((0, 0, 1, 2))):  # a token camouflage follow or two
                w.at(w.start + r.randrange(w.end - w.start), self._camouflage, acc.idx)
        return out

    def _crude_account(self, created_at: int) -> Account:
        r, tg = self.r, self.w.tg
        p = tg.person()
        username = tg.crude_username()
        x = r.random()
        display = username if x < 0.5 else f"{p.first_ascii}{r.randint(1, 99)}" if x < 0.8 else p.first
        comm = r.randrange(len(self.w.communities))
        return Account(-1, created_at, p, username, display, "", r.random() < 0.08, comm, 0.0, 0.0, "bot")

    def sophisticated(self, n: int) -> list[int]:
        """Aged accounts with organic profiles; they follow popular accounts all day as cover."""
        w, r = self.w, self.r
        out = []
        for _ in range(n):
            age = 365 * r.uniform(1.0, 9.0)
            acc = w.new_profile_account(w.start - int(age * DAY_MS), r.randrange(len(w.communities)))
            acc.role, acc.fitness = "bot", 0.0
            out.append(acc.idx)
            t = w.start
            rate = r.uniform(0.1, 0.4)  # camouflage follows per hour
            while True:
                t += int(r.expovariate(rate) * HOUR)
                if t >= w.end:
                    break
                w.at(t, self._camouflage, acc.idx)
        return out

    def _camouflage(self, bot: int) -> None:
        self.w.follow(self.w.now, bot, popular(self.w))

    def fresh(self, n: int, t_first: int, crude_p: float) -> list[int]:
        """A batch registered by a script: seconds apart, starting at t_first."""
        w, r = self.w, self.r
        out, t = [], t_first
        for _ in range(n):
            if r.random() < crude_p:
                acc = w.add_account(self._crude_account(t))
            else:
                acc = w.new_profile_account(t, r.randrange(len(w.communities)), photo_p=0.3)
                acc.bio = ""
                acc.role, acc.fitness = "bot", 0.0
            acc.existing = False
            out.append(acc.idx)
            w.at(t, self._register, acc.idx)
            t += r.randint(800, 9_000)
        return out

    def _register(self, i: int) -> None:
        w = self.w
        w.create(w.now, w.accounts[i])
        if self.r.random() < 0.2:  # some scripts add a stock photo right away
            w.accounts[i].has_photo = True
            w.at(w.now + self.r.randint(5_000, 120_000), w.profile_now, i)

    # ----- delivery ------------------------------------------------------------------------------
    def _start(self, needs_ms: int) -> int:
        lo, hi = self.w.sc.attack_window
        return self.r.randint(lo, max(lo, hi - needs_ms))

    def _customer(self) -> int:
        return choose_subject(self.w, established(self.w, 90), rank=(0.25, 0.97))

    def fast_times(self, t0: int, n: int) -> list[int]:
        """Waves of follows over 15-60 minutes, as a panel drains its order queue."""
        r = self.r
        dur = r.randint(15, 60) * MIN
        waves = [(t0 + r.randint(0, int(dur * 0.7)), r.randint(2, 15) * MIN) for _ in range(r.randint(1, 4))]
        return sorted(s + r.randrange(d) for s, d in (waves[r.randrange(len(waves))] for _ in range(n)))

    def poisson_times(self, t0: int, n: int, span_ms: int) -> list[int]:
        return sorted(t0 + self.r.randrange(span_ms) for _ in range(n))

    def deliver(self, aid: str, bots: list[int], customer: int, times: list[int]) -> None:
        for bot, ts in zip(bots, times, strict=False):
            self.w.at(ts, self._deliver, aid, bot, customer)

    def _deliver(self, aid: str, bot: int, customer: int) -> None:
        w = self.w
        if not w.follow(w.now, bot, customer):
            return
        w.book.hit(aid, bot, "fake_follower", w.now)
        w.book.hit(aid, customer, "bot_follower_burst", w.now)
        if self.r.random() < 0.05:  # bought followers drop off
            w.at(w.now + self.r.randint(1, 20) * HOUR, self._drop, bot, customer)

    def _drop(self, bot: int, customer: int) -> None:
        self.w.unfollow(self.w.now, bot, customer)

    # ----- attack types --------------------------------------------------------------------------
    def burst_fast(self, mix: AttackMix) -> None:
        n = self.r.randint(*mix.fast_followers)
        aid = self.w.book.new_attack("burst_fast", "bot_follower_burst")
        t0 = self._start(70 * MIN)
        self.deliver(aid, self.crude(n), self._customer(), self.fast_times(t0, n))

    def burst_drip(self, mix: AttackMix) -> None:
        r = self.r
        per_day = r.randint(*mix.drip_followers_per_day)
        span = int(r.uniform(1.0, 1.5) * DAY_MS)
        n = int(per_day * span / DAY_MS)
        aid = self.w.book.new_attack("burst_drip", "bot_follower_burst")
        lo, hi = self.w.sc.attack_window
        t0 = r.randint(lo, lo + (hi - lo) // 3)
        bots = self.crude(n // 2) + self.sophisticated(n - n // 2)
        r.shuffle(bots)
        self.deliver(aid, bots, self._customer(), self.poisson_times(t0, n, span))

    def burst_sophisticated(self, mix: AttackMix) -> None:
        r = self.r
        n = r.randint(*mix.sophisticated_followers)
        span = r.randint(90, 240) * MIN
        aid = self.w.book.new_attack("burst_sophisticated", "bot_follower_burst")
        t0 = self._start(span)
        self.deliver(aid, self.sophisticated(n), self._customer(), self.poisson_times(t0, n, span))

    def multi_customer(self, mix: AttackMix) -> None:
        r = self.r
        k = r.randint(*mix.multi_customers)
        orders = [r.randint(*mix.multi_order) for _ in range(k)]
        size = int(max(orders) * 1.4)
        pool = self.crude(int(size * 0.7)) + self.sophisticated(size - int(size * 0.7))
        aid = self.w.book.new_attack("farm_multi_customer", "bot_follower_burst")
        lo, hi = self.w.sc.attack_window
        slot = max(1, (hi - lo - 90 * MIN) // k)
        for i, n in enumerate(orders):
            t0 = lo + i * slot + r.randrange(max(1, slot // 2))
            self.deliver(aid, r.sample(pool, n), self._customer(), self.fast_times(t0, n))

    def fresh_batch(self, mix: AttackMix) -> None:
        r = self.r
        n = r.randint(*mix.fresh_followers)
        aid = self.w.book.new_attack("fresh_batch", "bot_follower_burst")
        t0 = self._start(60 * MIN)
        first = t0 - r.randint(2, 30) * MIN - n * 5_000
        bots = self.fresh(n, max(self.w.start + MIN, first), crude_p=0.6)
        self.deliver(aid, bots, self._customer(), self.fast_times(t0, n))
