#!/usr/bin/env python3
"""Independent synthetic event-stream generator ("foreign" scenario).

Stdlib only. Deterministic for a given --seed (and --scale).
Produces a JSON Lines replay file following /work/shared/contract/EVENTS.md and
a labels JSON with attack positives and benign look-alikes.

Timeline: profile replay at T0, 2 h warm-up of organic life, then 6 h in which
attacks run alongside organic life and benign look-alikes.
"""

import argparse
import json
import math
import random
import re
import sys

MIN = 60_000
HOUR = 3_600_000
DAY = 24 * HOUR
STOCK = "I'd like to add you to my professional network."

# ----------------------------------------------------------------------------
# vocabularies
# ----------------------------------------------------------------------------
FIRST = """james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan
joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark margaret donald sandra
steven ashley paul kimberly andrew emily joshua donna kenneth michelle kevin carol brian amanda george melissa
timothy deborah ronald stephanie jason rebecca edward sharon jeffrey laura ryan cynthia jacob kathleen gary amy
nicholas angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen
benjamin samantha samuel katherine gregory christine alexander debra frank rachel patrick carolyn raymond janet
jack catherine dennis maria jerry heather tyler diane aaron ruth jose julie adam olivia nathan joyce henry
virginia peter victoria zachary kelly douglas lauren harold christina kyle joan noah evelyn ethan judith
carlos lucia diego sofia mateo valentina luis camila javier isabella miguel gabriela ahmed fatima omar aisha
yusuf layla wei li ming hui jun yan hiroshi yuki kenji sakura raj priya arjun ananya vikram deepa ravi
sanjay neha olu chioma kwame amara tunde ngozi lars ingrid sven astrid pierre camille louis chloe hans
greta luca giulia marco chiara pavel olga dmitri irina tomasz agnieszka jan eva niamh sean aoife conor
mei an minh thao ji-ho seo-yeon mohammed zainab ibrahim mariam tariq leila""".split()

LAST = """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson
walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell
mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris
morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward
richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders
patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson
barnes fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace
west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens
harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman
burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks
holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza
daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold
pierce hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane
riley andrews ray berry perkins hoffman johnston matthews pena richards willis carpenter lawrence sandoval
okafor adeyemi mensah nakamura tanaka sato suzuki wang zhang liu yang huang zhao wu zhou sharma gupta
singh kumar iyer reddy das mehta larsen nilsson berg dubois moreau lefevre muller schneider fischer weber
rossi russo ferrari esposito bianchi novak kowalski nowak ivanov petrov popescu horvath byrne walsh
obrien murphy kelleher pham le hoang park choi jung kang hassan ali khan rahman hussein""".split()

ROLES = """Software Engineer|Product Manager|Data Scientist|UX Designer|Account Executive|Marketing Manager|
Nurse|Teacher|Financial Analyst|Accountant|HR Business Partner|Operations Lead|Civil Engineer|Architect|
Sales Manager|Customer Success Manager|DevOps Engineer|Research Scientist|Project Manager|Lawyer|Pharmacist|
Electrician|Supply Chain Analyst|Copywriter|Graphic Designer|Frontend Developer|Backend Engineer|
Business Analyst|Consultant|Paralegal|Physiotherapist|Office Manager|QA Engineer|Product Designer|
Mechanical Engineer|Content Strategist|Data Engineer|Social Worker|Chef|Photographer""".replace(
    "\n", ""
).split("|")

HOBBIES = """running|climbing|coffee|photography|board games|cycling|hiking|baking|jazz|chess|gardening|yoga|
football|basketball|travel|sci-fi|podcasts|woodworking|sailing|painting|vinyl records|cooking|tennis|
birdwatching|marathons|camping|salsa|reading|surfing|skiing""".replace("\n", "").split("|")

CITIES = """Austin|Seattle|Denver|Chicago|Boston|Toronto|London|Manchester|Dublin|Berlin|Munich|Amsterdam|
Paris|Lyon|Madrid|Barcelona|Lisbon|Milan|Stockholm|Oslo|Warsaw|Prague|Lagos|Nairobi|Cape Town|Bangalore|
Mumbai|Singapore|Sydney|Melbourne|Sao Paulo|Mexico City|Atlanta|Portland|Vancouver""".replace("\n", "").split(
    "|"
)

SCHOOLS = """State University|Tech Institute|City College|Polytechnic|School of Economics|Business School|
University of the North|Lakeside University|Riverside College|Hillcrest University|Coastal University|
Metropolitan University|Royal College|National University|Western University|Eastern Institute""".replace(
    "\n", ""
).split("|")

CO_A = """North Blue Silver Bright Clear Swift Iron Red Green Summit Harbor Cedar Maple Falcon Pioneer Atlas
Beacon Orbit Nimbus Vertex Granite Copper Aurora Quartz Lumen Juniper Meridian Cobalt Sierra Alder Willow
Pinnacle Horizon Keystone Evergreen Crescent Tidal Ember Nova Prism""".split()
CO_B = """Analytics Labs Systems Health Logistics Foods Capital Partners Robotics Media Energy Bank Studio
Software Retail Insurance Networks Pharma Consulting Motors Works Cloud Learning Realty Bio Security""".split()

EVENTS = [
    "the Product Summit",
    "DevConf",
    "the meetup last night",
    "the alumni dinner",
    "the hackathon",
    "the leadership offsite",
    "the design week panel",
    "WebCon",
    "the career fair",
    "the workshop",
]

GENERIC_BIOS = [
    "Living my best life",
    "Entrepreneur | Dreamer",
    "Love, laugh, travel ✈️",
    "Just vibes ✨",
    "Dream big. Work hard.",
    "Fitness | Travel | Food",
    "Positive energy only",
    "Blessed 🙏",
    "Wanderlust 🌍",
    "Coffee lover ☕ | Explorer",
    "Creating my own sunshine",
    "Digital creator",
    "Follow your dreams",
    "Mom | Wife | Boss",
    "Live. Love. Inspire.",
    "Self made 💯",
]

DOMAINS = [
    "docs.google.com/document/d",
    "github.com",
    "medium.com/@",
    "youtu.be",
    "nytimes.com/2026",
    "notion.so",
    "figma.com/file",
    "calendly.com",
    "bbc.co.uk/news",
    "arxiv.org/abs",
    "loom.com/share",
    "eventbrite.com/e",
    "maps.app.goo.gl",
    "dropbox.com/s",
    "techcrunch.com/2026",
]

# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
_SPIN = re.compile(r"\{([^{}]*)\}")


def spin(rng, s):
    while True:
        m = _SPIN.search(s)
        if not m:
            return s
        s = s[: m.start()] + rng.choice(m.group(1).split("|")) + s[m.end() :]


def cap(n):
    return n[:1].upper() + n[1:]


def slug(rng, k=None):
    k = k or rng.randint(6, 11)
    return "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(k)
    )


def logn(rng, median, sigma):
    return median * math.exp(rng.gauss(0, sigma))


class Acc:
    __slots__ = (
        "pub",
        "first",
        "last",
        "username",
        "display",
        "bio",
        "photo",
        "created",
        "work",
        "city",
        "school",
        "role",
        "kind",
        "activity",
        "instream",
    )

    def __init__(self):
        self.instream = False
        self.work = self.city = self.school = None
        self.role = None
        self.first = self.last = ""
        self.activity = 1.0


