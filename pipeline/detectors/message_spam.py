"""Templated message spam: the same message to many recipients, who do not answer.

Decided on the sender's key from fingerprints and figures; message text is read only while
`textprint.fingerprint` runs, and no text, token or recipient id is kept (recipients are 32-bit hashes).

* Templates: the sender's unsolicited messages (not answers in a live conversation, not follow-ups to
  someone already written to, at least 6 words) are grouped into near-duplicate clusters: MinHash
  similarity to any kept signature of a cluster, or the same link domain and a loose similarity, with
  single linkage (a message that bridges two clusters merges them), so heavy spintax stays one template.
* Replies: a message of a template in the making is forwarded to its recipient's key as a
  `MessageReceived` (ids and time only); the recipient's first answer comes back the same way. A copy
  that has aged without an answer is evidence (log-logistic survival); an answer is evidence the other
  way. Silence only counts once time has passed, and a hijacked account may send nothing after its
  blast, so senders with a template below the threshold are re-scored by per-partition wake-ups
  (`Wakeups`, in memory, re-planned from the stored templates when a partition is restored).
* Campaigns: copies with a link or sales language forward their 16 LSH band keys to `lsh:<band>` keys,
  which keep the distinct senders per band for a few hours and echo the co-senders back (`CoSenders`):
  one pitch spread thinly over many senders adds up.
* Spun or pasted: spam tools vary every copy (spintax, a tracking link per recipient) to get past
  duplicate filters; an organiser or a newsletter author pastes one text and one link. Spun copies are
  evidence (`varied_copies`); one link for everyone (or, without a link, one pasted text) makes the
  benign alternative a broadcast to an audience, which answers less and later than people invited one
  by one (`Weights.reply_broadcast`). A template made to look personal (spun, or a link per recipient)
  that goes out faster than a person writes (`blast_per_hour`) is evidence too (`personal_blast`): a
  hijacked account's blast is caught before its silence is complete. A template sent mostly to contacts
  who had just accepted the sender's personal-note request (a recruiter sending the role its note named;
  not a brief note, which says no more than the stock text) is left to the mass-connect detector,
  unless that detector has reported the sender.
* The hard sell after mass connecting: when the mass-connect detector (same key) has reported the sender,
  a template that went to at least `min_recipients` contacts who had just accepted its requests is that
  sell. Connect spammers that pitched enough new contacts are message spammers too.

The decision is a log-likelihood ratio (LLR) of "templated spam" against "benign bulk messager" (an
event inviter, a community manager, a recruiter following up), the strongest benign explanation of one
text sent to many people: per template link, sales language, co-senders, connect pitch; per copy answer
or silence. Text alone is easy to evade and would flag the event inviter, so a template must also reach
`min_recipients` distinct recipients, and behaviour (silence, many senders, new contacts) carries most of
the weight. Thresholds and probabilities were set on dev streams (`Weights`).

river is not used: a tuning stream holds a few dozen spammers of four kinds, too few to fit a model that
would not memorise the simulator, and every LLR term is a figure in the evidence a reviewer can check.

Still weak: a hijacked account that pastes one text with one link to its friends is judged against a
broadcast, so it needs more silence and ignored replies to be flagged than a spun blast; the detector
does not know which recipients follow the sender, which would tell an audience from strangers.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any

import msgspec

from pipeline import events as ev
from pipeline.detectors.base import Finding
from pipeline.engine import Context
from pipeline.sketch.textprint import SIMILAR, TextPrint, band_keys, fingerprint

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS


class MessageReceived(msgspec.Struct, tag="msg_received", kw_only=True):
    """A message reached the key's account: from whom and when (forwarded from the sender's key)."""

    event_id: str
    ts: int
    from_id: str


class BandHit(msgspec.Struct, tag="band_hit", kw_only=True):
    """One LSH band of a templated message, addressed to the band's key."""

    event_id: str
    ts: int
    sender: str
    cid: int


class CoSenders(msgspec.Struct, tag="co_senders", kw_only=True):
    """Other senders seen on a band of the sender's template cluster `cid` (hashed ids)."""

    event_id: str
    ts: int
    cid: int
    others: list[int]


class Cluster(msgspec.Struct, array_like=True):
    """One near-duplicate template of a sender: signatures, features, recipients (hashed), replies."""

    cid: int
    first_ts: int
    last_ts: int
    sigs: list[bytes]
    domain: int = 0
    msgs: int = 0
    links: int = 0
    sales: int = 0
    overflow: int = 0  # recipients beyond MAX_RECIPIENTS
    fresh: int = 0  # recipients who had accepted the sender's connection request within a day before
    rcpt: list[int] = msgspec.field(default_factory=list)
    sent: list[int] = msgspec.field(default_factory=list)
    replied: list[int] = msgspec.field(default_factory=list)
    co: list[int] = msgspec.field(default_factory=list)
    samples: list[str] = msgspec.field(default_factory=list)
    back: list[int] = msgspec.field(default_factory=list)  # when the sender answered the recipient's reply
    # (0: not yet; -1: unknown, the recipient came before this list existed)
    compared: int = 0  # copies compared with the kept signatures (0 for clusters stored before: unknown)
    exact: int = 0  # of them, near-exact copies (similarity >= EXACT)
    url: int = 0  # CRC32 of the first copy's first link (0: none)
    same_url: int = 0  # compared copies whose first link is that very link (not one per recipient)


