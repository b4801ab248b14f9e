"""Benign behaviour that resembles an attack. Every subject here is a look-alike and must never be flagged.

Kinds (label `kind`): viral / viral_follower (an ordinary account gets a diverse crowd of established
followers within hours), onboarding_user / suggested_account (a sign-up wave following the same suggested
accounts in their first minutes), celebrity (steady high follow rate), heavy_follower (follow sprees),
recruiter (many requests with personal notes, high acceptance, templated-but-personal messages that get
replies), contact_importer (stock invitations to their own network), event_inviter (one invitation to
many people they know, who answer), community_manager (messaging all day in real conversations), busy
(very active in everything), organic_surge / surge_follower (a community follows a few accounts after
local news), conference_attendee (requests with no mutual connections after an event, accepted).
"""

from __future__ import annotations

from functools import partial

from pipeline.sim import names, phrases
from pipeline.sim.organic import OrganicLife
from pipeline.sim.population import choose_subject, established, popular
from pipeline.sim.scenario import LookalikeMix
from pipeline.sim.world import World

MIN = 60_000
HOUR = 3_600_000


class Lookalikes:
    """Plans look-alikes before the stream runs, after attacks have reserved their subjects."""

    def __init__(self, world: World, life: OrganicLife) -> None:
        self.w = world
        self.r = world.rng
        self.life = life
        self.mix = LookalikeMix()

    def plan(self, mix: LookalikeMix) -> None:
        self.mix = mix
        plans = (
            (mix.viral, self.viral),
            (mix.onboarding_wave, self.onboarding_wave),
            (mix.celebrity, self.celebrity),
            (mix.heavy_follower, self.heavy_follower),
            (mix.recruiter, self.recruiter),
            (mix.contact_importer, self.contact_importer),
            (mix.event_inviter, self.event_inviter),
            (mix.community_manager, self.community_manager),
            (mix.busy, self.busy),
            (mix.organic_surge, self.organic_surge),
            (mix.conference, self.conference),
        )
        for count, fn in plans:
            for _ in range(count):
                fn(mix)

    # ----- helpers -------------------------------------------------------------------------------
    def _start(self, needs_ms: int) -> int:
        lo, hi = self.w.sc.attack_window
        return self.r.randint(lo, max(lo, hi - needs_ms))

    def _crowd(self, n: int, min_age_days: float = 180) -> list[int]:
        w = self.w
        ok = established(w, min_age_days)
        pool = [i for i in w.organic if i not in w.book.reserved and ok(w.accounts[i])]
        return self.r.sample(pool, min(n, len(pool)))

    def _follow(self, a: int, b: int, kind_a: str | None, kind_b: str | None) -> None:
        w = self.w
        if w.follow(w.now, a, b):
            if kind_a:
                w.book.lookalike(a, kind_a)
            if kind_b:
                w.book.lookalike(b, kind_b)

    def _request(self, a: int, b: int, note: str | None, kind: str, p_accept: float, median_s: float) -> bool:
        w = self.w
        if not w.request(w.now, a, b, note, mutual_known=self.r.random() < 0.92):
            return False
        w.book.lookalike(a, kind)
        w.respond_later(w.now, a, b, p_accept, 0.05, 0.002, median_s, self._chat_after_accept)
        return True

    def _chat_after_accept(self, ts: int, a: int, b: int) -> None:
        if self.r.random() < 0.2:
            self.w.at(ts + self.w.delay_ms(900, 1.2, 30), self.life.talk, b, a, self.r.randint(2, 5), True)

    # ----- follow look-alikes --------------------------------------------------------------------
    def viral(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, established(w, 200), rank=(0.3, 0.95))
        t0, scale = self._start(2 * HOUR), r.uniform(20, 50) * MIN
        near = [b for c in list(w.conns[s])[:60] for b in list(w.conns[c])[:10]]
        crowd = self._crowd(r.randint(*mix.viral_followers))
        crowd[: len(crowd) // 4] = near[: len(crowd) // 4] or crowd[: len(crowd) // 4]
        for f in crowd:
            w.at(t0 + int(r.gammavariate(2.0, scale)), self._follow, f, s, "viral_follower", "viral")

    def onboarding_wave(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        suggested = r.sample(w.by_popularity[:60], r.randint(8, 15))
        t0, dur = self._start(90 * MIN), r.randint(30, 90) * MIN
        for _ in range(r.randint(*mix.onboarding_signups)):
            w.at(t0 + int(r.triangular(0, dur, dur * 0.3)), self._onboard, suggested)

    def _onboard(self, suggested: list[int]) -> None:
        w, r = self.w, self.r
        acc = w.new_profile_account(w.now, r.randrange(len(w.communities)), photo_p=0.15)
        acc.existing, acc.bio = False, ""
        if r.random() < 0.45:
            acc.username = w.tg.default_username()
            acc.display_name = acc.username if r.random() < 0.5 else acc.person.first
        w.create(w.now, acc)
        self.life.newcomers.append(acc.idx)
        w.book.lookalike(acc.idx, "onboarding_user")
        t = w.now + r.randint(20_000, 240_000)
        for b in r.sample(suggested, r.randint(3, min(10, len(suggested)))):
            t += r.randint(2_000, 25_000)
            w.at(t, self._follow, acc.idx, b, None, "suggested_account")
        for _ in range(r.choice((0, 0, 1, 2, 4))):
            w.at(t + w.delay_ms(1200, 1.2, 60), self.life.follow, acc.idx)
        if r.random() < 0.4:
            w.at(t + w.delay_ms(900, 1.2, 60), self.life._complete_profile, acc.idx)

    def celebrity(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, rank=(0.0, 0.004))
        rate, t = r.randint(*mix.celebrity_per_hour), w.start
        while True:
            t += int(r.expovariate(rate) * HOUR)
            if t >= w.end:
                break
            pool = self.life.newcomers if self.life.newcomers and r.random() < 0.1 else w.organic
            w.at(t, self._follow_random, pool, s)

    def _follow_random(self, pool: list[int], s: int) -> None:
        self._follow(pool[self.r.randrange(len(pool))], s, None, "celebrity")

    def heavy_follower(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, established(w, 60))
        for _ in range(r.randint(1, 3)):
            t, n = self._start(2 * HOUR), r.randint(30, 150)
            span = r.randint(20, 120) * MIN
            for _ in range(n):
                w.at(t + r.randrange(span), self._spree_follow, s)

    def _spree_follow(self, s: int) -> None:
        b = self.life.follow_target(s) if self.r.random() < 0.7 else popular(self.w)
        if b is not None:
            self._follow(s, b, "heavy_follower", None)

    def organic_surge(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        big = [c for c in w.communities if len(c) >= 60] or w.communities
        members = [i for i in r.choice(big) if i not in w.book.reserved]
        ranked = sorted(members, key=lambda i: -w.accounts[i].fitness)
        targets = ranked[: r.randint(2, 4)]
        w.book.reserved.update(targets)
        t0, scale = self._start(2 * HOUR), r.uniform(10, 30) * MIN
        for f in members:
            for b in targets:
                if f != b and r.random() < 0.6:
                    w.at(
                        t0 + int(r.gammavariate(1.5, scale)),
                        self._follow,
                        f,
                        b,
                        "surge_follower",
                        "organic_surge",
                    )

    # ----- connection look-alikes ----------------------------------------------------------------
    def recruiter(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, lambda a: established(w, 365)(a) and len(w.conns[a.idx]) >= 10)
        company, role = r.choice(names.COMPANIES), r.choice(names.ROLES)
        w.accounts[s].bio = f"Talent partner @ {company} | Hiring {role}s | DMs open"
        per_hour, t = r.uniform(8, 25), self._start(HOUR)
        while t < w.end:
            t += int(r.expovariate(per_hour) * HOUR)
            w.at(t, self._recruit, s, company, role)

    def _recruit(self, s: int, company: str, role: str) -> None:
        w, r = self.w, self.r
        friend = w.pick(w.conns[s]) if r.random() < 0.5 else None
        b = w.pick(w.conns[friend]) if friend is not None else w.organic[r.randrange(len(w.organic))]
        if b is None or not w.can_request(s, b):
            return
        slots = {
            "first": w.accounts[b].person.first,
            "company": company,
            "role": role,
            "city": r.choice(names.CITIES),
        }
        note_p, accept_p = self.mix.recruiter_note_p, self.mix.recruiter_accept_p
        note = w.tg.fill(r.choice(phrases.RECRUITER_NOTES), slots) if r.random() < note_p else None
        if w.request(w.now, s, b, note, mutual_known=r.random() < 0.92):
            w.book.lookalike(s, "recruiter")
            after = partial(self._recruiter_followup, slots)
            w.respond_later(w.now, s, b, accept_p, 0.07, 0.003, 1800, after)

    def _recruiter_followup(self, slots: dict[str, str], ts: int, s: int, b: int) -> None:
        w, r = self.w, self.r
        if r.random() < 0.45:
            text = w.tg.fill(
                r.choice(phrases.RECRUITER_MESSAGES), {**slots, "first": w.accounts[b].person.first}
            )
            w.at(ts + w.delay_ms(1200, 1.0, 60), self._say_then_chat, s, b, text, 0.65)

    def _say_then_chat(self, a: int, b: int, text: str, reply_p: float) -> None:
        w, r = self.w, self.r
        if w.message(w.now, a, b, text) and r.random() < reply_p:
            w.at(w.now + w.delay_ms(900, 1.3, 20), self.life._reply, b, a, r.randint(1, 6))

    def contact_importer(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, lambda a: len(w.conns[a.idx]) >= 10)
        t = self._start(30 * MIN)
        for _ in range(r.randint(30, 120)):
            t += r.randint(3_000, 15_000)
            w.at(t, self._import_one, s)

    def _import_one(self, s: int) -> None:
        w, r = self.w, self.r
        friend = w.pick(w.conns[s])
        members = w.communities[w.accounts[s].community]
        b = w.pick(w.conns[friend]) if friend is not None and r.random() < 0.7 else r.choice(members)
        if b is not None and w.can_request(s, b):
            self._request(s, b, w.note(None, 0.7, 0.3), "contact_importer", 0.8, 3600)

    def conference(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        attendees = self._crowd(r.randint(30, 80), min_age_days=30)
        w.book.reserved.update(attendees)
        conf, t0 = r.choice(phrases.CONFERENCES), self._start(3 * HOUR)
        for a in attendees:
            others = r.sample(attendees, min(len(attendees), r.randint(4, 15)))
            for b in others:
                w.at(t0 + r.randrange(3 * HOUR), self._meet, a, b, conf)

    def _meet(self, a: int, b: int, conf: str) -> None:
        w, r = self.w, self.r
        if a == b or not w.can_request(a, b):
            return
        template = r.choice(phrases.CONFERENCE_NOTES)
        note = w.tg.fill(template, {"first": w.accounts[b].person.first, "conf": conf}) if template else None
        self._request(a, b, note, "conference_attendee", 0.85, 1200)

    # ----- message look-alikes -------------------------------------------------------------------
    def event_inviter(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, lambda a: len(w.conns[a.idx]) >= 25)
        slots = {
            "evname": r.choice(phrases.EVENT_NAMES),
            "day": r.choice(phrases.SLOTS["day"]),
            "time": r.choice(phrases.SLOTS["time"]),
            "venue": r.choice(names.CITIES) + " community hall",
            "link": w.tg.link("lu.ma"),
        }
        template = r.choice(phrases.EVENT_INVITES)
        t = self._start(HOUR)
        friends = sorted(w.conns[s])
        for b in r.sample(friends, min(len(friends), r.randint(*mix.event_invitees))):
            t += r.randint(10_000, 60_000)
            w.at(t, self._invite, s, b, template, slots)

    def _invite(self, s: int, b: int, template: str, slots: dict[str, str]) -> None:
        w, r = self.w, self.r
        if w.message(w.now, s, b, w.tg.fill(template, {**slots, "first": w.accounts[b].person.first})):
            w.book.lookalike(s, "event_inviter")
            if r.random() < self.mix.event_reply_p:
                answer = w.tg.fill(r.choice(phrases.EVENT_REPLIES))
                w.at(w.now + w.delay_ms(1200, 1.3, 20), self._say_then_chat, b, s, answer, 0.6)

    def community_manager(self, mix: LookalikeMix) -> None:
        w, r = self.w, self.r
        s = choose_subject(w, lambda a: len(w.conns[a.idx]) >= 20)
        group, t = r.choice(phrases.GROUPS), w.start + r.randrange(30 * MIN)
        while t < w.end:
            t += r.randint(90_000, 6 * MIN)
            w.at(t, self._manage, s, group)

    def _manage(self, s: int, group: str) -> None:
        w, r = self.w, self.r
        b = w.pick(w.conns[s])
        if b is None:
            return
        w.book.lookalike(s, "community_manager")
        if r.random() < 0.25:
            slots = {"first": w.accounts[b].person.first, "group": group, "channel": "#general"}
            self._say_then_chat(s, b, w.tg.fill(r.choice(phrases.WELCOMES), slots), 0.5)
        else:
            self.life.talk(s, b, r.randint(3, 10))

    def busy(self, mix: LookalikeMix) -> None:
        """Very active members: their activity weight is raised before the stream runs."""
        w, r = self.w, self.r
        s = choose_subject(w, lambda a: len(w.conns[a.idx]) >= 5)
        w.accounts[s].activity = r.uniform(15, 30)
        w.book.lookalike(s, "busy")
