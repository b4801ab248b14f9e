"""Connection and message spam: mass-connect spammers, compromised accounts, multi-sender campaigns.

Pitches are one long spintax template per attack (recipient's name inserted, small edits, tracked links,
varying numbers), so a fair detector can find them by near-duplicate text across many recipients, while
organic short replies ("thanks!") stay benign. Labelling rules are in `pipeline.sim.labels`.
"""

from __future__ import annotations

from functools import partial

from pipeline.sim import phrases
from pipeline.sim.organic import OrganicLife
from pipeline.sim.population import choose_subject, established
from pipeline.sim.scenario import AttackMix
from pipeline.sim.world import DAY_MS, World

MIN = 60_000
HOUR = 3_600_000
CONNECT_THEMES = ("audit", "webinar", "franchise", "seo", "like_post")
BLAST_THEMES = ("hacked_video", "crypto", "like_post", "audit", "webinar")


class Spam:
    """Plans spam attacks before the stream runs."""

    def __init__(self, world: World, life: OrganicLife) -> None:
        self.w = world
        self.r = world.rng
        self.life = life

    def plan(self, mix: AttackMix) -> None:
        for _ in range(mix.connect_fast):
            self.connect_spammer(mix, fast=True)
        for _ in range(mix.connect_slow):
            self.connect_spammer(mix, fast=False)
        for _ in range(mix.compromised_blast):
            self.compromised_blast(mix)
        for _ in range(mix.campaign_multi_sender):
            self.campaign(mix)

    # ----- helpers -------------------------------------------------------------------------------
    def _fake_member(self, bio_p: float) -> int:
        """An aged account run by a spammer: real-looking profile, a few connections for cover."""
        w, r = self.w, self.r
        acc = w.new_profile_account(
            w.start - int(r.uniform(90, 6 * 365) * DAY_MS), r.randrange(len(w.communities))
        )
        acc.role, acc.fitness, acc.has_photo = "spammer", 0.0, r.random() < 0.95
        if r.random() < bio_p:
            acc.bio = r.choice(phrases.SPAMMER_BIOS)
        for _ in range(r.randint(5, 60)):
            other = w.organic[r.randrange(len(w.organic))]
            w.conns[acc.idx].add(other)
            w.conns[other].add(acc.idx)
        w.book.reserved.add(acc.idx)
        return acc.idx

    def _stranger(self, s: int) -> int:
        w, r = self.w, self.r
        if r.random() < 0.15:  # scraped from 2nd-degree lists: some mutual connections
            friend = w.pick(w.conns[s])
            if friend is not None:
                cand = w.pick(w.conns[friend])
                if cand is not None:
                    return cand
        if self.life.newcomers and r.random() < 0.05:
            return self.life.newcomers[r.randrange(len(self.life.newcomers))]
        return w.organic[r.randrange(len(w.organic))]

    def _render(self, theme: str, recipient: int, domain: str) -> str:
        tg, r = self.w.tg, self.r
        values = {
            "first": self.w.accounts[recipient].person.first,
            "link": tg.link(domain),
            "num": str(r.choice((3, 5, 7, 10, 12, 15, 20, 30, 35, 50))),
        }
        return tg.mangle(tg.spin(phrases.PITCHES[theme], values))

    def _pitch(self, aid: str, s: int, recipient: int, theme: str, domain: str, replies: list[str]) -> None:
        w, r = self.w, self.r
        if not w.message(w.now, s, recipient, self._render(theme, recipient, domain)):
            return
        w.book.pitch(aid, s, recipient, w.now)
        if r.random() < 0.1:
            w.at(w.now + w.delay_ms(600, 1.2, 20), self._answer, recipient, s, r.choice(replies))

    def _answer(self, a: int, b: int, text: str) -> None:
        self.w.message(self.w.now, a, b, text)

    def _window_start(self, needs_ms: int, early: bool = False) -> int:
        lo, hi = self.w.sc.attack_window
        hi = max(lo, hi - needs_ms)
        return self.r.randint(lo, lo + (hi - lo) // 3 if early else hi)

    # ----- mass-connect --------------------------------------------------------------------------
    def connect_spammer(self, mix: AttackMix, fast: bool) -> None:
        w, r = self.w, self.r
        kind = "connect_fast" if fast else "connect_slow"
        aid = w.book.new_attack(kind, "mass_connect_spam")
        s = self._fake_member(bio_p=0.6)
        theme, domain = r.choice(CONNECT_THEMES), r.choice(phrases.SPAM_DOMAINS)
        per_hour = r.randint(*(mix.connect_fast_per_day if fast else mix.connect_slow_per_day)) / 10.0
        t = self._window_start(HOUR, early=True)
        session_end = t + r.randint(15, 45) * MIN
        while t < w.end:
            if fast:  # sessions of rapid clicking, then a break
                t += int(r.expovariate(1.0) * 0.4 * HOUR / per_hour)
                if t > session_end:
                    t += r.randint(20, 90) * MIN
                    session_end = t + r.randint(15, 45) * MIN
            else:
                t += int(r.expovariate(1.0) * HOUR / per_hour)
            w.at(t, self._request, aid, s, theme, domain, fast)

    def _request(self, aid: str, s: int, theme: str, domain: str, fast: bool) -> None:
        w, r = self.w, self.r
        b = self._stranger(s)
        if not w.can_request(s, b):
            return
        first = w.accounts[b].person.first
        template = w.tg.fill(
            r.choice(phrases.TEMPLATE_NOTES), {"first": first, "industry": r.choice(phrases.INDUSTRIES)}
        )
        note = w.note(template, p_null=0.5 if fast else 0.3, p_stock=0.25 if fast else 0.2)
        if not w.request(w.now, s, b, note, mutual_known=r.random() < 0.9):
            return
        w.book.hit(aid, s, "mass_connect_spam", w.now)
        after = partial(self._after_accept, aid, theme, domain, fast)
        w.respond_later(w.now, s, b, 0.28 if fast else 0.38, 0.15, 0.05 if fast else 0.02, 2400, after)

    def _after_accept(self, aid: str, theme: str, domain: str, fast: bool, ts: int, s: int, b: int) -> None:
        w = self.w
        delay = self.r.randint(3_000, 90_000) if fast else w.delay_ms(1800, 1.0, 120)
        w.at(ts + delay, self._pitch, aid, s, b, theme, domain, phrases.PITCH_REPLIES)

    # ----- message spam --------------------------------------------------------------------------
    def _recipients(self, s: int, n: int, stranger_p: float) -> list[int]:
        w, r = self.w, self.r
        known = sorted(w.conns[s])
        r.shuffle(known)
        out: list[int] = []
        seen: set[int] = set()
        while len(out) < n:
            b = known.pop() if known and r.random() >= stranger_p else self._stranger(s)
            if b != s and b not in seen:
                seen.add(b)
                out.append(b)
        return out

    def compromised_blast(self, mix: AttackMix) -> None:
        """A long-standing member's account is taken over and blasts one pitch in a few minutes."""
        w, r = self.w, self.r
        aid = w.book.new_attack("compromised_blast", "message_spam")
        s = choose_subject(
            w, lambda a: established(w, 365)(a) and len(w.conns[a.idx]) >= 15, rank=(0.02, 1.0)
        )
        lo, _ = w.sc.attack_window
        for _ in range(r.randint(2, 4)):  # guaranteed ordinary history before the takeover
            w.at(w.start + r.randrange(max(1, lo - w.start)), self.life.converse, s)
        theme, domain = r.choice(BLAST_THEMES), r.choice(phrases.SPAM_DOMAINS)
        t = self._window_start(90 * MIN)
        for b in self._recipients(s, r.randint(*mix.blast_recipients), stranger_p=0.15):
            t += r.randint(2_000, 25_000)
            w.at(t, self._pitch, aid, s, b, theme, domain, phrases.HACKED_REPLIES)

    def campaign(self, mix: AttackMix) -> None:
        """One pitch spread thinly over many senders, each staying small."""
        w, r = self.w, self.r
        aid = w.book.new_attack("campaign_multi_sender", "message_spam")
        theme, domain = r.choice(BLAST_THEMES), r.choice(phrases.SPAM_DOMAINS)
        t0 = self._window_start(3 * HOUR)
        for _ in range(r.randint(*mix.campaign_senders)):
            if r.random() < 0.6:
                s = choose_subject(w, lambda a: len(w.conns[a.idx]) >= 5, rank=(0.02, 1.0))
            else:
                s = self._fake_member(bio_p=0.2)
            t = t0 + r.randrange(max(MIN, min(2 * HOUR, (w.end - t0) // 3)))
            for b in self._recipients(s, r.randint(*mix.campaign_per_sender), stranger_p=0.3):
                t += r.randint(30_000, 6 * MIN)
                w.at(t, self._pitch, aid, s, b, theme, domain, phrases.HACKED_REPLIES)