class SenderMessages(msgspec.Struct, array_like=True):
    next_cid: int = 1
    rep_level: int = 0
    rep_ts: int = 0
    clusters: list[Cluster] = msgspec.field(default_factory=list)
    inb: list[int] = msgspec.field(default_factory=list)  # hashed accounts that wrote to this one
    inb_first: list[int] = msgspec.field(default_factory=list)
    inb_last: list[int] = msgspec.field(default_factory=list)
    inb_ans: list[int] = msgspec.field(default_factory=list)  # 1 once our first answer was forwarded
    outb: list[int] = msgspec.field(default_factory=list)  # hashed accounts this one wrote to, recently
    outb_ts: list[int] = msgspec.field(default_factory=list)  # when (first message in the window)


class BandState(msgspec.Struct, array_like=True):
    joins: int = 0  # senders that ever joined (the "told" marks compare against it)
    senders: list[str] = msgspec.field(default_factory=list)
    cids: list[int] = msgspec.field(default_factory=list)
    ts: list[int] = msgspec.field(default_factory=list)
    told: list[int] = msgspec.field(default_factory=list)


MAX_CLUSTERS = 8
MAX_SIGS = 4
MAX_RECIPIENTS = 256
MAX_INBOUND = 48
MAX_OUTBOUND = 32
MAX_BAND_SENDERS = 8
B_COLLIDE = 1.0 / 256  # chance that two different 8-bit MinHash values are equal (textprint)
SHORT_CHARS = 60  # below it only messages with a link or a handle are fingerprinted (they cost the most:
# a short text leaves most MinHash bins empty, and filling them is the slow path of textprint)
LOOSE = 0.1  # similarity that suffices when the link domain is the same
EXACT = 0.9  # a copy this similar to a kept signature is copy-paste (a name at most changed), not spun
ECHO_AT = (3, 5, 8)  # distinct senders on a band at which every sender on it is told


WAKE_AFTER_MS = tuple(m * 60_000 for m in (30, 60, 90, 120, 180, 240))  # re-score a template this long
# after its last copy: its silence and its ignored replies are evidence that grows with time alone


class Wakeups:
    """Per-partition re-scoring schedule: (due event time, sender key), one pending entry per key.

    In memory only, and re-planned from the senders' stored templates when a partition's state is
    restored (`MessageSpamDetector.restore`): a hijacked account that blasted and went quiet has no
    next event of its own to re-score it. Keys in it belong to this partition (they were scheduled
    while their own events were processed here)."""

    def __init__(self) -> None:
        self.heap: list[tuple[int, str]] = []
        self.pending: dict[str, tuple[int, int]] = {}  # key -> (due, round)

    def schedule(self, key: str, last_ts: int, done: int) -> None:
        due = last_ts + WAKE_AFTER_MS[done]
        if self.pending.get(key, (0, 0))[0] == due:
            return
        self.pending[key] = (due, done)
        heapq.heappush(self.heap, (due, key))

    def due(self, watermark: int) -> list[tuple[str, int]]:
        out = []
        while self.heap and self.heap[0][0] <= watermark:
            due, key = heapq.heappop(self.heap)
            entry = self.pending.get(key)
            if entry is not None and entry[0] == due:  # else superseded by a later schedule
                del self.pending[key]
                out.append((key, entry[1]))
        return out


class _Memo:
    __slots__ = ("event_id", "tp")

    def __init__(self) -> None:
        self.event_id = ""
        self.tp: TextPrint | None = None


def message_print(item: ev.MessageSent, ctx: Context) -> TextPrint:
    """The message's fingerprint, computed once per event for every detector that asks."""
    memo: _Memo = ctx.local("message_spam.print", _Memo)
    if memo.event_id != item.event_id or memo.tp is None:
        memo.event_id, memo.tp = item.event_id, fingerprint(item.text)
    return memo.tp


def _hash(account: str) -> int:
    return zlib.crc32(account.encode())