class Gen:
    def __init__(self, seed, scale):
        self.seed = seed
        self.scale = scale
        self.rng = random.Random(seed * 7919 + 13)
        self.idrng = random.Random(seed * 104729 + 7)
        # stream starts at 07:00 UTC on a seed-dependent day in 2026
        self.T0 = 1767225600000 + (30 + (seed * 17) % 200) * DAY + 7 * HOUR
        self.TW = self.T0 + 2 * HOUR  # attacks start after warm-up
        self.TE = self.T0 + 8 * HOUR
        self.accs = []
        self.conn = []  # list of sets of int
        self.events = []  # (ts, seq, dict)
        self.seq = 0
        self.threads = {}
        self.requested = set()
        self.followed = {}  # target -> set(actors) in-stream
        self.usernames = set()
        self.pubs = set()
        self.next_pub = 31_000_000
        self.marks = {}  # (subj, cat) -> [attack_id, attack, min, max, count]
        self.attacks = {}
        self.look = {}  # subj -> kind
        self.reserved = set()
        self.deleted = {}

    # ---------------------------------------------------------------- basics
    def emit(self, ts, typ, **f):
        ts = int(ts)
        if ts < self.T0 or ts >= self.TE:
            return False
        d = {"type": typ, "ts": ts}
        d.update(f)
        self.seq += 1
        self.events.append((ts, self.seq, d))
        return d

    def aid(self, i):
        return "acc_%d" % self.accs[i].pub

    def profile(self, i):
        a = self.accs[i]
        return {
            "username": a.username,
            "display_name": a.display,
            "bio": a.bio,
            "has_photo": a.photo,
            "created_at": a.created,
        }

    def new_pub(self, instream):
        if instream:
            self.next_pub += self.rng.randint(1, 60)
            return self.next_pub
        while True:
            p = self.rng.randint(100_000, 29_999_999)
            if p not in self.pubs:
                self.pubs.add(p)
                return p

    def uniq_user(self, u):
        base = u
        k = 0
        while u in self.usernames:
            k += 1
            u = base + str(self.rng.randint(1, 99) if k < 5 else self.rng.randint(100, 99999))
        self.usernames.add(u)
        return u

    def add_acc(self, kind, created, instream=False):
        a = Acc()
        a.kind = kind
        a.created = int(created)
        a.instream = instream
        a.pub = self.new_pub(instream)
        self.accs.append(a)
        self.conn.append(set())
        return len(self.accs) - 1

    def person_name(self, a, style=None):
        r = self.rng
        f, l = r.choice(FIRST), r.choice(LAST)
        a.first, a.last = f, l
        a.display = cap(f) + " " + cap(l) if r.random() > 0.04 else cap(f) + " " + cap(l)[0] + "."
        f2, l2 = f.replace("-", ""), l.replace("-", "")
        x = r.random() if style is None else style
        if x < 0.25:
            u = f2 + "." + l2
        elif x < 0.35:
            u = f2 + l2
        elif x < 0.43:
            u = f2 + "_" + l2
        elif x < 0.58:
            u = f2 + l2 + str(r.choice([r.randint(70, 99), r.randint(0, 9), r.randint(1, 30)])).zfill(2)
        elif x < 0.68:
            u = f2[0] + l2
        elif x < 0.76:
            u = f2 + "." + l2 + str(r.randint(1, 9))
        elif x < 0.81:
            u = f2 + l2[0] + str(r.randint(1, 999))
        elif x < 0.85:
            u = l2 + f2
        elif x < 0.90:
            u = f2 + "." + l2[0]
        else:
            u = (
                f2
                + r.choice([".", "_", ""])
                + r.choice(
                    [
                        "runs",
                        "codes",
                        "design",
                        "writes",
                        "cooks",
                        "travels",
                        "in" + r.choice(CITIES).lower().replace(" ", ""),
                        "photo",
                        "dev",
                        "makes",
                        "ux",
                        "pm",
                    ]
                )
            )
        a.username = self.uniq_user(u)

    def person_bio(self, a):
        r = self.rng
        co = self.companies[a.work] if a.work is not None else "a startup"
        city = CITIES[a.city] if a.city is not None else r.choice(CITIES)
        h1, h2 = r.sample(HOBBIES, 2)
        opts = [
            f"{a.role} at {co}",
            f"{a.role} @ {co} | {city}",
            f"{a.role}. {cap(h1)} enthusiast.",
            f"{cap(h1)} | {h2} | {city}",
            f"Building things at {co}. Opinions my own.",
            f"{a.role} | {city} | {h1}",
            f"Proud parent. {a.role} at {co}.",
            f"{a.role} in {city}",
            f"Ex-{r.choice(self.companies)}. Now {a.role} at {co}.",
            f"{cap(h1)}, {h2} and good coffee",
        ]
        if a.school is not None:
            opts += [
                f"{SCHOOLS[a.school % len(SCHOOLS)]} alum. {a.role}.",
                f"{a.role} | {SCHOOLS[a.school % len(SCHOOLS)]} '{r.randint(5, 24):02d}",
            ]
        return r.choice(opts)

    def mutual(self, a, b):
        ca, cb = self.conn[a], self.conn[b]
        if len(ca) > len(cb):
            ca, cb = cb, ca
        return sum(1 for x in ca if x in cb)

    def connect(self, a, b):
        self.conn[a].add(b)
        self.conn[b].add(a)

    def thread(self, a, b):
        k = (a, b) if a < b else (b, a)
        t = self.threads.get(k)
        if t is None:
            t = "th_" + "%012x" % self.idrng.getrandbits(48)
            self.threads[k] = t
        return t

    def msg(self, ts, a, b, text):
        if self.accs[a].created > ts or self.accs[b].created > ts:
            return None
        return self.emit(
            ts,
            "message_sent",
            actor_id=self.aid(a),
            target_id=self.aid(b),
            thread_id=self.thread(a, b),
            text=text,
        )

    def follow(self, ts, a, b):
        s = self.followed.setdefault(b, set())
        if a in s or a == b or self.accs[a].created > ts or self.accs[b].created > ts:
            return False
        d = self.emit(ts, "follow", actor_id=self.aid(a), target_id=self.aid(b))
        if d:
            s.add(a)
        return d

    @staticmethod
    def tag(d, subj, cat, attack_id):
        """Attach a label mark to an emitted event (labels are computed from surviving events)."""
        if d:
            d.setdefault("_m", []).append((subj, cat, attack_id))
        return d

    def new_attack(self, name, cat):
        n = sum(1 for v in self.attacks.values() if v["attack"] == name) + 1
        aid = "%s_%d" % (name, n)
        self.attacks[aid] = {"attack_id": aid, "attack": name, "category": cat}
        return aid

    def diurnal_t(self, lo=None, hi=None):
        lo = self.T0 + 60_000 if lo is None else lo
        hi = self.TE if hi is None else hi
        r = self.rng
        while True:
            t = r.uniform(lo, hi)
            h = (t - self.T0) / (8 * HOUR)
            if r.random() < (0.5 + 0.5 * math.sin(math.pi * (0.15 + 0.8 * h))):
                return int(t)

    def request(
        self,
        ts,
        a,
        b,
        note="auto",
        p_acc=0.8,
        p_dec=0.07,
        p_rep=0.0,
        acc_med=40 * 60,
        mutual_override=None,
        tags=None,
    ):
        """Emit a connect_request and its response; returns accept ts or None."""
        r = self.rng
        k = (a, b)
        if (
            a == b
            or k in self.requested
            or b in self.conn[a]
            or self.accs[a].created > ts
            or self.accs[b].created > ts
        ):
            return None
        self.requested.add(k)
        if note == "auto":
            x = r.random()
            note = None if x < 0.4 else STOCK if x < 0.75 else self.organic_note(a, b)
        f = {"actor_id": self.aid(a), "target_id": self.aid(b), "note": note}
        if r.random() > 0.15:
            f["mutual_connections"] = self.mutual(a, b) if mutual_override is None else mutual_override
        d = self.emit(ts, "connect_request", **f)
        if not d:
            return None
        for tg in tags or ():
            self.tag(d, *tg)
        x = r.random()
        if x < p_acc:
            t2 = ts + int(max(20, logn(r, acc_med, 1.3)) * 1000)
            if self.emit(t2, "connect_accept", actor_id=self.aid(b), target_id=self.aid(a)):
                self.connect(a, b)
                return t2
        elif x < p_acc + p_dec:
            t2 = ts + int(max(30, logn(r, acc_med * 2, 1.2)) * 1000)
            self.emit(t2, "connect_decline", actor_id=self.aid(b), target_id=self.aid(a))
        elif x < p_acc + p_dec + p_rep:
            t2 = ts + int(max(30, logn(r, acc_med * 1.5, 1.2)) * 1000)
            self.emit(
                t2,
                "connect_report",
                actor_id=self.aid(b),
                target_id=self.aid(a),
                reason=r.choice(["dont_know", "dont_know", "dont_know", "spam", "spam"]),
            )
        return None

    def organic_note(self, a, b):
        r = self.rng
        fb = self.accs[b].first
        A = self.accs[a]
        return spin(
            r,
            r.choice(
                [
                    f"{{Hi|Hey}} {cap(fb)}, great {{meeting|chatting with}} you at {r.choice(EVENTS)}!",
                    f"Hi {cap(fb)}! We were on the same team at {self.companies[A.work] if A.work is not None else 'the conference'} - let's keep in touch.",
                    f"{cap(fb)}! Finally found you on here 😄",
                    "Good to see you last week, let's connect",
                    f"Hey {cap(fb)}, {{friend|colleague}} of {cap(r.choice(FIRST))}'s here - would love to connect.",
                    f"Hi {cap(fb)}, I enjoyed your talk at {r.choice(EVENTS)}. Would be great to stay in touch.",
                    "Hey, we met at the school reunion!",
                    "connecting as promised :)",
                ]
            ),
        )

    # ------------------------------------------------------------ conversation
    def conversation(self, t, a, b, n=None, first=None, topic=None, p_reply=1.0, reply_pool=None):
        """A two-way thread. Returns (number of messages sent by a, last ts)."""
        r = self.rng
        if n is None:
            n = min(25, 1 + int(r.expovariate(1 / 4.5)))
        topic = topic or r.choice(["small", "small", "work", "work", "sched", "link", "biz"])
        sent_a = 0
        spk, oth = a, b
        for k in range(n):
            if k == 0:
                text = first if first is not None else self.vary(self.opener(topic, spk, oth))
            else:
                if spk == b and k == 1 and r.random() > p_reply:
                    break
                text = (
                    r.choice(reply_pool)
                    if (reply_pool and spk == b and r.random() < 0.6)
                    else self.vary(self.reply(topic, spk, oth))
                )
            if self.msg(t, spk, oth, text) and spk == a:
                sent_a += 1
            # next speaker / gap
            if r.random() < 0.72 or k == 0:
                spk, oth = oth, spk
                gap = logn(r, 70, 1.2) if r.random() < 0.7 else logn(r, 25 * 60, 1.0)
            else:
                gap = logn(r, 15, 0.8)
            t += int(max(3, gap) * 1000)
            if t >= self.TE:
                break
        return sent_a, t

    def opener(self, topic, a, b):
        r = self.rng
        fb = cap(self.accs[b].first) if self.accs[b].first else "there"
        A = self.accs[a]
        co = self.companies[A.work] if A.work is not None else "work"
        if topic == "small":
            s = r.choice(
                [
                    f"Hey {fb}! How was the weekend?",
                    f"Hi {fb}, long time no see - how are things?",
                    "Did you catch the game last night?? 😱",
                    f"Happy Friday {fb} :)",
                    f"{fb}!! Congrats on the new role, just saw the news",
                    "how's the new apartment?",
                    f"Are you around {r.choice(CITIES)} next month by any chance?",
                    "Saw your photos from the trip, looks amazing",
                    f"Hey {fb}, hope you're feeling better",
                    f"Happy birthday {fb}!! 🎂",
                    "omg did you hear about the office move",
                    f"Thinking of picking up {r.choice(HOBBIES)}, you still into that?",
                ]
            )
        elif topic == "work":
            s = r.choice(
                [
                    f"Quick question - do you know who owns the {r.choice(['billing', 'reporting', 'onboarding', 'search', 'pricing'])} dashboard now?",
                    "Did you get a chance to look at the deck I sent?",
                    f"Hi {fb}, can you send me the Q{r.randint(1, 4)} numbers when you have a sec?",
                    "Do you have the link to the onboarding doc?",
                    f"Is the {r.choice(['Atlas', 'Phoenix', 'v2', 'mobile', 'Q3'])} launch still on for Thursday?",
                    f"Hey {fb}, how did you handle the {r.choice(['vendor', 'budget', 'hiring', 'migration'])} thing last year?",
                    f"Are you still at {self.companies[self.accs[b].work] if self.accs[b].work is not None else 'the same place'}? I might have a question about your team",
                    f"Hi {fb}! Any tips for the {r.choice(ROLES)} interview at {co}?",
                    "Can you review my PR when you get a minute?",
                    "the client moved the deadline again 🙃",
                ]
            )
        elif topic == "sched":
            s = r.choice(
                [
                    f"Are you free for a call at {r.randint(1, 5)}pm?",
                    "Coffee next week? Tuesday or Wednesday works for me",
                    f"Can we push our 1:1 to {r.choice(['2', '3', '4'])}:{r.choice(['00', '30'])}?",
                    f"Lunch tomorrow at {r.choice(['the Thai place', 'Nando', 'the usual spot', 'Blue Fig'])}?",
                    f"Hi {fb}, would you have 20 min this week to chat about {r.choice(HOBBIES)} club?",
                    "Drinks after work on Thursday?",
                    "are we still on for tonight?",
                ]
            )
        elif topic == "link":
            s = r.choice(
                [
                    f"Saw this and thought of you: https://{r.choice(DOMAINS)}/{slug(r)}",
                    f"Here's the article I mentioned https://{r.choice(DOMAINS)}/{slug(r)}",
                    f"{fb} have you seen this? https://{r.choice(DOMAINS)}/{slug(r)} 😂",
                    f"Notes from today: https://{r.choice(DOMAINS)}/{slug(r)}",
                    f"The doc is here https://{r.choice(DOMAINS)}/{slug(r)} - comments welcome",
                ]
            )
        else:
            s = r.choice(
                [
                    f"Hi {fb}, following up on the proposal - happy to offer a discount if you sign this quarter",
                    "Can you send me a quote for 20 seats?",
                    f"We're running a free trial this month at {co}, want me to set you up?",
                    "The demo went great, they want pricing by Friday",
                    f"Hey {fb}, is your team still looking for a {r.choice(['CRM', 'payroll tool', 'designer', 'contractor', 'caterer'])}? I know a good one",
                    "Do you know anyone who does bookkeeping for small businesses? Looking for recommendations",
                    f"Our webinar on {r.choice(['hiring', 'pricing', 'AI tooling', 'remote work'])} is next week if your team is interested, no pressure",
                ]
            )
        return s

    def vary(self, s):
        """Light human variation: casing, punctuation, fillers, combining snippets."""
        r = self.rng
        x = r.random()
        if x < 0.15:
            s = s[:1].lower() + s[1:]
        elif x < 0.25:
            s = s.rstrip("!.?")
        if r.random() < 0.3:
            s = (
                r.choice(
                    [
                        "haha ",
                        "ah ",
                        "oh ",
                        "ok ",
                        "yeah ",
                        "hmm ",
                        "so ",
                        "btw ",
                        "sorry - ",
                        "honestly ",
                        "wait ",
                    ]
                )
                + s[:1].lower()
                + s[1:]
            )
        if r.random() < 0.25:
            s = s + r.choice(
                [" 🙂", " :)", "!", " haha", " lol", " 🙏", " x", "!!", " tbh", " 👍", " ...", " 😅"]
            )
        if r.random() < 0.12:
            s = (
                s
                + " "
                + r.choice(
                    [
                        "Also, are you coming on Saturday?",
                        "How's the family?",
                        "Talk later",
                        f"Btw the {r.choice(['train', 'traffic', 'weather', 'wifi'])} is terrible today",
                        f"I'm around until {r.randint(3, 7)}pm",
                        "Speak soon",
                        "Thanks again",
                    ]
                )
            )
        return s

    def reply(self, topic, a, b):
        r = self.rng
        fb = cap(self.accs[b].first) if self.accs[b].first else ""
        gen = [
            "Haha yes",
            "Pretty good, busy week though",
            "Not bad! You?",
            "Oh nice, tell me more",
            "Totally agree",
            "lol",
            "Sounds good 👍",
            "Thanks!!",
            "Sure, let me check",
            "ok",
            "👍",
            "yes!",
            "Hmm not sure, will ask",
            "Makes sense",
            "100%",
            "That's great news",
            "Ugh, same",
            "haha true",
            f"Thanks {fb}!",
            "no worries",
            "will do",
            "Perfect, thanks",
            "Oh wow",
            "Good point",
            "Let me get back to you on that",
            "Sorry just saw this",
            "Yeah I think so",
            "I'll send it over tonight",
            "Can't wait",
            "😂😂",
            "Sounds like a plan",
            "Sure thing",
            "Great, talk soon",
            "Cheers",
            "Yep, all good",
        ]
        spec = {
            "small": [
                "We went hiking, it was beautiful",
                "Quiet one, mostly slept 😅",
                "Yes!! What a finish",
                "Still unpacking boxes lol",
                "Thank you!! It's been a wild few weeks",
                "Feeling much better, thanks",
                f"Yes! I'll be there from the {r.randint(3, 28)}th",
                "We should catch up properly soon",
            ],
            "work": [
                "I think it's Priya's team now",
                "Not yet, will look this afternoon",
                "Sent!",
                "It's in the shared drive",
                "Yes still Thursday, 10am",
                "We ended up going with the cheaper vendor",
                "Just approved it",
                "Let me loop in my manager",
                "Deadline is end of month I think",
                "Good luck!! You'll do great",
            ],
            "sched": [
                "Tuesday works",
                "Can we do 3:30 instead?",
                "Yes, see you there",
                "Sorry, slammed this week - next?",
                "Booked it",
                "Wednesday is better for me",
                "Sure, I'll send an invite",
                "On my way",
            ],
            "link": [
                "Ha, love it",
                "Reading now",
                "Thanks for sharing!",
                "This is so good",
                "Interesting, hadn't seen this",
                f"Related: https://{r.choice(DOMAINS)}/{slug(r)}",
            ],
            "biz": [
                "Let me check with finance",
                "Can you send the updated pricing?",
                "We're reviewing options, will revert by Friday",
                "What's included in the trial?",
                "Not right now, but maybe next quarter",
                "Sure, send me the details",
                "I'll intro you to our ops lead",
            ],
        }
        return r.choice(spec.get(topic, gen) + gen)

    # ------------------------------------------------------------- population
    def build_population(self):
        r = self.rng
        N = max(600, int(15000 * self.scale))
        self.N = N
        # companies (workplaces): heavy-tailed sizes
        sizes = []
        while sum(sizes) < N:
            sizes.append(max(3, min(900, int(logn(r, 22, 1.1)))))
        names = set()
        self.companies = []
        for _ in sizes:
            while True:
                nm = r.choice(CO_A) + " " + r.choice(CO_B)
                if nm not in names:
                    names.add(nm)
                    break
            self.companies.append(nm)
        work_slots = [w for w, s in enumerate(sizes) for _ in range(s)]
        r.shuffle(work_slots)
        city_w = [1 / (k + 1) ** 0.9 for k in range(len(CITIES))]
        self.persons = []
        self.work_members = [[] for _ in sizes]
        self.city_members = [[] for _ in CITIES]
        self.school_members = [[] for _ in range(60)]
        for n in range(N):
            age_days = 90 + int(r.random() ** 0.8 * 12 * 365)
            i = self.add_acc("person", self.T0 - age_days * DAY - r.randint(0, DAY))
            a = self.accs[i]
            a.work = work_slots[n]
            a.city = r.choices(range(len(CITIES)), city_w)[0]
            a.school = r.randrange(60) if r.random() < 0.65 else None
            a.role = r.choice(ROLES)
            a.activity = math.exp(r.gauss(0, 0.9))
            self.person_name(a)
            a.photo = r.random() < 0.88
            a.bio = self.person_bio(a) if r.random() < 0.8 else ""
            self.persons.append(i)
            self.work_members[a.work].append(i)
            self.city_members[a.city].append(i)
            if a.school is not None:
                self.school_members[a.school].append(i)
        # connections (pre-stream, not emitted)
        for i in self.persons:
            a = self.accs[i]
            d = max(2, min(500, int(logn(r, 30, 0.75))))
            for _ in range(d // 2):
                x = r.random()
                if x < 0.52:
                    pool = self.work_members[a.work]
                elif x < 0.72:
                    pool = self.city_members[a.city]
                elif x < 0.85 and a.school is not None:
                    pool = self.school_members[a.school]
                elif x < 0.96 and self.conn[i]:
                    c = (
                        r.choice(tuple(self.conn[i]))
                        if len(self.conn[i]) < 50
                        else r.choice(list(self.conn[i]))
                    )
                    pool = list(self.conn[c]) or self.persons
                else:
                    pool = self.persons
                j = r.choice(pool)
                if j != i:
                    self.connect(i, j)
        # popular creators among persons
        cand = r.sample(self.persons, max(20, int(N * 0.007)))
        self.creators = cand
        for i in cand:
            a = self.accs[i]
            a.kind = "creator"
            a.photo = True
            a.bio = r.choice(
                [
                    f"{a.role} | Writing about {r.choice(HOBBIES)} & careers | 📩 {a.first}@{r.choice(['gmail.com', 'proton.me'])}",
                    f"Author, speaker. {cap(r.choice(HOBBIES))} nerd.",
                    f"Sharing lessons from {r.randint(8, 25)} years in tech",
                    f"Creator • {r.choice(HOBBIES)} • {CITIES[a.city]}",
                    f"Newsletter on {r.choice(HOBBIES)} - 40k readers",
                ]
            )
            a.created = min(a.created, self.T0 - 3 * 365 * DAY)
        # company pages for the bigger companies
        big = sorted(range(len(sizes)), key=lambda w: -sizes[w])[: max(10, len(sizes) // 12)]
        self.pages = []
        self.page_of = {}
        for w in big:
            i = self.add_acc("page", self.T0 - r.randint(800, 4000) * DAY)
            a = self.accs[i]
            nm = self.companies[w]
            a.username = self.uniq_user(nm.lower().replace(" ", r.choice([".", "", "_"])))
            a.display = nm
            a.bio = r.choice(
                [
                    f"Official page of {nm}. We're hiring!",
                    f"{nm} - building the future of {r.choice(CO_B).lower()}",
                    f"News and careers at {nm}",
                ]
            )
            a.photo = True
            self.pages.append(i)
            self.page_of[w] = i
        # follow-target weights: creators zipf, pages by company size, plus long tail of persons
        popular = self.creators + self.pages
        w = []
        for k, i in enumerate(self.creators):
            w.append(40.0 / (k + 1) ** 0.85 + 1.0)
        for i in self.pages:
            w.append(1.0 + 0.03 * sizes[next(k for k, p in self.page_of.items() if p == i)])
        self.popular = popular
        self.pop_cum = []
        s = 0.0
        for x in w:
            s += x
            self.pop_cum.append(s)

    def pick_popular(self):
        return self.rng.choices(self.popular, cum_weights=self.pop_cum)[0]

    def free_persons(self, k, pred=None, pool=None):
        r = self.rng
        pool = pool if pool is not None else self.persons
        out = []
        tries = 0
        while len(out) < k and tries < 200000:
            tries += 1
            i = r.choice(pool)
            if i in self.reserved or self.accs[i].kind != "person":
                continue
            if pred and not pred(i):
                continue
            self.reserved.add(i)
            out.append(i)
        return out

    def boost_degree(self, i, k, random_people=True):
        r = self.rng
        a = self.accs[i]
        while len(self.conn[i]) < k:
            if random_people:
                j = r.choice(self.persons)
            else:
                x = r.random()
                pool = (
                    self.work_members[a.work]
                    if x < 0.4
                    else self.city_members[a.city]
                    if x < 0.8
                    else self.persons
                )
                j = r.choice(pool)
            if j != i:
                self.connect(i, j)

    # ------------------------------------------------------------- organic life
    def organic(self):
        r = self.rng
        for i in self.persons:
            a = self.accs[i]
            if a.kind not in ("person", "creator") or i in self.no_organic:
                continue
            ns = self.poisson(1.35 * a.activity)
            for _ in range(ns):
                t = self.diurnal_t()
                nact = 1 + int(r.expovariate(1 / 1.2))
                for _ in range(nact):
                    t += int(logn(r, 50, 1.0) * 1000)
                    self.organic_action(i, t)

    def poisson(self, lam):
        r = self.rng
        if lam > 30:
            return max(0, int(r.gauss(lam, math.sqrt(lam))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= r.random()
            if p < L:
                return k
            k += 1

    def organic_action(self, i, t):
        r = self.rng
        x = r.random()
        c = self.conn[i]
        if x < 0.50:
            if not c:
                return
            if r.random() < 0.93:
                j = r.choice(list(c)) if len(c) < 40 else r.choice(tuple(c))
            else:
                j = r.choice(self.work_members[self.accs[i].work])
            if j != i and self.accs[j].kind in ("person", "creator") and j not in self.no_organic_target:
                self.conversation(t, i, j)
        elif x < 0.80:
            for _ in range(r.choice([1, 1, 1, 2, 2, 3])):
                y = r.random()
                if y < 0.45:
                    j = self.pick_popular()
                elif y < 0.8 and c:
                    j = r.choice(list(c))
                else:
                    j = r.choice(self.work_members[self.accs[i].work] if r.random() < 0.5 else self.persons)
                if j not in self.no_organic_target:
                    self.follow(t, i, j)
                t += int(logn(r, 20, 1) * 1000)
        elif x < 0.87:
            # request to friend-of-friend or co-worker
            if c and r.random() < 0.8:
                m = r.choice(list(c))
                if self.conn[m]:
                    j = r.choice(list(self.conn[m]))
                else:
                    return
            else:
                j = r.choice(self.work_members[self.accs[i].work])
            if j in self.no_organic_target or self.accs[j].kind not in ("person", "creator"):
                return
            ta = self.request(t, i, j, p_acc=0.8, p_dec=0.06)
            if ta and r.random() < 0.15:
                s, b = (i, j) if r.random() < 0.5 else (j, i)
                self.conversation(
                    ta + int(logn(r, 300, 1.3) * 1000),
                    s,
                    b,
                    n=r.randint(1, 4),
                    first=spin(
                        r,
                        "{Thanks for connecting|Great to connect|Thanks for the add}{!| :)|, hope you're well}",
                    ),
                )
        elif x < 0.91:
            y = r.random()
            j = self.pick_popular() if y < 0.6 or not c else r.choice(list(c))
            if self.accs[j].created > t:
                return
            s = self.followed.get(j)
            if s and i in s:
                s.discard(i)
            self.emit(t, "unfollow", actor_id=self.aid(i), target_id=self.aid(j))
        elif x < 0.915:
            a = self.accs[i]
            if r.random() < 0.5:
                a.bio = self.person_bio(a)
            else:
                a.photo = True
            self.emit(t, "profile_updated", account_id=self.aid(i), profile=self.profile(i))

    # ------------------------------------------------------------- special accounts
    def make_fake(self, kind, created, instream, style):
        """Farm / spam accounts (not part of the organic population)."""
        r = self.rng
        i = self.add_acc(kind, created, instream)
        a = self.accs[i]
        if style == "soup":
            x = r.random()
            if x < 0.45:
                u = "".join(r.choice("bcdfghjklmnpqrstvwxzaeiouy") for _ in range(r.randint(5, 9))) + "".join(
                    r.choice("0123456789") for _ in range(r.randint(6, 9))
                )
            elif x < 0.8:
                u = r.choice(FIRST) + "".join(r.choice("0123456789") for _ in range(r.randint(5, 9)))
            else:
                u = (
                    r.choice(FIRST)
                    + "_"
                    + "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 6)))
                    + str(r.randint(10, 99999))
                )
            a.username = self.uniq_user(u)
            y = r.random()
            a.display = (
                a.username
                if y < 0.5
                else cap(r.choice(FIRST))
                if y < 0.8
                else cap(r.choice(FIRST)) + " " + cap(r.choice(LAST))
            )
            a.bio = "" if r.random() < 0.93 else r.choice(["hi", "👋", "new here"])
            a.photo = r.random() < 0.04
        else:  # plausible person
            self.person_name(a, style=r.random() * 0.9)
            a.photo = True
            a.bio = ""
        return i

    def plan_cheap_farm(self):
        r = self.rng
        aid = self.new_attack("burst_cheap", "bot_follower_burst")
        customers = self.free_persons(r.randint(2, 3), pred=lambda i: len(self.conn[i]) < 120)
        plans = []
        for c in customers:
            n = r.randint(150, 600)
            s = r.randint(self.TW + 5 * MIN, self.TE - 90 * MIN)
            dur = r.randint(10, 60) * MIN
            plans.append((c, n, s, dur))
        pool_n = int(max(p[1] for p in plans) * r.uniform(1.1, 1.35))
        deliveries = {}
        for c, n, s, dur in plans:
            for b in r.sample(range(pool_n), n):
                # clustered delivery: farm workers push in batches
                t = s + int(dur * (r.random() if r.random() < 0.6 else r.betavariate(2, 2)))
                deliveries.setdefault(b, []).append((t, c))
        bots = {}
        for b in sorted(deliveries):
            first = min(t for t, _ in deliveries[b])
            if r.random() < 0.6:
                i = self.make_fake("bot_cheap", self.T0 - int(r.uniform(1, 14) * DAY), False, "soup")
            else:
                ct = first - int(r.uniform(1, 45) * MIN)
                i = self.make_fake("bot_cheap", ct, True, "soup")
                self.emit(ct, "account_created", account_id=self.aid(i), profile=self.profile(i))
            bots[b] = i
            for t, c in sorted(deliveries[b]):
                d = self.follow(t, i, c)
                self.tag(d, i, "fake_follower", aid)
                self.tag(d, c, "bot_follower_burst", aid)
            # camouflage follows of popular accounts
            for _ in range(r.randint(0, 4)):
                t = first + r.randint(-40 * MIN, 120 * MIN)
                if t > self.accs[i].created:
                    self.follow(t, i, self.pick_popular())

    def plan_good_farm(self):
        r = self.rng
        aid = self.new_attack("burst_good", "bot_follower_burst")
        customers = self.free_persons(2, pred=lambda i: len(self.conn[i]) < 150)
        pool = []
        for _ in range(r.randint(250, 400)):
            i = self.make_fake("bot_good", self.T0 - int(r.uniform(90, 900) * DAY), False, "person")
            self.accs[i].bio = r.choice(GENERIC_BIOS) if r.random() < 0.85 else ""
            pool.append(i)
        used = set()
        for c in customers:
            n = r.randint(100, 300)
            s = r.randint(self.TW + 10 * MIN, self.TE - 3 * HOUR - 5 * MIN)
            dur = r.randint(60, 180) * MIN
            for i in r.sample(pool, n):
                t = s + int(r.random() * dur)
                d = self.follow(t, i, c)
                self.tag(d, i, "fake_follower", aid)
                self.tag(d, c, "bot_follower_burst", aid)
                used.add(i)
        for i in pool:
            if i not in used:
                self.accs[i].kind = "dropped"  # never emitted at all
                continue
            for _ in range(r.randint(1, 6)):  # keep-alive follows all stream long
                j = self.pick_popular() if r.random() < 0.6 else r.choice(self.persons)
                self.follow(r.randint(self.T0 + MIN, self.TE - 1), i, j)

    def spam_sender(self, kind, bio):
        r = self.rng
        i = self.make_fake(kind, self.T0 - int(r.uniform(200, 1400) * DAY), False, "person")
        a = self.accs[i]
        if r.random() < 0.5:
            a.username = self.uniq_user(
                r.choice(["grow.with.", "scale.with.", "coach.", "the.", "ask."]) + a.first
            )
        a.bio = bio
        return i

    def pitch_text(self, theme, j):
        r = self.rng
        f = cap(self.accs[j].first) if self.accs[j].first else "there"
        T = {
            "audit": "{Hi|Hey|Hello} %s, {thanks|thank you} for {connecting|accepting my invite|the connection}! {I help|We help|My team helps} {coaches|consultants|agency owners|founders} {get|land|book} {15-20|20+|30+} {qualified leads|booked calls|sales calls} {a month|every month|monthly} {on autopilot|without ads|with zero cold calling}. {Book|Grab|Claim} your {free|complimentary|no-cost} {audit|growth audit|strategy session} {here|below}: https://{calendly.com/growth-partners|bit.ly/3freeaudit|book.leadflow.io}/%s",
            "webinar": "{Hi|Hey} %s! {Great to connect|Glad we connected}. {We're hosting|I'm running} a {free|exclusive|live} webinar {this Thursday|next week|tomorrow} on {how to 10x your income|passive income with AI|scaling to 7 figures} - {only 50 seats|seats are limited|spots filling fast}. {Register|Join|Save your seat} {here|now}: https://{webinar.scaleup.academy|bit.ly/ai-income-live|zoom-events.cc}/%s",
            "franchise": "{Hi|Hello} %s, {thanks for accepting|appreciate the connect}. {I have|We have|I'm sharing} an {incredible|exciting|exclusive} {franchise|business} opportunity {in your area|for professionals like you} - {low investment|under $10k to start}, {proven model|ROI in 6 months}. {Interested|Curious}? {Details|More info}: https://{franchise-now.biz|bit.ly/fr4nch1se|opportunity.partners}/%s",
            "likepost": "{Hey|Hi} %s {:)|!|🙂} {Would you mind|Could you} {liking|dropping a like on|supporting} my {latest|new|recent} post? {It would mean a lot|Trying to reach more people|Every like helps} 🙏 {https://lnkd.in|https://bit.ly}/%s",
            "video": "{OMG|Hey|Wait|Omg} %s{,|!!|..} {is this you|is that you|this looks like you} in this {video|clip|vid}?? {😳|😱|😂} https://{vid-share.cc|bit.ly|clips-view.net}/%s",
            "crypto": "{Hi|Hey} %s! {I made|Just made|I earned} {$4,200|$3,850|$5,100} {last week|this week|in 5 days} {with this|using this} {crypto platform|trading bot|AI trading app}, {you have to see this|check it out|it's legit}: https://{bit.ly|cryptoyield.pro|t.ly}/%s",
            "ambassador": "{Hi|Hello|Hey} %s, {I came across your profile|your profile caught my eye} and {think|believe} you'd be {a great fit|perfect} for our {paid|remote|flexible} {ambassador|brand partner|affiliate} program - {earn|make} up to {$500|$750|$1,000}/week {from home|in your spare time}. {Details|Apply here|Info}: https://{bit.ly|brandpartners.club|amb-program.co}/%s",
        }
        link = slug(r, 6) if r.random() < 0.5 else "join"
        return spin(r, T[theme] % (f, link))

    def plan_connect_fast(self):
        r = self.rng
        aid = self.new_attack("connect_fast", "mass_connect_spam")
        for _ in range(2):
            theme = r.choice(["audit", "webinar", "franchise", "likepost"])
            i = self.spam_sender(
                "spam_fast",
                r.choice(
                    [
                        "Helping B2B founders get 30+ booked calls/month | DM 'GROWTH'",
                        "Open networker | Lead generation | LION",
                        "Founder @ ScaleUp Academy | 7-figure mindset",
                        "Franchise consultant | Let's connect!",
                    ]
                ),
            )
            self.boost_degree(i, r.randint(25, 60))
            t = self.TW + r.randint(0, 40) * MIN
            while t < self.TE:
                send = t + r.randint(15, 50) * MIN
                while t < send and t < self.TE:
                    j = r.choice(self.persons)
                    x = r.random()
                    note = (
                        None
                        if x < 0.45
                        else STOCK
                        if x < 0.85
                        else spin(
                            r,
                            "{Hi|Hey} %s, {I help|helping} {professionals|leaders|founders} {grow|scale}. {Let's connect!|Would love to connect.}"
                            % cap(self.accs[j].first),
                        )
                    )
                    ta = self.request(
                        t,
                        i,
                        j,
                        note=note,
                        p_acc=0.25,
                        p_dec=0.15,
                        p_rep=0.04,
                        acc_med=25 * 60,
                        tags=[(i, "mass_connect_spam", aid)],
                    )
                    if ta:
                        tp = ta + r.randint(5, 120) * 1000
                        self.tag(self.msg(tp, i, j, self.pitch_text(theme, j)), i, "message_spam", aid)
                        if r.random() < 0.12:
                            self.msg(
                                tp + int(logn(r, 600, 1.2) * 1000),
                                j,
                                i,
                                r.choice(
                                    [
                                        "Not interested, thanks.",
                                        "Please don't spam me",
                                        "no thanks",
                                        "What's the price?",
                                        "Why would I want this?",
                                        "Unsubscribe lol",
                                        "Thanks but I'm good",
                                    ]
                                ),
                            )
                    t += int(max(4, logn(r, 17, 0.5)) * 1000)
                t += r.randint(20, 70) * MIN

    def plan_connect_slow(self):
        r = self.rng
        aid = self.new_attack("connect_slow", "mass_connect_spam")
        for _ in range(3):
            theme = r.choice(["audit", "webinar", "franchise", "likepost"])
            i = self.spam_sender(
                "spam_slow",
                r.choice(
                    [
                        "Business coach | Helping you unlock your potential",
                        "Growth partner for SMBs",
                        "Consultant | Speaker | Investor",
                        "Digital marketing | SEO | Ads",
                    ]
                ),
            )
            self.boost_degree(i, r.randint(40, 120))
            n = r.randint(8, 15)
            span = self.TE - self.TW
            for k in range(n):
                t = self.TW + int((k + r.random() * 0.8 + 0.1) * span / n)
                j = r.choice(self.persons)
                x = r.random()
                note = (
                    STOCK
                    if x < 0.5
                    else None
                    if x < 0.65
                    else spin(
                        r,
                        "{Hi|Hello} %s, {would love to|I'd like to} {connect|add you to my network}{.|!| :)}"
                        % cap(self.accs[j].first),
                    )
                )
                ta = self.request(
                    t,
                    i,
                    j,
                    note=note,
                    p_acc=0.4,
                    p_dec=0.1,
                    p_rep=0.03,
                    acc_med=20 * 60,
                    tags=[(i, "mass_connect_spam", aid)],
                )
                if ta:
                    self.tag(
                        self.msg(ta + r.randint(5, 60) * MIN, i, j, self.pitch_text(theme, j)),
                        i,
                        "message_spam",
                        aid,
                    )

    def plan_compromised(self):
        r = self.rng
        aid = self.new_attack("blast_compromised", "message_spam")
        accs = self.free_persons(2, pred=lambda i: self.accs[i].created < self.T0 - 2 * 365 * DAY)
        for i in accs:
            self.boost_degree(i, r.randint(180, 320), random_people=False)
            self.accs[i].activity = max(self.accs[i].activity, 4.0)  # normal conversations before
            theme = r.choice(["video", "crypto", "likepost"])
            n = min(len(self.conn[i]), r.randint(60, 200))
            s = r.randint(self.TW + 30 * MIN, self.TE - 100 * MIN)
            dur = r.randint(30, 90) * MIN
            for j in r.sample(sorted(self.conn[i]), n):
                t = s + int(r.random() * dur)
                txt = self.pitch_text(theme, j)
                if r.random() < 0.2:
                    txt = txt.replace("https", " https").lower()
                self.tag(self.msg(t, i, j, txt), i, "message_spam", aid)
                if r.random() < 0.18:
                    self.msg(
                        t + int(logn(r, 900, 1.2) * 1000),
                        j,
                        i,
                        r.choice(
                            [
                                "Is this really you?",
                                "I think you've been hacked",
                                "??",
                                "what is this",
                                f"{cap(self.accs[i].first)} your account is sending spam",
                                "lol no",
                                "Hacked?",
                            ]
                        ),
                    )

    def plan_campaign(self):
        r = self.rng
        aid = self.new_attack("campaign", "message_spam")
        s = r.randint(self.TW + 10 * MIN, self.TE - 3 * HOUR)
        for _ in range(r.randint(10, 20)):
            i = self.make_fake("campaign", self.T0 - int(r.uniform(10, 60) * DAY), False, "person")
            a = self.accs[i]
            a.photo = r.random() < 0.45
            a.bio = r.choice(
                ["", "", "Partnerships", "Talent & partnerships", "Brand manager", "Marketing | Remote"]
            )
            self.boost_degree(i, r.randint(3, 25))
            st = s + r.randint(0, 60) * MIN
            dur = r.randint(40, 120) * MIN
            for _ in range(r.randint(6, 15)):
                if r.random() < 0.7 or not self.conn[i]:
                    j = r.choice(self.persons)
                else:
                    m = r.choice(sorted(self.conn[i]))
                    j = r.choice(sorted(self.conn[m])) if self.conn[m] else r.choice(self.persons)
                if j == i:
                    continue
                t = st + int(r.random() * dur)
                self.tag(self.msg(t, i, j, self.pitch_text("ambassador", j)), i, "message_spam", aid)
                if r.random() < 0.07:
                    self.msg(
                        t + int(logn(r, 1200, 1) * 1000),
                        j,
                        i,
                        r.choice(["no thanks", "Is this legit?", "Stop", "How does it work?"]),
                    )

    # ------------------------------------------------------------- look-alikes
    def la_recruiter(self, n=4):
        r = self.rng
        for i in self.free_persons(n):
            a = self.accs[i]
            co = self.companies[a.work]
            a.role = "Recruiter"
            hire = r.sample(ROLES, 3)
            a.bio = f"{r.choice(['Technical Recruiter', 'Talent Partner', 'Senior Recruiter'])} at {co} | Hiring {hire[0]}s & {hire[1]}s in {CITIES[a.city]}"
            a.photo = True
            self.boost_degree(i, r.randint(250, 500))
            self.look[i] = "recruiter"
            p_acc = r.uniform(0.6, 0.8)
            nreq = r.randint(60, 150)
            times = sorted(self.diurnal_t(self.T0 + 20 * MIN) for _ in range(nreq))
            for t in times:
                if r.random() < 0.7:
                    cands = [j for j in r.sample(self.persons, 40) if self.accs[j].role in hire]
                    j = cands[0] if cands else r.choice(self.persons)
                else:
                    j = r.choice(self.persons)
                B = self.accs[j]
                role = B.role if B.role in hire else hire[0]
                jco = self.companies[B.work] if B.work is not None else "your company"
                note = spin(
                    r,
                    "{Hi|Hello|Hey} %s, {I'm hiring|we're hiring|I'm recruiting} a {senior |lead |}%s at %s{ and|,} {your background at %s stood out|your experience at %s looks like a great fit|I was impressed by your work at %s}. {Open to a quick chat?|Would love to connect!|Would you be open to connecting?}"
                    % (cap(B.first), role, co, jco, jco, jco),
                )
                ta = self.request(t, i, j, note=note, p_acc=p_acc, p_dec=0.06, p_rep=0.005, acc_med=50 * 60)
                if ta:
                    first = spin(
                        r,
                        "{Thanks for connecting|Thanks for accepting|Great to connect}, %s! {As mentioned|Like I said}, {we have|there's} a %s opening on our {platform|data|growth|core|payments} team at %s - {hybrid in %s|remote-friendly|based in %s}, {salary range shared upfront|competitive comp + equity}. {Would you be open to a 15-min call this week?|Any chance you'd be up for a quick call?|Happy to send the JD if you're curious.}"
                        % (cap(B.first), role, co, CITIES[a.city], CITIES[a.city]),
                    )
                    pool = [
                        "Thanks! Happy to hear more, can you send the JD?",
                        "Not looking right now but thanks for reaching out",
                        "Sure, Thursday afternoon works",
                        "What's the salary range?",
                        "Is it fully remote?",
                        "Thanks, I'm happy where I am for now",
                        "Sounds interesting - what's the team size?",
                    ]
                    self.conversation(
                        ta + int(logn(r, 20 * 60, 1.0) * 1000),
                        i,
                        j,
                        n=r.randint(2, 6),
                        first=first,
                        topic="work",
                        p_reply=0.4,
                        reply_pool=pool,
                    )

    def la_viral(self, n=3):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            self.look[i] = "viral"
            k = min(r.randint(300, 2000), len(self.persons) // 6)
            s = r.randint(self.TW, self.TE - 2 * HOUR)
            dur = r.randint(60, 120) * MIN
            for j in r.sample(self.persons, k):
                if self.accs[j].kind not in ("person", "creator"):
                    continue
                self.follow(s + int(dur * r.betavariate(1.4, 3.0)), j, i)
            for j in r.sample(sorted(self.conn[i]), min(len(self.conn[i]), r.randint(3, 12))):
                self.conversation(
                    s + r.randint(10, 150) * MIN,
                    j,
                    i,
                    n=r.randint(1, 4),
                    first=r.choice(
                        [
                            "Your post is everywhere!! 🔥",
                            "Congrats on the viral post haha",
                            "Saw your post on my feed 3 times today",
                            "You're famous now 😄",
                        ]
                    ),
                )

    def la_celebrity(self, n=3):
        r = self.rng
        cands = [c for c in self.creators[:12] if c not in self.reserved]
        for i in cands[:n]:
            self.reserved.add(i)
            self.look[i] = "celebrity"
            k = min(int(r.randint(700, 1500)), len(self.persons) // 4)
            for j in r.sample(self.persons, k):
                if self.accs[j].kind in ("person", "creator"):
                    self.follow(r.randint(self.T0 + MIN, self.TE - 1), j, i)

    def new_person(self, t, work=None, digits=None, photo_p=0.25, bio_p=0.2):
        r = self.rng
        i = self.add_acc("newuser", t, True)
        a = self.accs[i]
        a.work = r.randrange(len(self.companies)) if work is None else work
        a.city = r.randrange(len(CITIES))
        a.role = r.choice(ROLES)
        self.person_name(a)
        if digits if digits is not None else r.random() < 0.4:
            f2, l2 = a.first.replace("-", ""), a.last.replace("-", "")
            a.username = self.uniq_user(
                r.choice(
                    [
                        f2 + l2 + str(r.randint(1000, 9999)),
                        f2 + str(r.randint(100000, 9999999)),
                        f2 + "." + l2 + str(r.randint(1970, 2008)),
                        f2[0] + l2 + str(r.randint(10000, 99999)),
                    ]
                )
            )
        a.photo = r.random() < photo_p
        a.bio = (
            r.choice(["Hi!", "new here", a.role, f"{a.role} at {self.companies[a.work]}"])
            if r.random() < bio_p
            else ""
        )
        self.emit(t, "account_created", account_id=self.aid(i), profile=self.profile(i))
        return i

    def la_new_users(self):
        r = self.rng
        for _ in range(max(60, int(100 * self.scale))):
            t = r.randint(self.T0 + 5 * MIN, self.TE - 40 * MIN)
            i = self.new_person(t)
            self.look[i] = "new_user"
            tt = t + r.randint(1, 6) * MIN
            for _ in range(r.randint(10, 40)):
                tt += int(max(3, logn(r, 40, 0.9)) * 1000)
                self.follow(tt, i, self.pick_popular())
            if r.random() < 0.5 and self.accs[i].work in self.page_of:
                self.follow(tt + 5000, i, self.page_of[self.accs[i].work])
            wm = self.work_members[self.accs[i].work]
            for _ in range(r.randint(1, 5) if wm else 0):
                j = r.choice(wm)
                ta = self.request(
                    t + r.randint(10, 90) * MIN,
                    i,
                    j,
                    note=None if r.random() < 0.6 else STOCK,
                    p_acc=0.75,
                    p_dec=0.05,
                    acc_med=30 * 60,
                )
                if ta and r.random() < 0.3:
                    self.conversation(
                        ta + r.randint(1, 30) * MIN,
                        i,
                        j,
                        n=r.randint(1, 5),
                        first=r.choice(
                            ["Hey! Finally joined 😄", "hi! found you", "Hey, it's me, new account"]
                        ),
                    )
            if r.random() < 0.3:
                a = self.accs[i]
                a.photo = True
                a.bio = self.person_bio(a)
                self.emit(
                    t + r.randint(10, 120) * MIN,
                    "profile_updated",
                    account_id=self.aid(i),
                    profile=self.profile(i),
                )

    def la_onboarding(self):
        r = self.rng
        w = max(self.page_of, key=lambda w: len(self.work_members[w]))
        page = self.page_of[w]
        self.reserved.add(page)
        self.look[page] = "onboarding_wave"
        s = r.randint(self.TW, self.TE - 2 * HOUR)
        emps = []
        for _ in range(100):
            t = s + r.randint(0, 60 * MIN)
            i = self.new_person(t, work=w, digits=r.random() < 0.15, photo_p=0.35, bio_p=0.3)
            self.look[i] = "onboarding_member"
            emps.append((t, i))
            self.follow(t + r.randint(1, 10) * MIN, i, page)
        for t, i in emps:
            for t2, j in r.sample(emps, r.randint(5, 20)):
                if j != i:
                    self.follow(max(t, t2) + r.randint(2, 90) * MIN, i, j)
            for t2, j in r.sample(emps, r.randint(2, 8)):
                if j != i:
                    self.request(
                        max(t, t2) + r.randint(5, 120) * MIN,
                        i,
                        j,
                        note=None if r.random() < 0.7 else STOCK,
                        p_acc=0.85,
                        p_dec=0.02,
                        acc_med=15 * 60,
                    )
            if r.random() < 0.3:
                for _ in range(r.randint(1, 4)):
                    self.follow(t + r.randint(5, 100) * MIN, i, self.pick_popular())

    def la_busy(self, n=10):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            self.look[i] = "busy"
            self.boost_degree(i, r.randint(60, 150), random_people=False)
            target = r.randint(100, 300)
            sent = 0
            partners = sorted(self.conn[i])
            guard = 0
            while sent < target and guard < 400:
                guard += 1
                j = r.choice(partners)
                if self.accs[j].kind not in ("person", "creator"):
                    continue
                k, _ = self.conversation(self.diurnal_t(), i, j, n=r.randint(4, 30))
                sent += k

    def la_community_manager(self, n=3):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            a = self.accs[i]
            h = r.choice(HOBBIES)
            a.bio = f"Community Manager at {self.companies[a.work]} | Host of the {CITIES[a.city]} {h} meetup"
            self.look[i] = "community_manager"
            self.boost_degree(i, r.randint(200, 320), random_people=False)
            for j in r.sample(sorted(self.conn[i]), r.randint(60, 150)):
                B = self.accs[j]
                if B.kind not in ("person", "creator"):
                    continue
                first = spin(
                    r,
                    r.choice(
                        [
                            "{Hi|Hey} %s! {Thanks for|Loved} your {question|comment} in the {forum|group} about %s - {did you get it sorted?|I added a thread for it.}"
                            % (cap(B.first), r.choice(HOBBIES)),
                            "%s, {would you be up for|any interest in} {speaking|giving a lightning talk} at our next meetup? {No pressure!|Totally casual.}"
                            % cap(B.first),
                            "{Hey|Hi} %s, {welcome to the group|glad you joined}! {Anything you'd like to see us cover?|What brought you in?}"
                            % cap(B.first),
                            "Hi %s - we're {collecting|gathering} feedback on the {last|June|spring} session, {what did you think?|anything we should change?}"
                            % cap(B.first),
                            "%s! {Your post about %s got a lot of love|People really liked your %s tips}, mind if we feature it in the newsletter?"
                            % (cap(B.first), r.choice(ROLES).lower(), r.choice(HOBBIES)),
                            "{Hey|Hi} %s, quick one: are you still {leading|running} the %s {subgroup|channel}?"
                            % (cap(B.first), r.choice(HOBBIES)),
                        ]
                    ),
                )
                self.conversation(
                    self.diurnal_t(), i, j, n=r.randint(1, 6), first=first, topic="small", p_reply=0.65
                )

    def la_event_inviter(self, n=3):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            self.look[i] = "event_inviter"
            self.boost_degree(i, r.randint(90, 160), random_people=False)
            txt = spin(
                r,
                "{Hey!|Hi all!|Hello friends!} {We're hosting|I'm organising|Join us for} {a %s night|our %s meetup|a small %s get-together} on {Friday|Saturday the 14th|next Thursday} at {The Loft|Blue Fig|my place|the co-working space} {- would love to see you there|, hope you can make it} 🎉 RSVP: https://{lu.ma|eventbrite.com/e|partiful.com/e}/%s"
                % (r.choice(HOBBIES), r.choice(HOBBIES), r.choice(HOBBIES), slug(r, 8)),
            )
            s = r.randint(self.TW, self.TE - 90 * MIN)
            dur = r.randint(20, 60) * MIN
            pool = [
                "See you there!",
                "Count me in 🙌",
                "Can't make it sadly, have fun!",
                "Yesss I'll be there",
                "Can I bring a friend?",
                "What time does it start?",
                "Just RSVP'd!",
                "Ooh maybe, will confirm tomorrow",
            ]
            for j in r.sample(sorted(self.conn[i]), min(len(self.conn[i]), r.randint(40, 80))):
                if self.accs[j].kind not in ("person", "creator"):
                    continue
                self.conversation(
                    s + int(r.random() * dur),
                    i,
                    j,
                    n=r.randint(1, 4),
                    first=txt,
                    topic="sched",
                    p_reply=0.6,
                    reply_pool=pool,
                )

    def la_job_seeker(self, n=4):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            a = self.accs[i]
            self.look[i] = "job_seeker"
            a.bio = r.choice(
                [
                    f"Open to work | {a.role}",
                    f"{a.role} seeking new opportunities in {CITIES[a.city]}",
                    f"{a.role} | attending {r.choice(EVENTS)}",
                ]
            )
            for _ in range(r.randint(15, 30)):
                j = r.choice(self.persons)
                if self.accs[j].work == a.work:
                    continue
                ta = self.request(
                    self.diurnal_t(self.TW),
                    i,
                    j,
                    note=STOCK if r.random() < 0.6 else None,
                    p_acc=0.5,
                    p_dec=0.1,
                    p_rep=0.01,
                    acc_med=60 * 60,
                )
                if ta and r.random() < 0.6:
                    first = spin(
                        r,
                        "{Thanks for connecting|Thank you for accepting}, %s! {I'm exploring|I'm looking at} %s roles in %s - {any advice is much appreciated|would love to hear how you got into it} 🙂"
                        % (cap(self.accs[j].first), a.role, CITIES[a.city])
                        if r.random() < 0.5
                        else "{Thanks for connecting|Great to connect}, %s! {It was nice meeting you at %s.|Hope the rest of the conference was good!}"
                        % (cap(self.accs[j].first), r.choice(EVENTS)),
                    )
                    self.conversation(
                        ta + r.randint(2, 90) * MIN,
                        i,
                        j,
                        n=r.randint(1, 5),
                        first=first,
                        topic="work",
                        p_reply=0.35,
                    )

    def la_stock_in_network(self, n=10):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            self.look[i] = "stock_in_network"
            self.boost_degree(i, r.randint(100, 200), random_people=False)
            for _ in range(r.randint(40, 100)):
                best, bm = None, -1
                for _ in range(20):
                    m = r.choice(sorted(self.conn[i]))
                    if not self.conn[m]:
                        continue
                    j = r.choice(sorted(self.conn[m]))
                    if j == i or j in self.conn[i] or self.accs[j].kind not in ("person", "creator"):
                        continue
                    mu = self.mutual(i, j)
                    if mu > bm:
                        best, bm = j, mu
                if best is not None:
                    self.request(
                        self.diurnal_t(),
                        i,
                        best,
                        note=STOCK if r.random() < 0.7 else None,
                        p_acc=0.88,
                        p_dec=0.03,
                        acc_med=40 * 60,
                    )

    def la_heavy_follower(self, n=10):
        r = self.rng
        for i in self.free_persons(n, pred=lambda i: self.accs[i].kind == "person"):
            self.look[i] = "heavy_follower"
            topic_pool = [
                j for j in r.sample(self.persons, min(len(self.persons), 2000)) if self.accs[j].photo
            ]
            total = r.randint(100, 300)
            done = 0
            while done < total:
                t = self.diurnal_t()
                for _ in range(r.randint(15, 70)):
                    j = self.pick_popular() if r.random() < 0.35 else r.choice(topic_pool)
                    if self.follow(t, i, j):
                        done += 1
                    t += int(max(2, logn(r, 9, 0.7)) * 1000)
                    if done >= total:
                        break
            for _ in range(r.randint(0, 10)):
                self.emit(
                    self.diurnal_t(),
                    "unfollow",
                    actor_id=self.aid(i),
                    target_id=self.aid(r.choice(topic_pool)),
                )

    # ------------------------------------------------------------- deletions
    def plan_deletions(self):
        r = self.rng
        for i in self.free_persons(
            max(3, int(15 * self.scale)), pred=lambda i: self.accs[i].kind == "person"
        ):
            t = r.randint(self.T0 + 30 * MIN, self.TE - 1)
            self.deleted[self.aid(i)] = t

    # ------------------------------------------------------------- main
    def run(self):
        self.no_organic = set()
        self.no_organic_target = set()
        self.build_population()
        # celebrities first (they come from the creator pool)
        self.la_celebrity()
        self.plan_cheap_farm()
        self.plan_good_farm()
        self.plan_connect_fast()
        self.plan_connect_slow()
        self.plan_compromised()
        self.plan_campaign()
        self.la_recruiter()
        self.la_viral()
        self.la_onboarding()
        self.la_busy()
        self.la_community_manager()
        self.la_event_inviter()
        self.la_job_seeker()
        self.la_stock_in_network()
        self.la_heavy_follower()
        self.la_new_users()
        self.plan_deletions()
        # replay of existing profiles (before any organic profile edits)
        r = self.rng
        pre = [i for i, a in enumerate(self.accs) if not a.instream and a.kind != "dropped"]
        r.shuffle(pre)
        for k, i in enumerate(pre):
            self.emit(
                self.T0 + int(k * 45_000 / max(1, len(pre))),
                "profile_updated",
                account_id=self.aid(i),
                profile=self.profile(i),
            )
        self.organic()
        for aid_s, t in sorted(self.deleted.items()):
            self.emit(t, "account_deleted", account_id=aid_s)

    def finalize(self):
        """Filter post-deletion events, compute labels, return (events, labels)."""
        ev = []
        for ts, sq, d in sorted(self.events, key=lambda e: (e[0], e[1])):
            if self.deleted:
                bad = False
                for k in ("actor_id", "target_id", "account_id"):
                    v = d.get(k)
                    if v in self.deleted and (
                        ts > self.deleted[v] or (ts == self.deleted[v] and d["type"] != "account_deleted")
                    ):
                        bad = True
                if bad:
                    continue
            ev.append(d)
        marks = {}
        for d in ev:
            for subj, cat, aid in d.pop("_m", ()):
                m = marks.get((subj, cat))
                if m is None:
                    marks[(subj, cat)] = [aid, d["ts"], d["ts"], 1]
                else:
                    m[1] = min(m[1], d["ts"])
                    m[2] = max(m[2], d["ts"])
                    m[3] += 1
        positives = []
        pos_subj = set()
        att_span = {}
        for (subj, cat), (aid, lo, hi, cnt) in sorted(
            marks.items(), key=lambda kv: (kv[1][0], kv[0][1], kv[1][1], kv[0][0])
        ):
            if cat == "message_spam" and cnt < 5:
                continue
            positives.append(
                {
                    "subject_id": self.aid(subj),
                    "category": cat,
                    "attack": self.attacks[aid]["attack"],
                    "attack_id": aid,
                    "start_ts": lo,
                    "end_ts": hi,
                    "count": cnt,
                }
            )
            pos_subj.add(subj)
            s = att_span.setdefault(aid, [lo, hi])
            s[0], s[1] = min(s[0], lo), max(s[1], hi)
        attacks = []
        for aid, a in self.attacks.items():
            if aid in att_span:
                attacks.append(dict(a, start_ts=att_span[aid][0], end_ts=att_span[aid][1]))
        look = [
            {"subject_id": self.aid(i), "kind": k}
            for i, k in self.look.items()
            if i not in pos_subj and self.aid(i) not in self.deleted
        ]
        labels = {
            "scenario": "foreign",
            "seed": self.seed,
            "positives": positives,
            "attacks": attacks,
            "lookalikes": look,
            "window": {"t0": self.T0, "attack_start": self.TW, "t_end": self.TE},
        }
        return ev, labels


# ----------------------------------------------------------------------------
# delivery noise: reordering, duplicates, late events, extra fields, garbage
# ----------------------------------------------------------------------------
def deliver(gen, events, out_path):
    r = random.Random(gen.seed * 31337 + 1)
    idr = gen.idrng
    lines = []
    n_dup = n_late = n_extra = 0
    seq = 0
    for d in events:
        h = "%032x" % idr.getrandbits(128)
        eid = "%s-%s-%s-%s-%s" % (h[:8], h[8:12], "4" + h[13:16], "8" + h[17:20], h[20:])
        rec = {"event_id": eid}
        rec.update(d)
        if r.random() < 0.02:
            n_extra += 1
            x = r.random()
            if x < 0.4:
                rec["client"] = r.choice(["ios", "android", "web", "api"])
            elif x < 0.7:
                rec["producer_version"] = r.choice(["2.14.1", "2.15.0", "3.0.0-rc1"])
            else:
                rec["trace"] = {
                    "span": "%016x" % r.getrandbits(64),
                    "region": r.choice(["eu-west-1", "us-east-1", "ap-south-1"]),
                }
        line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        ts = d["ts"]
        if r.random() < 0.002:
            arr = ts + r.randint(15 * MIN, 60 * MIN)
            n_late += 1
        else:
            arr = ts + min(int(r.expovariate(1 / 25_000)), 9 * MIN + 30_000)
        seq += 1
        lines.append((arr, seq, line))
        if r.random() < 0.01:
            n_dup += 1
            seq += 1
            lines.append((arr + r.randint(200, 120_000), seq, line))
    lines.sort()
    out = [l for _, _, l in lines]
    # garbage lines
    T = gen.T0 + HOUR
    g = [
        '{"event_id":"%s","type":"follow","ts":%d,"actor_id":"acc_1' % (slug(r, 12), T),  # truncated
        '{"event_id":"%s","type":"follow","ts":"%d","actor_id":"acc_12345","target_id":"acc_54321"}'
        % (slug(r, 12), T),  # ts string
        '{"event_id":"%s","type":"follow","ts":%d,"target_id":"acc_54321"}'
        % (slug(r, 12), T),  # missing actor
        "not json at all",
        "{}",
        "[1,2,3]",
        '{"event_id":"%s","type":"connect_request","ts":%d,"actor_id":"acc_777","target_id":"acc_888","note":null,"mutual_connections":"3"}'
        % (slug(r, 12), T),
        '{"event_id":"%s","type":"connect_request","ts":%d,"actor_id":"acc_777","target_id":"acc_889","note":null,"mutual_connections":-2}'
        % (slug(r, 12), T),
        '{"event_id":"%s","type":"profile_updated","ts":%d,"account_id":"acc_999","profile":{"username":"x","display_name":"x","bio":"","has_photo":"yes","created_at":1}}'
        % (slug(r, 12), T),
        '{"event_id":"%s","type":"story_viewed","ts":%d,"actor_id":"acc_1","target_id":"acc_2"}'
        % (slug(r, 12), T),
        '{"event_id":"%s","type":"message_sent","ts":%d,"actor_id":"acc_3","target_id":"acc_4","thread_id":"th_x"}'
        % (slug(r, 12), T),  # no text
        '{"event_id":"%s","type":"follow","ts":%d,"actor_id":"acc_5","target_id":null}' % (slug(r, 12), T),
        '{"event_id":"%s","ts":%d,"actor_id":"acc_5","target_id":"acc_6"}' % (slug(r, 12), T),  # no type
        '{"event_id":12345,"type":"unfollow","ts":%d,"actor_id":"acc_5","target_id":"acc_6"}'
        % T,  # id wrong type
        '{"event_id":"%s","type":"follow","ts":%d.5,"actor_id":"acc_5","target_id":"acc_6"}'
        % (slug(r, 12), T),  # float ts
        '{"event_id":"%s","type":"message_sent","ts":%d,"actor_id":"acc_3","target_id":"acc_4","thread_id":"th_y","text":"%s"}'
        % (slug(r, 12), T, "spam " * 14000),  # oversize
        '{"event_id":"%s","type":"account_created","ts":%d,"account_id":"acc_42"}'
        % (slug(r, 12), T),  # no profile
        "\x00\x01\x02garbage\x7f",
        '{"event_id":"%s","type":"connect_accept","ts":%d,"actor_id":["acc_1"],"target_id":"acc_2"}'
        % (slug(r, 12), T),
        '{"event_id":"%s","type":"follow","ts":%d,"actor_id":"acc_5","target_id":"acc_6"}}'
        % (slug(r, 12), T),  # trailing brace
    ]
    for k, gl in enumerate(g):
        pos = r.randint(len(out) // 50, len(out) - 1)
        out.insert(pos, gl)
    with open(out_path, "w", encoding="utf-8") as fh:
        for l in out:
            fh.write(l)
            fh.write("\n")
    return {
        "lines": len(out),
        "events": len(events),
        "duplicates": n_dup,
        "late": n_late,
        "extra_fields": n_extra,
        "garbage": len(g),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    gen = Gen(args.seed, args.scale)
    gen.run()
    events, labels = gen.finalize()
    stats = deliver(gen, events, args.out)
    labels["delivery"] = stats
    with open(args.labels, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, indent=1)
    print(json.dumps(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
