"""Mass connection-request spam: many requests to strangers, then a hard sell to whoever accepts.

The decision is a sequential likelihood-ratio test (Wald's SPRT): "mass-connect spammer" against the
strongest benign explanation of a heavy connector, a recruiter or networker who also writes to many
strangers. Every observation on the sender's key adds its log-likelihood ratio (LLR); responses arrive
hours after the requests and move the sum as they come, so the decision sharpens without waiting for
them. Everything arrives on the sender's key (`events.home_key`), replies as `MessageReceived` records
forwarded by the message-spam detector.

Observations (probabilities under spam / benign in `Weights`, set on dev streams):

* request: to a stranger (mutual_connections == 0) or not (absent = unknown: no evidence); among
  requests to strangers, stock invitation or personal note; no answer yet, as a survival observation.
* response: accept / decline / "I don't know this person" report.
* after an accept: a pitch (a message to the new contact with a link, or at least two sales-language
  hits, within a day: one sales word is small talk); strong evidence after a stock invitation to a
  stranger, weak after a personal note (a recruiter's job link is what the note promised),
  a scripted one (within two minutes of the accept), or no pitch at all once the contact is hours old.
* after a pitch: the recipient's reply, or silence that grows with the pitch's age.

Gates, because no single figure survives real traffic: a report needs `min_strangers` requests to
strangers; below `mass_volume` requests a day (a conference, a job search) what the requests alone
contribute is capped below the threshold and the pitches must add `low_volume_pitch` of evidence.
The first report is a review; a rate limit (score >= 0.95) also needs evidence from after the requests
(answers, pitches), never the requests alone.

The LLR is recomputed from a bounded per-recipient table (the last `MAX_PEERS` requests, quiet rows age
out after `window_ms`), so it is the same whatever order the events arrive in. Recipients are 32-bit
hashes, never ids or text.

river is not used: a tuning stream holds a handful of connect spammers, too few to fit a model that would
not memorise the simulator, and every LLR term is a figure in the evidence a reviewer can check.
Reviewer verdicts re-weighting the probabilities is where an online learner would earn its keep.

Still weak: a slow spammer and a recruiter who sends the job's link to every new contact differ mostly in
their notes (generic or stock against personal) and in the answers their follow-ups get; on the blind
streams one or the other side of that line is sometimes crossed (`tests/test_blind_streams.py`).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from typing import Any

import msgspec

from pipeline import events as ev
from pipeline.detectors.base import Finding
from pipeline.detectors.message_spam import MessageReceived, llr_score, message_print
from pipeline.engine import Context

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
MAX_PEERS = 256

AFTER_REQUESTS = ("unanswered", "responses", "pitches", "scripted_pitches", "pitch_replies")

# per-recipient flags
KNOWN, STRANGER, STOCK, ACCEPT, DECLINE, REPORT, BRIEF = 1, 2, 4, 8, 16, 32, 64
BRIEF_WORDS = 15  # a note shorter than this says nothing the stock text does not ("Hi Ann, let's
# connect!"); one that says why (the role, the shared context) takes a sentence or two


class SenderPeers(msgspec.Struct, array_like=True):
    """One sender's recent requests, one row per recipient (parallel lists, oldest first)."""

    first_ts: int = 0
    rep_level: int = 0  # 1 = reported for review, 2 = reported at rate-limit strength
    rep_ts: int = 0
    peer: list[int] = msgspec.field(default_factory=list)  # crc32 of the recipient id
    req: list[int] = msgspec.field(default_factory=list)  # request ts (0: only a response seen yet)
    flags: list[int] = msgspec.field(default_factory=list)
    resp: list[int] = msgspec.field(default_factory=list)  # response ts
    pitch: list[int] = msgspec.field(default_factory=list)  # first link/sales message ts to the peer
    reply: list[int] = msgspec.field(default_factory=list)  # latest message ts from the peer
    samples: list[str] = msgspec.field(default_factory=list)