@dataclass(frozen=True)
class Weights:
    """P(observation | spam) and P(observation | benign bulk messager), calibrated on dev streams."""

    link: tuple[float, float] = (0.95, 0.3)  # template carries a link
    sales: tuple[float, float] = (0.7, 0.1)  # template uses sales language
    reply: tuple[float, float] = (0.15, 0.45)  # P(recipient eventually replies)
    # ... when one link goes to everyone (no per-recipient tracking link; without a link, one pasted
    # text): the benign sender is then broadcasting to an audience (a newsletter, an announcement, even
    # with a greeting or a topic per reader), which answers less, and later, than people invited one by one
    reply_broadcast: tuple[float, float] = (0.15, 0.25)
    reply_median_ms: int = 30 * 60_000  # median reply delay (log-logistic survival: people reply over hours);
    # a prior: once `reply_seen` recipients have replied, the median of their delays if it is longer (an
    # audience that answers slowly, a newsletter's readers, is given the time it takes; early replies
    # are the fast ones, so the observed median only ever lengthens the prior)
    reply_seen: int = 3
    # an answer may reach this key up to the contract's arrival bound after its event time (in a worker it
    # also takes a hop through the keyed topic), so a copy's silence counts only from then
    reply_grace_ms: int = 10 * 60_000
    # P(the sender answers a recipient who replied): a hijacker or a script does not talk to the people
    # who answer its blast ("is this really you?"); an organiser or a recruiter does
    answer_back: tuple[float, float] = (0.3, 0.6)
    answer_back_median_ms: int = 60 * 60_000
    # P(most copies are spun, not copy-paste): spam tools vary every copy (spintax) to get past duplicate
    # filters; an organiser or an author pastes one text, with a name at most. Recruiters personalise too,
    # so the benign side is not small, and a spammer who pastes loses only this term.
    varied: tuple[float, float] = (0.5, 0.15)
    co_sender: float = 0.5  # LLR per distinct co-sender of a link/sales template beyond `co_free`
    co_free: int = 2  # a few senders share benign templates too (two event invitations, a welcome text)
    co_cap: int = 20
    campaign_per_hour: float = 2.0  # a campaign member's own pace, below which co-senders count less
    # P(a template made to look personal -- spun copies or a link per recipient, not one broadcast -- goes
    # out at `blast_per_hour` copies an hour or faster): a hijacked account or a script does; a person
    # writing to people one by one (a recruiter, a community manager, a sales rep) does not. Judged once
    # the template has `blast_min` copies, so the pace is a rate and not two copies a second apart.
    personal_blast: tuple[float, float] = (0.3, 0.02)
    blast_per_hour: float = 30.0
    blast_min: int = 10
    connect_pitch: tuple[float, float] = (0.3, 0.003)  # P(template goes to the new contacts of a sender
    # the mass-connect test already rejects), for spam / benign


def _bern(p: tuple[float, float], hit: bool) -> float:
    return math.log(p[0] / p[1]) if hit else math.log((1 - p[0]) / (1 - p[1]))


