"""The organic population that exists before the stream starts: people, communities, connections.

Heavy tails on purpose: activity and popularity are lognormal/Pareto so a few members are very busy or
very followed, which is exactly where naive thresholds produce false positives.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from pipeline.sim.world import DAY_MS, Account, World


def build_population(world: World, n: int) -> None:
    """Create `n` pre-existing organic members in communities with a pre-existing connection graph."""
    r, tg = world.rng, world.tg
    while sum(len(c) for c in world.communities) < n:
        size = max(15, int(r.lognormvariate(4.6, 0.6)))
        world.communities.append([])
        locale = tg.locale()
        c = len(world.communities) - 1
        for _ in range(min(size, n - sum(len(x) for x in world.communities))):
            loc = locale if r.random() < 0.75 else tg.locale()
            age_days = r.uniform(1, 60) if r.random() < 0.12 else 60 * (14 * 365 / 60) ** r.random()
            acc = world.new_profile_account(world.start - int(age_days * DAY_MS), c, tg.person(loc))
            acc.activity = min(12.0, r.lognormvariate(-0.45, 0.95))
            acc.fitness = r.paretovariate(1.25)
            world.communities[c].append(acc.idx)
    _connect(world)
    refresh_tables(world)


def _connect(world: World) -> None:
    r = world.rng
    accounts = [a for a in world.accounts if a.role == "organic"]
    total = len(accounts)
    for a in accounts:
        members = world.communities[a.community]
        degree = min(400, int(r.lognormvariate(2.6, 0.8)))
        for _ in range(degree // 2):
            if r.random() < 0.8 and len(members) > 1:
                b = members[r.randrange(len(members))]
            else:
                b = accounts[r.randrange(total)].idx
            if b != a.idx:
                world.conns[a.idx].add(b)
                world.conns[b].add(a.idx)


def refresh_tables(world: World) -> None:
    """Cumulative weights for sampling actors (by activity) and follow targets (by popularity)."""
    organic = [a for a in world.accounts if a.role == "organic" and a.existing]
    world.organic = [a.idx for a in organic]
    world.actor_cum = _cum(a.activity for a in organic)
    world.popular_cum = _cum(a.fitness for a in organic)
    ranked = sorted(organic, key=lambda a: (-a.fitness, a.idx))
    world.by_popularity = [a.idx for a in ranked]


def _cum(weights: Iterable[float]) -> list[float]:
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def popular(world: World) -> int:
    """A follow target drawn by popularity (preferential attachment)."""
    x = world.rng.random() * world.popular_cum[-1]
    return world.organic[bisect.bisect_right(world.popular_cum, x)]


def active_member(world: World) -> int:
    """An organic member drawn by how active they are."""
    x = world.rng.random() * world.actor_cum[-1]
    return world.organic[bisect.bisect_right(world.actor_cum, x)]


def choose_subject(
    world: World,
    ok: Callable[[Account], bool] = lambda a: True,
    rank: tuple[float, float] = (0.0, 1.0),
    tries: int = 5000,
) -> int:
    """An unreserved organic member whose popularity rank (0 = most followed) lies in `rank`; reserves it."""
    r = world.rng
    ranked = world.by_popularity
    lo, hi = int(rank[0] * len(ranked)), max(int(rank[0] * len(ranked)) + 1, int(rank[1] * len(ranked)))
    for attempt in range(2 * tries):
        if attempt == tries:  # the band is used up in a small population: widen it rather than fail
            lo, hi = 0, len(ranked)
        i = ranked[r.randrange(lo, hi)]
        a = world.accounts[i]
        if i not in world.book.reserved and a.role == "organic" and ok(a):
            world.book.reserved.add(i)
            return i
    raise RuntimeError("no organic member fits; raise `users` in the scenario")


def established(world: World, min_age_days: float = 180) -> Callable[[Account], bool]:
    cutoff = world.start - int(min_age_days * DAY_MS)
    return lambda a: a.created_at < cutoff