@dataclass(frozen=True)
class Weights:
    """P(observation | spammer) and P(observation | benign heavy connector), calibrated on dev streams."""

    stranger: tuple[float, float] = (0.85, 0.45)  # P(mutual == 0 | mutual known)
    # P(stock invitation | request to a stranger): weak. Recruiters write notes, but most members never do
    # (job seekers, new users: a second, independently written simulator showed them at 0.8-1.0).
    stock: tuple[float, float] = (0.7, 0.5)
    accept: tuple[float, float] = (0.62, 0.88)  # shares of responses (accept, decline, report)
    decline: tuple[float, float] = (0.30, 0.115)
    report: tuple[float, float] = (0.08, 0.005)
    # P(link/sales message within a day | accepted), by what the request said. After a personal note a
    # link is often what the note promised (a recruiter's job, a sales person's deck): moderate evidence.
    # After a stock invitation, a link within the day is the connect-then-pitch pattern itself.
    pitch: tuple[float, float] = (0.9, 0.5)
    pitch_after_stock: tuple[float, float] = (0.9, 0.03)
    fast: tuple[float, float] = (0.5, 0.02)  # P(pitch within `fast_ms` of the accept | pitch)
    reply: tuple[float, float] = (0.1, 0.5)  # P(recipient eventually replies | pitch)
    answered: tuple[float, float] = (0.5, 0.65)  # P(the recipient answers at all | request): strangers
    # ignore even a recruiter's request, so silence is weak evidence
    answer_median_ms: int = 40 * 60_000  # median answer delay (log-logistic survival): a prior, replaced
    # by the partition's learned median once it has seen answers (`AnswerDelay`)
    reply_median_ms: int = 20 * 60_000  # median reply delay to a pitch (log-logistic survival)
    fast_ms: int = 120_000
    mass_volume: int = 50  # requests a day from which the request pattern alone may decide: above a
    # job seeker's or a conference's few dozen, below a fast connector's hundreds; or half of it within
    # `pace_window_ms` (a pace of hundreds a day: a fast connector's first session)
    pace_window_ms: int = 2 * HOUR_MS
    request_cap: float = 5.0  # below it, what the requests alone contribute is capped: a conference
    # or a job search is a handful of requests to strangers, so a report then needs what followed
    low_volume_pitch: float = 1.0  # below `mass_volume`, a report needs this much LLR from the pitches:
    # one sell after a stock invitation to a stranger, or several after personal notes (a recruiter's
    # job link is what its note promised)
    no_pitch_after_ms: int = 4 * HOUR_MS  # an accepted contact this old and never pitched
    pitch_window_ms: int = DAY_MS


def _bern(p: tuple[float, float], hit: bool) -> float:
    return math.log(p[0] / p[1]) if hit else math.log((1 - p[0]) / (1 - p[1]))


class AnswerDelay:
    """The platform's median delay from a request to its answer, learned online per partition (in
    memory; a restart starts again from the prior): members of one platform answer within the hour, of
    another within days, and silence only means something against that. A stochastic-approximation
    median in log time: each observed delay moves it a fixed step towards itself."""

    STEP = 0.02  # log units per observation: a thousand answers can move it by up to a factor of e^20

    def __init__(self, prior_ms: int = 40 * 60_000) -> None:
        self.log_m = math.log(prior_ms)
        self.seen = 0

    def observe(self, delay_ms: int) -> None:
        if delay_ms > 0:
            self.log_m += self.STEP if math.log(delay_ms) > self.log_m else -self.STEP
            self.log_m = min(max(self.log_m, math.log(10 * 60_000)), math.log(DAY_MS))
            self.seen += 1

    @property
    def median_ms(self) -> int:
        return int(math.exp(self.log_m))