def score_cluster(
    c: Cluster, now: int, w: Weights = Weights(), connect_spammer: bool = False, min_fresh: int = 5
) -> tuple[float, dict[str, Any]]:
    """LLR of spam vs benign bulk messager for one template cluster at event time `now`, with parts.

    `connect_spammer`: the sender's mass-connect LLR is over that detector's threshold; with at least
    `min_fresh` of the template's recipients being contacts who accepted the sender's request within a
    day before, the template is the sell that follows mass connecting."""
    pitch = connect_spammer and c.fresh >= min_fresh
    link = 2 * c.links >= c.msgs
    sales = 2 * c.sales >= c.msgs
    pasted = c.compared >= 3 and 2 * c.exact >= c.compared
    # one link for everyone (no tracking link per recipient), or one pasted text when there is no link
    broadcast = c.compared >= 3 and (2 * c.same_url >= c.compared if c.links else pasted)
    q1, q0 = w.reply_broadcast if broadcast else w.reply
    l_reply = math.log(q1 / q0)
    m, grace = w.reply_median_ms, w.reply_grace_ms
    delays = sorted(r - s for s, r in zip(c.sent, c.replied, strict=True) if r > s)
    if len(delays) >= w.reply_seen:
        m = max(m, delays[len(delays) // 2])
    b1, b0, mb = w.answer_back[0], w.answer_back[1], w.answer_back_median_ms
    replied = answered = 0
    silence = ignored = 0.0
    back = c.back
    for i, (s, r) in enumerate(zip(c.sent, c.replied, strict=True)):
        if r > s:
            replied += 1
            b = back[i] if i < len(back) else -1
            if b > r:
                answered += 1
            elif b == 0 and now > r:
                f = (now - r) / (now - r + mb)
                ignored += math.log((1 - b1 * f) / (1 - b0 * f))
        elif now - s > grace:
            f = (now - s - grace) / (now - s - grace + m)
            silence += math.log((1 - q1 * f) / (1 - q0 * f))
    per_hour = c.msgs * HOUR_MS / max(c.last_ts - c.first_ts, 60_000)
    parts = {
        "link": _bern(w.link, link),
        "sales_language": _bern(w.sales, sales),
        "varied_copies": _bern(w.varied, not pasted) if c.compared >= 3 else 0.0,
        "no_replies": replied * l_reply + silence,
        "replies_ignored": answered * math.log(b1 / b0) + ignored,
        # many senders of one text are a campaign while its recipients stay silent and its senders push
        # it: a link many members share (a share button's text, an event) gets answered, and goes out
        # now and then over a day. The evidence fades out as the reply rate moves from halfway between
        # the spam and benign rates to the benign one, and below `campaign_per_hour` copies an hour.
        "multi_sender_campaign": w.co_sender
        * max(0, min(len(c.co), w.co_cap) - w.co_free)
        * min(1.0, max(0.0, 2 * (w.reply[1] - replied / len(c.sent)) / (w.reply[1] - w.reply[0])))
        * min(1.0, per_hour / w.campaign_per_hour)
        if (link or sales) and c.sent
        else 0.0,
        "mass_connect_pitch": _bern(w.connect_pitch, pitch) if link or sales else 0.0,
        "personal_blast": _bern(w.personal_blast, per_hour >= w.blast_per_hour)
        if c.compared >= 3 and not broadcast and c.msgs >= w.blast_min
        else 0.0,
    }
    n = len(c.rcpt) + c.overflow
    figures = {
        "recipients": n,
        "messages": c.msgs,
        "link_share": round(c.links / c.msgs, 3) if c.msgs else 0.0,
        "sales_share": round(c.sales / c.msgs, 3) if c.msgs else 0.0,
        "replied": replied,
        "answered_back": answered,
        "reply_rate": round(replied / len(c.rcpt), 3) if c.rcpt else None,
        "co_senders": len(c.co),
        "exact_copy_share": round(c.exact / c.compared, 3) if c.compared else None,
        "one_link_share": round(c.same_url / c.compared, 3) if c.compared and c.links else None,
        "broadcast": broadcast,
        "to_new_contacts": c.fresh,
        "span_s": round((c.last_ts - c.first_ts) / 1000),
        # sending speed: a script or a hijacked account blasts faster than a person writing to friends
        "per_hour": round(per_hour, 1),
        "reply_median_s": round(m / 1000),
    }
    return sum(parts.values()), {"parts": parts, "figures": figures}


def llr_score(llr: float, threshold: float, escalate: float) -> float:
    """Map an LLR to 0..1: 0.8 at the report threshold, 0.95 (the policy's rate-limit line) at `escalate`."""
    z = 1.386 + (llr - threshold) * 1.558 / (escalate - threshold)
    return 1.0 / (1.0 + math.exp(-z))


class MessageSpamDetector:
    """Per-sender template clusters, replies and cross-sender LSH bands (see the module docstring)."""

    name = "message_spam"
    category = "message_spam"
    accepts = (ev.MessageSent, MessageReceived, BandHit, CoSenders)
    derived_types = (MessageReceived, BandHit, CoSenders)
    STORE = "message_spam"
    BAND_STORE = "message_spam_band"

    def __init__(
        self,
        threshold: float = 4.0,
        escalate: float = 10.0,
        min_recipients: int = 5,
        band_window_ms: int = 6 * HOUR_MS,
        conversation_ms: int = 6 * HOUR_MS,
        weights: Weights | None = None,
        ttl_ms: int = 3 * DAY_MS,
    ) -> None:
        self.threshold = threshold
        self.escalate = escalate
        self.min_recipients = min_recipients
        self.band_window_ms = band_window_ms
        self.conversation_ms = conversation_ms
        self.ttl_ms = ttl_ms
        self.weights = weights or Weights()
        self.stores = [
            (self.STORE, SenderMessages, ttl_ms),
            (self.BAND_STORE, BandState, band_window_ms),
        ]

    # ----- dispatch --------------------------------------------------------------------------------
    def handle(self, key: str, item: Any, ctx: Context) -> None:
        wake = ctx.local("message_spam.wake", Wakeups)
        if wake.heap and wake.heap[0][0] <= ctx.watermark:
            self._wake_up(wake, ctx)
        if isinstance(item, ev.MessageSent):
            self._sent(key, item, ctx)
        elif isinstance(item, MessageReceived):
            self._received(key, item, ctx)
        elif isinstance(item, BandHit):
            self._band(key, item, ctx)
        else:
            self._co_senders(key, item, ctx)

    def _sent(self, key: str, item: ev.MessageSent, ctx: Context) -> None:
        if item.target_id == key:
            return
        ts = ctx.ts
        store = ctx.store(self.STORE)
        st: SenderMessages | None = store.get(key, ts)
        h = _hash(item.target_id)
        j = _index(st.inb, h) if st is not None else -1
        if st is not None and j >= 0 and _wrote_before(st, j, ts, self.conversation_ms):
            # They wrote first: a conversation, not an unsolicited message. The first answer is
            # forwarded, so the other side's templates learn they got a reply; later turns are not.
            answered = _answer_back(st, h, ts, item, ctx)
            if not st.inb_ans[j]:
                st.inb_ans[j] = 1
                ctx.forward(item.target_id, MessageReceived(event_id=item.event_id, ts=ts, from_id=key))
                answered = True
            if answered:
                store.put(key, st, ts)
            return
        # Not (yet) known as an answer: their message may still be on its way here (in the worker it
        # takes a hop through the keyed topic while this one came straight from ingest), so remember
        # whom we wrote and when; `_received` recognises the answer when their message arrives.
        st = st or SenderMessages()
        _remember_outbound(st, h, ts, self.conversation_ms)
        store.put(key, st, ts)
        text = item.text
        if text.count(" ") < 5 and "://" not in text and "www." not in text:
            return  # fewer than 6 words: too short to be a template (textprint.MIN_WORDS)
        if len(text) < SHORT_CHARS and "/" not in text and "@" not in text:
            return  # short small talk without a link is the same for everyone: not worth a fingerprint
        if st is not None and any(h in c.rcpt for c in st.clusters):
            return  # a follow-up to someone this account already wrote to: not new fan-out
        tp = message_print(item, ctx)
        if tp.too_short and not tp.has_link:
            return  # (a few words and a link, "is this you?? <link>", go to the sender's short-link
            # cluster: too few words to fingerprint, and the classic hijacked-account blast)
        c, sim = self._cluster_for(st, tp, ts)
        url = _url_hash(text) if tp.has_link else 0
        if sim >= 0:
            c.compared += 1
            c.exact += sim >= EXACT
            c.same_url += url != 0 and url == c.url
        else:
            c.url = url
        if c.msgs or tp.has_link or tp.sales_score > 0:
            # A template in the making: the recipient's key learns who wrote, so its answer comes back
            # here. A one-off message is not announced (most are): an answer long enough to be
            # fingerprinted still comes back, as that account's own unsolicited message.
            ctx.forward(item.target_id, MessageReceived(event_id=item.event_id, ts=ts, from_id=key))
        c.msgs += 1
        c.links += tp.has_link
        c.sales += tp.sales_score > 0
        c.last_ts = max(c.last_ts, ts)
        c.first_ts = min(c.first_ts, ts)
        c.samples = [*c.samples[-4:], item.event_id]
        if len(c.rcpt) < MAX_RECIPIENTS:  # a new recipient: follow-ups returned above
            _pad_back(c)
            c.rcpt.append(h)
            c.sent.append(ts)
            c.replied.append(st.inb_last[j] if j >= 0 and st.inb_last[j] > ts else 0)
            c.back.append(0)
        else:
            c.overflow += 1
        n = len(c.rcpt) + c.overflow
        if tp.sig and (tp.has_link or tp.sales_score > 0) and (2 <= n <= 16 or n % 16 == 0):
            # a big cluster is already well represented on its bands: every 16th copy is enough
            for b, band in enumerate(band_keys(tp)):
                hit = BandHit(event_id=f"{item.event_id}#{b}", ts=ts, sender=key, cid=c.cid)
                ctx.forward(f"lsh:{band}", hit)
        self._decide(key, st, c, ts, ctx)
        store.put(key, st, ts)

    def _received(self, key: str, item: MessageReceived, ctx: Context) -> None:
        store = ctx.store(self.STORE)
        ts = ctx.ts
        st: SenderMessages | None = store.get(key, ts)
        st = st or SenderMessages()
        h = _hash(item.from_id)
        j = _index(st.inb, h)
        if j >= 0:
            st.inb_first[j] = min(st.inb_first[j], ts)
            st.inb_last[j] = max(st.inb_last[j], ts)
            st.inb_ans[j] = 0  # a new message from them: our next answer goes back again
        else:
            if len(st.inb) >= MAX_INBOUND:
                k = st.inb_last.index(min(st.inb_last))
                del st.inb[k], st.inb_first[k], st.inb_last[k], st.inb_ans[k]
            st.inb.append(h)
            st.inb_first.append(ts)
            st.inb_last.append(ts)
            st.inb_ans.append(0)
            j = len(st.inb) - 1
        answered = 0
        k = _index(st.outb, h)  # one entry per account, with the time of our latest message to it
        if k >= 0 and ts < st.outb_ts[k] <= ts + self.conversation_ms:
            # We wrote to them after this message of theirs: an answer that arrived here before their
            # message did. It goes back now, as it would have if the order had been the event order.
            answered = st.outb_ts[k]
            del st.outb[k], st.outb_ts[k]
            st.inb_ans[j] = 1
            ctx.forward(
                item.from_id, MessageReceived(event_id=f"{item.event_id}#ans", ts=answered, from_id=key)
            )
        for c in st.clusters:
            i = _index(c.rcpt, h)
            if i >= 0 and c.sent[i] < ts and not c.replied[i] > c.sent[i]:
                c.replied[i] = ts
                if answered:
                    _pad_back(c)
                    c.back[i] = max(c.back[i], answered)
                self._decide(key, st, c, ts, ctx)
        store.put(key, st, ts)

    def _co_senders(self, key: str, item: CoSenders, ctx: Context) -> None:
        store = ctx.store(self.STORE)
        st: SenderMessages | None = store.get(key, ctx.ts)
        if st is None or not st.clusters:
            return
        c = next((c for c in st.clusters if c.cid == item.cid), None)
        if c is None:  # merged away: the sender's biggest template with a link or sales language
            c = max((c for c in st.clusters if c.links or c.sales), key=lambda c: c.msgs, default=None)
        if c is None:
            return
        new = [o for o in item.others if o not in c.co]
        if not new:
            return
        c.co = (c.co + new)[-32:]
        self._decide(key, st, c, ctx.ts, ctx)
        store.put(key, st, ctx.ts)

    # ----- the band keys ---------------------------------------------------------------------------
    def _band(self, key: str, hit: BandHit, ctx: Context) -> None:
        """Distinct senders of one LSH band within the window; echo co-senders back to the senders.

        A sender is told when it joins, and again on a later copy only if others joined since (so a big
        template does not echo on every copy); at ECHO_AT distinct senders everyone on the band is told."""
        store = ctx.store(self.BAND_STORE)
        ts = ctx.ts
        b: BandState = store.get(key, ts) or BandState()
        keep = [k for k, t in enumerate(b.ts) if abs(ts - t) <= self.band_window_ms]
        if len(keep) < len(b.ts):
            b.senders, b.cids = [b.senders[k] for k in keep], [b.cids[k] for k in keep]
            b.ts, b.told = [b.ts[k] for k in keep], [b.told[k] for k in keep]
        joined = hit.sender not in b.senders
        if joined:
            if len(b.senders) >= MAX_BAND_SENDERS:
                oldest = b.ts.index(min(b.ts))
                del b.senders[oldest], b.cids[oldest], b.ts[oldest], b.told[oldest]
            b.senders.append(hit.sender)
            b.cids.append(hit.cid)
            b.ts.append(ts)
            b.told.append(0)
            b.joins += 1
            me = len(b.senders) - 1
        else:
            me = b.senders.index(hit.sender)
            b.cids[me], b.ts[me] = hit.cid, max(b.ts[me], ts)
        tell: list[int] = []
        if len(b.senders) >= 2:
            if joined and len(b.senders) in ECHO_AT:
                tell = list(range(len(b.senders)))
            elif b.told[me] < b.joins:
                tell = [me]
        if tell:
            hashed = [_hash(s) for s in b.senders]
            for k in tell:
                others = hashed[:k] + hashed[k + 1 :]
                echo = CoSenders(event_id=f"{hit.event_id}>{k}", ts=ts, cid=b.cids[k], others=others)
                ctx.forward(b.senders[k], echo)
                b.told[k] = b.joins
        store.put(key, b, ts)

    # ----- clusters and decisions ------------------------------------------------------------------
    def _cluster_for(self, st: SenderMessages, tp: TextPrint, ts: int) -> tuple[Cluster, float]:
        """The cluster `tp` belongs to (single linkage: clusters it bridges are merged) and the best
        similarity to its kept signatures, or a new cluster and -1."""
        if tp.too_short:  # one cluster for the sender's short messages with a link (no signature)
            c = next((c for c in st.clusters if not c.sigs), None)
            return (c, -1.0) if c else (self._new_cluster(st, tp, ts, []), -1.0)
        matches: list[tuple[float, Cluster]] = []
        sims = _similarities(tp.sig, [s for c in st.clusters for s in c.sigs])
        at = 0
        for c in st.clusters:
            if not c.sigs:
                continue
            sim = max(sims[at : at + len(c.sigs)])
            at += len(c.sigs)
            if sim >= SIMILAR or (tp.link_domain != 0 and tp.link_domain == c.domain and sim >= LOOSE):
                matches.append((sim, c))
        if matches:
            matches.sort(key=lambda m: -m[0])
            best = matches[0][1]
            for _, other in matches[1:]:
                _merge(best, other)
                st.clusters.remove(other)
            if len(best.sigs) < MAX_SIGS:
                best.sigs.append(tp.sig)
            else:  # keep the first and the most recent copies: spintax drifts
                best.sigs = [best.sigs[0], *best.sigs[2:], tp.sig]
            return best, matches[0][0]
        return self._new_cluster(st, tp, ts, [tp.sig]), -1.0

    def _new_cluster(self, st: SenderMessages, tp: TextPrint, ts: int, sigs: list[bytes]) -> Cluster:
        st.clusters = [c for c in st.clusters if ts - c.last_ts < self.ttl_ms]
        if len(st.clusters) >= MAX_CLUSTERS:
            st.clusters.remove(min(st.clusters, key=lambda c: (len(c.rcpt) + c.overflow, c.last_ts)))
        c = Cluster(cid=st.next_cid, first_ts=ts, last_ts=ts, sigs=sigs, domain=tp.link_domain)
        st.next_cid += 1
        st.clusters.append(c)
        return c

    def _wake_up(self, wake: Wakeups, ctx: Context) -> None:
        """Re-score senders whose templates have aged since their last event (their silence is evidence
        only once time has passed, and a blast's key may see no event after it). The finding's subject
        is the sender's key, on this partition; the engine routes it to that key's ledger."""
        store = ctx.store(self.STORE)
        ts = ctx.ts
        for key, n in wake.due(ctx.watermark):
            st: SenderMessages | None = store.get(key, ts)
            if st is None:
                continue
            before = st.rep_level, st.rep_ts
            for c in st.clusters:
                if ts - c.last_ts < self.ttl_ms:
                    self._decide(key, st, c, ts, ctx, wake_round=n + 1)
            if (st.rep_level, st.rep_ts) != before:
                store.put(key, st, ts)

    def score(self, key: str, c: Cluster, ts: int, ctx: Context) -> tuple[float, dict[str, Any]]:
        """`score_cluster` with the sender's connection requests joined in (same key, same partition):
        how many recipients had just accepted a request of a sender the mass-connect test reported."""
        c.fresh, invited, spammer = _new_contacts(ctx, key, c)
        llr, detail = score_cluster(c, ts, self.weights, spammer, self.min_recipients)
        detail["figures"]["invited_new_contacts"] = invited
        detail["invited_follow_up"] = not spammer and 2 * invited > len(c.rcpt)
        return llr, detail

    def _decide(
        self, key: str, st: SenderMessages, c: Cluster, ts: int, ctx: Context, wake_round: int = 0
    ) -> None:
        if len(c.rcpt) + c.overflow < self.min_recipients or (st.rep_level >= 2 and ts - st.rep_ts < DAY_MS):
            return
        llr, detail = self.score(key, c, ts, ctx)
        if detail["invited_follow_up"]:
            # Most recipients had just accepted this sender's request with a personal note (a recruiter
            # sending the role its note named): what they agreed to, judged by the mass-connect detector,
            # which sees the notes, the answers and the pitches, and whose report lifts this exception.
            return
        if llr < self.threshold:
            if wake_round < len(WAKE_AFTER_MS) and (c.links or c.sales):
                ctx.local("message_spam.wake", Wakeups).schedule(key, c.last_ts, wake_round)
            return
        level = 2 if llr >= self.escalate else 1
        if level <= st.rep_level and ts - st.rep_ts < DAY_MS:
            return  # already decided; re-reported once a day so a long campaign stays one episode
        st.rep_level, st.rep_ts = max(level, st.rep_level), ts
        parts = detail["parts"]
        reasons = [
            "templated_fanout",
            *(r for r, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v >= 1.0),
        ]
        ctx.report(
            Finding(
                subject_id=key,
                category=self.category,
                score=llr_score(llr, self.threshold, self.escalate),
                reasons=reasons,
                evidence={
                    **detail["figures"],
                    "llr": round(llr, 2),
                    "llr_parts": {k: round(v, 2) for k, v in parts.items()},
                    "threshold": self.threshold,
                    "sample_event_ids": list(c.samples),
                },
                detector=self.name,
                ts=ts,
                first_evidence_ts=c.first_ts,
            )
        )

    def forget(self, key: str, ctx: Context) -> None:
        ctx.store(self.STORE).delete(key)

    def restore(self, items: list[tuple[str, bytes]], ctx: Context) -> int:
        """Re-plan the wake-ups after a restore: every undecided template with a link or sales language
        that reached `min_recipients` is re-scored from its first wake-up on (an extra re-score is
        harmless: decisions are idempotent). Returns how many senders were scheduled."""
        store = ctx.store(self.STORE)
        wake = ctx.local("message_spam.wake", Wakeups)
        n = 0
        for full_key, _ in items:
            if not full_key.startswith(store.prefix):
                continue
            key = full_key[len(store.prefix) :]
            st: SenderMessages | None = store.get(key, 0)
            if st is None or st.rep_level >= 2:
                continue
            for c in st.clusters:
                if (c.links or c.sales) and len(c.rcpt) + c.overflow >= self.min_recipients:
                    wake.schedule(key, c.last_ts, 0)
                    n += 1
                    break
        return n


def _similarities(sig: bytes, sigs: list[bytes]) -> list[float]:
    """`textprint.jaccard_estimate` of `sig` against each of `sigs`, with one XOR over all of them."""
    if not sigs:
        return []
    n = len(sig)
    blob = b"".join(sigs)
    x = (int.from_bytes(sig * len(sigs), "little") ^ int.from_bytes(blob, "little")).to_bytes(
        len(blob), "little"
    )
    return [
        max(0.0, (x.count(0, i, i + n) / n - B_COLLIDE) / (1.0 - B_COLLIDE)) for i in range(0, len(blob), n)
    ]


_URL = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)


def _url_hash(text: str) -> int:
    """CRC32 of the message's first link, as written (a tracking parameter per recipient changes it)."""
    m = _URL.search(text)
    return zlib.crc32(m.group().rstrip(".,;:!?)").encode()) if m else 0


def _remember_outbound(st: SenderMessages, h: int, ts: int, window_ms: int) -> None:
    """Keep (recipient hash, latest message time) for a conversation window, bounded, oldest out."""
    k = _index(st.outb, h)
    if k >= 0:  # moves to the end: the list is evicted from the front, so it is kept in recency order
        ts = max(st.outb_ts[k], ts)
        del st.outb[k], st.outb_ts[k]
    keep = [i for i, t in enumerate(st.outb_ts) if abs(ts - t) <= window_ms][-(MAX_OUTBOUND - 1) :]
    st.outb = [st.outb[i] for i in keep] + [h]
    st.outb_ts = [st.outb_ts[i] for i in keep] + [ts]


def _wrote_before(st: SenderMessages, j: int, ts: int, window_ms: int) -> bool:
    """Did inbox peer `j` write to this account within `window_ms` before `ts` (a live conversation)?"""
    first, last = st.inb_first[j], st.inb_last[j]
    return (first < ts and ts - first < window_ms) or (last < ts and ts - last < window_ms)


def _pad_back(c: Cluster) -> None:
    """`back` came after the other per-recipient lists: a cluster stored before it has none, and its
    recipients' answers are unknown (-1), neither evidence nor counter-evidence."""
    if len(c.back) < len(c.rcpt):
        c.back.extend([-1] * (len(c.rcpt) - len(c.back)))


def _answer_back(st: SenderMessages, h: int, ts: int, item: ev.MessageSent, ctx: Context) -> bool:
    """The sender writes to `h`, who wrote to it first: if `h` had replied to one of its templates, the
    reply is answered, unless this message is another copy of that template (a scripted bump)."""
    changed = False
    for c in st.clusters:
        if h not in c.rcpt:
            continue
        i = c.rcpt.index(h)
        if not c.sent[i] < c.replied[i] < ts:
            continue
        _pad_back(c)
        if c.back[i] > 0 or _is_copy(item, c, ctx):
            continue
        c.back[i] = ts
        changed = True
    return changed


def _is_copy(item: ev.MessageSent, c: Cluster, ctx: Context) -> bool:
    """Is this message near-identical to the template `c` (fingerprinted only when it could be)?"""
    if item.text.count(" ") < 5:
        return False  # shorter than any template
    tp = message_print(item, ctx)
    return not tp.too_short and max(_similarities(tp.sig, c.sigs), default=0.0) >= SIMILAR


def _merge(into: Cluster, other: Cluster) -> None:
    """Fold `other` into `into`: one template that spintax had split in two."""
    _pad_back(into)
    _pad_back(other)
    for h, sent, rep, back in zip(other.rcpt, other.sent, other.replied, other.back, strict=True):
        i = _index(into.rcpt, h)
        if i >= 0:
            into.sent[i], into.replied[i] = min(into.sent[i], sent), max(into.replied[i], rep)
            into.back[i] = max(into.back[i], back)
        elif len(into.rcpt) < MAX_RECIPIENTS:
            into.rcpt.append(h)
            into.sent.append(sent)
            into.replied.append(rep)
            into.back.append(back)
        else:
            into.overflow += 1
    into.first_ts, into.last_ts = min(into.first_ts, other.first_ts), max(into.last_ts, other.last_ts)
    into.domain = into.domain or other.domain
    into.msgs += other.msgs
    into.links += other.links
    into.sales += other.sales
    into.overflow += other.overflow
    into.compared += other.compared
    into.exact += other.exact
    into.same_url += other.same_url if other.url == into.url else 0
    into.co = (into.co + [o for o in other.co if o not in into.co])[-32:]
    into.samples = (other.samples + into.samples)[-5:]


def _new_contacts(ctx: Context, key: str, c: Cluster) -> tuple[int, int, bool]:
    """(recipients of `c` who had accepted the sender's connection request within the day before the
    message, how many of those requests carried a personal note (neither the stock text nor a brief
    one, as mass_connect reads notes), has the mass-connect detector reported the sender). Computed
    when scoring, not when the message came, so an accept that arrives after the pitch it triggered
    still counts."""
    from pipeline.detectors.mass_connect import ACCEPT, BRIEF, STOCK, MassConnectDetector

    try:
        st = ctx.store(MassConnectDetector.STORE).get(key, ctx.ts)
    except KeyError:  # the mass-connect detector is not running
        return 0, 0, False
    if st is None:
        return 0, 0, False
    accepted = {p: (t, f) for p, f, t in zip(st.peer, st.flags, st.resp, strict=True) if f & ACCEPT}
    fresh = invited = 0
    for h, sent in zip(c.rcpt, c.sent, strict=True):
        t, f = accepted.get(h, (-1, 0))
        if t >= 0 and 0 <= sent - t <= DAY_MS:
            fresh += 1
            invited += not f & (STOCK | BRIEF)
    return fresh, invited, st.rep_level > 0


def _index(xs: list[int], x: int) -> int:
    try:
        return xs.index(x)
    except ValueError:
        return -1