def score_peers(
    st: SenderPeers, now: int, w: Weights = Weights(), answer_median_ms: int | None = None
) -> tuple[float, dict[str, Any]]:
    """LLR of spam vs benign heavy connector from the peer table at event time `now`, with its parts.
    `answer_median_ms`: the learned answer delay (default: the prior in `w`)."""
    answer_m = answer_median_ms or w.answer_median_ms
    n = known = strangers = stock = acc = dec = rep = pitched = fast = replied = unpitched = 0
    recent = burst = 0
    silence = unanswered = 0.0
    a1, a0 = w.answered
    delays: list[int] = []
    l_str_hit, l_str_miss = _bern(w.stranger, True), _bern(w.stranger, False)
    pitch_parts = 0.0
    for i, fl in enumerate(st.flags):
        if st.req[i]:
            n += 1
            recent += now - st.req[i] <= DAY_MS
            burst += now - st.req[i] <= w.pace_window_ms
            if not fl & (ACCEPT | DECLINE | REPORT) and now > st.req[i]:
                f = _loglogistic(now - st.req[i], answer_m)
                unanswered += math.log((1 - a1 * f) / (1 - a0 * f))
            if fl & KNOWN:
                known += 1
                if fl & STRANGER:
                    strangers += 1
                    stock += bool(fl & STOCK)
        if fl & ACCEPT:
            acc += 1
            a, p = st.resp[i], st.pitch[i]
            # connect-then-pitch is a stock (or brief) invitation to a stranger; a link to a colleague
            # (mutual connections) after the stock invitation is how people who never write notes work
            after = (
                w.pitch_after_stock if fl & (STOCK | BRIEF) and fl & (KNOWN | STRANGER) != KNOWN else w.pitch
            )
            if p and a <= p <= a + w.pitch_window_ms:
                pitched += 1
                pitch_parts += _bern(after, True)
                fast += p - a <= w.fast_ms
                delays.append(p - a)
                if st.reply[i] > p:
                    replied += 1
                elif now > p:
                    f = _loglogistic(now - p, w.reply_median_ms)
                    silence += math.log((1 - w.reply[0] * f) / (1 - w.reply[1] * f))
            elif now - a >= w.no_pitch_after_ms:
                unpitched += 1
                pitch_parts += _bern(after, False)
        elif fl & DECLINE:
            dec += 1
        elif fl & REPORT:
            rep += 1
    answers = acc + dec + rep
    parts = {
        "strangers": strangers * l_str_hit + (known - strangers) * l_str_miss,
        "stock_to_strangers": stock * _bern(w.stock, True) + (strangers - stock) * _bern(w.stock, False),
        "unanswered": unanswered + answers * math.log(a1 / a0),
        "responses": acc * math.log(w.accept[0] / w.accept[1])
        + dec * math.log(w.decline[0] / w.decline[1])
        + rep * math.log(w.report[0] / w.report[1]),
        "pitches": pitch_parts,
        "scripted_pitches": fast * _bern(w.fast, True) + (pitched - fast) * _bern(w.fast, False),
        "pitch_replies": replied * math.log(w.reply[0] / w.reply[1]) + silence,
    }
    requests_llr = parts["strangers"] + parts["stock_to_strangers"]
    mass = recent >= w.mass_volume or 2 * burst >= w.mass_volume  # a day's volume, or its pace
    parts["low_volume_cap"] = 0.0 if mass else min(0.0, w.request_cap - requests_llr)
    figures = {
        "requests": n,
        "requests_24h": recent,
        "requests_2h": burst,
        "mass_volume": mass,
        "mutual_known": known,
        "to_strangers": strangers,
        "stock_to_strangers": stock,
        "accepts": acc,
        "declines": dec,
        "reports": rep,
        "pitched": pitched,
        "scripted_pitches": fast,
        "pitch_replies": replied,
        "accepted_never_pitched": unpitched,
        "median_pitch_delay_s": round(sorted(delays)[len(delays) // 2] / 1000) if delays else None,
    }
    return sum(parts.values()), {"parts": parts, "figures": figures}


def _loglogistic(age_ms: int, median_ms: int) -> float:
    """P(an answer that will come has come by `age_ms`): log-logistic, shape 1 (people answer over hours)."""
    return age_ms / (age_ms + median_ms)


_MESSAGES = frozenset((ev.MessageSent, MessageReceived))


def _hash(account: str) -> int:
    return zlib.crc32(account.encode())


class MassConnectDetector:
    """Per-sender SPRT over requests, responses, pitches and replies (see the module docstring)."""

    name = "mass_connect"
    category = "mass_connect_spam"
    accepts = (
        ev.ConnectRequest,
        ev.ConnectAccept,
        ev.ConnectDecline,
        ev.ConnectReport,
        ev.MessageSent,
        MessageReceived,
    )
    derived_types = (MessageReceived,)
    STORE = "mass_connect"

    def __init__(
        self,
        threshold: float = 4.5,
        escalate: float = 9.0,
        min_requests_24h: int = 6,
        min_strangers: int = 4,
        weights: Weights | None = None,
        window_ms: int = 3 * DAY_MS,
        ttl_ms: int = 7 * DAY_MS,
    ) -> None:
        self.threshold = threshold
        self.escalate = escalate
        self.min_requests_24h = min_requests_24h
        self.min_strangers = min_strangers
        self.weights = weights or Weights()
        self.window_ms = window_ms
        self.stores = [(self.STORE, SenderPeers, ttl_ms)]

    def handle(self, key: str, item: Any, ctx: Context) -> None:
        store = ctx.store(self.STORE)
        ts = ctx.ts
        st: SenderPeers | None = store.get(key, ts)
        if st is None and type(item) in _MESSAGES:
            return  # a message from or to someone who sent no requests: nothing to join (most messages)
        if st is not None:
            self._age_out(st, ctx.now)  # not the item's ts: a broken producer's must not wipe the rows
        if isinstance(item, ev.ConnectRequest):
            if st is None:
                st = SenderPeers(first_ts=ts)
            i = self._row(st, _hash(item.target_id))
            st.req[i] = ts
            fl = st.flags[i] & ~(KNOWN | STRANGER | STOCK | BRIEF)
            if item.mutual_connections is not None:
                fl |= KNOWN | (STRANGER if item.mutual_connections == 0 else 0)
            if ev.is_stock_note(item.note):
                fl |= STOCK
            elif item.note is not None and item.note.count(" ") < BRIEF_WORDS - 1:
                fl |= BRIEF
            st.flags[i] = fl
            st.first_ts = min(st.first_ts, ts)
            st.samples = [*st.samples[-4:], item.event_id]
        elif isinstance(item, ev.ConnectAccept | ev.ConnectDecline | ev.ConnectReport):
            if st is None:
                st = SenderPeers(first_ts=ts)
            i = self._row(st, _hash(item.actor_id))
            bit = ACCEPT if isinstance(item, ev.ConnectAccept) else DECLINE
            bit = REPORT if isinstance(item, ev.ConnectReport) else bit
            st.flags[i] |= bit
            st.resp[i] = ts
            if st.req[i] and not st.flags[i] & (bit ^ (ACCEPT | DECLINE | REPORT)):  # its first answer
                ctx.local("mass_connect.answer_delay", AnswerDelay).observe(ts - st.req[i])
        elif st is None:
            return
        elif isinstance(item, ev.MessageSent):
            i = self._find(st, _hash(item.target_id))
            if i < 0 or (st.pitch[i] and st.pitch[i] <= ts):
                return  # kept even before the accept is seen: a pitch seconds later may arrive first
            tp = message_print(item, ctx)
            if not (tp.has_link or (tp.sales_score >= 2 and not tp.too_short)):
                return  # one sales word is small talk ("loved your talk at the webinar"), not a sell
            st.pitch[i] = ts
        else:  # MessageReceived: a contact wrote back
            i = self._find(st, _hash(item.from_id))
            if i < 0 or st.reply[i] >= ts:
                return
            st.reply[i] = ts
        self._decide(key, st, ts, ctx)
        store.put(key, st, ts)

    def _age_out(self, st: SenderPeers, ts: int) -> None:
        """Forget rows quiet for `window_ms`: a burst after a quiet spell is judged (and reviewed) afresh,
        as the ledger opens a new episode for it."""
        limit = ts - self.window_ms
        while st.peer and max(st.req[0], st.resp[0], st.pitch[0], st.reply[0]) < limit:
            for col in (st.peer, st.req, st.flags, st.resp, st.pitch, st.reply):
                del col[0]
        if st.rep_ts < limit:
            st.rep_level = 0
        if st.first_ts < limit:
            st.first_ts = min((t for t in (*st.req, *st.resp) if t), default=ts)

    def _find(self, st: SenderPeers, h: int) -> int:
        try:
            return st.peer.index(h)
        except ValueError:
            return -1

    def _row(self, st: SenderPeers, h: int) -> int:
        i = self._find(st, h)
        if i >= 0:
            return i
        if len(st.peer) >= MAX_PEERS:  # the oldest row goes: rates are over the recent requests
            for col in (st.peer, st.req, st.flags, st.resp, st.pitch, st.reply):
                del col[0]
        for col, v in ((st.peer, h), (st.req, 0), (st.flags, 0), (st.resp, 0), (st.pitch, 0), (st.reply, 0)):
            col.append(v)
        return len(st.peer) - 1

    def _decide(self, key: str, st: SenderPeers, ts: int, ctx: Context) -> None:
        if st.rep_level >= 2 and ts - st.rep_ts < DAY_MS:
            return  # decided at full strength today: nothing a new score could add
        # Scored at the stream's time, not the triggering event's: a late event does not wind the
        # clock back, so the last decision on a key is the same in any arrival order.
        delay = ctx.local("mass_connect.answer_delay", AnswerDelay)
        llr, detail = score_peers(st, ctx.now, self.weights, delay.median_ms if delay.seen >= 100 else None)
        if llr < self.threshold:
            return
        fig = detail["figures"]
        if fig["requests_24h"] < self.min_requests_24h or fig["to_strangers"] < self.min_strangers:
            return
        parts = detail["parts"]
        if not fig["mass_volume"] and parts["pitches"] < self.weights.low_volume_pitch:
            return  # a few dozen requests to strangers are spam only when sells follow them
        # What the recipients said (declines, reports) and what the sender did after the accepts
        # (pitches): the requests alone justify a review, never a rate limit.
        after = sum(v for k, v in parts.items() if k in AFTER_REQUESTS)
        confirmed = after >= self.threshold / 2
        level = 2 if llr >= self.escalate and confirmed else 1
        if level <= st.rep_level and ts - st.rep_ts < DAY_MS:
            return  # already decided; re-reported once a day so a long campaign stays one episode
        st.rep_level, st.rep_ts = max(level, st.rep_level), ts
        shown = llr if confirmed else min(llr, (self.threshold + self.escalate) / 2)
        reasons = [r for r, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v >= 1.0]
        ctx.report(
            Finding(
                subject_id=key,
                category=self.category,
                score=llr_score(shown, self.threshold, self.escalate),
                reasons=reasons or ["mass_connect_llr"],
                evidence={
                    **fig,
                    "stranger_share": round(fig["to_strangers"] / fig["mutual_known"], 3)
                    if fig["mutual_known"]
                    else None,
                    "llr": round(llr, 2),
                    "llr_after_requests": round(after, 2),
                    "llr_parts": {k: round(v, 2) for k, v in parts.items()},
                    "threshold": self.threshold,
                    "sample_event_ids": list(st.samples),
                },
                detector=self.name,
                ts=ts,
                first_evidence_ts=st.first_ts,
            )
        )

    def forget(self, key: str, ctx: Context) -> None:
        ctx.store(self.STORE).delete(key)
