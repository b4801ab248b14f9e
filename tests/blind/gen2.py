#!/usr/bin/env python3
"""gen2.py -- independent synthetic event stream for a professional/creator network.

Stdlib only, deterministic for a given --seed (no iteration over string sets for choices).

    python3 gen2.py --seed 1 --out s1.jsonl --labels s1.labels.json

Timeline: T0 = 2026-03-10 06:00 UTC.  profile_updated replay of all existing accounts at T0,
~2 h of normal life, then ~8 h where attacks and look-alikes happen (organic life continues).
"""

import argparse
import bisect
import calendar
import json
import math
import random
import re
import unicodedata

SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
T0 = calendar.timegm((2026, 3, 10, 6, 0, 0)) * 1000
ATT = T0 + 2 * HOUR
END = T0 + 10 * HOUR
NM = 100000  # pair-key multiplier (max accounts)
STOCK = "I'd like to add you to my professional network."

# --------------------------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------------------------
FIRST = {
    "en": "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Chris Karen Daniel Emily Matthew Ashley Anthony Megan Mark Rachel Andrew Laura Josh Hannah Kevin Olivia Brian Emma Ryan Chloe Jason Grace Priya Arjun Wei Mei Hiroshi Yuki Aisha Omar Fatima Kwame Amara Liam Noah Ava Sophie Jack Ethan Zoe Nina Sam Alex Jordan Taylor Rohan Ananya Ifeoma Tunde Siobhan Declan Freya Oscar Maya Leo Isla Ben".split(),
    "es": "Ana María Lucía Carmen Sofía Valentina Camila Isabel Elena Paula José Juan Carlos Luis Javier Miguel Alejandro Diego Pablo Andrés Sergio Fernando Raúl Marta Laura Andrea Nerea Álvaro Iker Ximena Mateo Daniela Gonzalo Rocío".split(),
    "fr": "Camille Léa Manon Chloé Inès Julie Claire Sophie Marie Élodie Lucas Hugo Louis Gabriel Arthur Thomas Nicolas Antoine Julien Mathieu Pierre Maxime Baptiste Aurélien Margaux Clément Océane Théo Anaïs Quentin".split(),
    "de": "Lena Anna Lea Hannah Julia Katharina Laura Sarah Jana Sophie Lukas Jonas Felix Maximilian Leon Paul Tobias Florian Sebastian Jan Niklas Moritz Stefan Matthias Jürgen Birgit Sabine Uwe Jörg Annika".split(),
    "pt": "João Pedro Gabriel Lucas Matheus Rafael Gustavo Felipe Bruno Thiago Ana Beatriz Juliana Mariana Larissa Fernanda Camila Amanda Letícia Bruna Carolina Rita Inês Tiago Gonçalo Diogo Vitória Caio Renata Leonor".split(),
}
LAST = {
    "en": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Patel Shah Kumar Singh Chen Wang Li Zhang Nguyen Kim Park Okafor Mensah O'Brien Murphy Kelly Campbell Stewart Reed Cook Morgan Bell Cooper Hughes Ward Iyer Reddy Tanaka Sato Adeyemi Byrne Fraser".split(),
    "es": "García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Morales Ortiz Castro Romero Navarro Ruiz Vargas Jiménez Moreno Álvarez Iglesias Vidal Serrano Molina".split(),
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Mercier Faure Chevalier Garnier Blanc Roux".split(),
    "de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause Vogel".split(),
    "pt": "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Moreira Teixeira Correia Pinto".split(),
}
# city, lang, utc offset (hours), weight
CITIES = [
    ("London", "en", 0, 9),
    ("New York", "en", -5, 9),
    ("San Francisco", "en", -8, 6),
    ("Austin", "en", -6, 3),
    ("Toronto", "en", -5, 4),
    ("Chicago", "en", -6, 3),
    ("Seattle", "en", -8, 3),
    ("Dublin", "en", 0, 3),
    ("Bangalore", "en", 5.5, 5),
    ("Singapore", "en", 8, 3),
    ("Amsterdam", "en", 1, 4),
    ("Stockholm", "en", 1, 2),
    ("Lagos", "en", 1, 2),
    ("Manchester", "en", 0, 2),
    ("Madrid", "es", 1, 4),
    ("Barcelona", "es", 1, 3),
    ("Mexico City", "es", -6, 4),
    ("Buenos Aires", "es", -3, 3),
    ("Bogotá", "es", -5, 2),
    ("Paris", "fr", 1, 5),
    ("Lyon", "fr", 1, 2),
    ("Montréal", "fr", -5, 2),
    ("Berlin", "de", 1, 5),
    ("Munich", "de", 1, 3),
    ("Zürich", "de", 1, 2),
    ("Vienna", "de", 1, 2),
    ("São Paulo", "pt", -3, 5),
    ("Lisbon", "pt", 0, 3),
    ("Rio de Janeiro", "pt", -3, 2),
    ("Porto", "pt", 0, 1),
]
IND = {
    "software": [
        "Software Engineer",
        "Backend Developer",
        "Data Scientist",
        "Product Manager",
        "UX Designer",
        "DevOps Engineer",
        "Engineering Manager",
        "Frontend Developer",
        "ML Engineer",
        "QA Lead",
        "CTO",
    ],
    "finance": [
        "Financial Analyst",
        "Risk Manager",
        "Investment Associate",
        "Controller",
        "Portfolio Manager",
        "Compliance Officer",
        "Quant Researcher",
        "CFO",
    ],
    "health": [
        "Nurse",
        "Clinical Researcher",
        "Biostatistician",
        "Physician",
        "Lab Manager",
        "Pharmacist",
        "Regulatory Affairs Specialist",
    ],
    "logistics": [
        "Supply Chain Manager",
        "Operations Lead",
        "Fleet Manager",
        "Procurement Specialist",
        "Warehouse Manager",
        "Logistics Analyst",
    ],
    "marketing": [
        "Content Strategist",
        "Marketing Manager",
        "Brand Designer",
        "Copywriter",
        "Social Media Manager",
        "Growth Marketer",
        "Creative Director",
    ],
    "consulting": ["Consultant", "Senior Associate", "Strategy Manager", "Partner", "Business Analyst"],
    "energy": [
        "Electrical Engineer",
        "Project Engineer",
        "Grid Analyst",
        "Sustainability Lead",
        "Site Manager",
    ],
    "education": ["Lecturer", "Research Assistant", "PhD Candidate", "Professor", "Program Coordinator"],
    "retail": ["Store Manager", "Category Manager", "E-commerce Lead", "Merchandiser", "Buyer"],
}
SUFFIX_IND = [
    ("Labs", "software"),
    ("Systems", "software"),
    ("Analytics", "software"),
    ("Cloud", "software"),
    ("Health", "health"),
    ("Bio", "health"),
    ("Bank", "finance"),
    ("Capital", "finance"),
    ("Logistics", "logistics"),
    ("Freight", "logistics"),
    ("Energy", "energy"),
    ("Power", "energy"),
    ("Robotics", "software"),
    ("Media", "marketing"),
    ("Studio", "marketing"),
    ("Partners", "consulting"),
    ("Consulting", "consulting"),
    ("Retail", "retail"),
    ("Foods", "retail"),
    ("Mobility", "logistics"),
]
PREFIX = "North Blue Bright Open Quantum Silver Red Nova Peak True Green Iron Cloudy Hyper Swift Atlas Lumen Vertex Orbit Kestrel Harbor Cedar Maple Copper Falcon Tidal Summit Aurora Granite Prism Nimbus Basalt Juniper Solstice Meridian Zephyr Corvid Lattice Ember".split()
UNIS = [
    "University of {c}",
    "{c} Institute of Technology",
    "{c} School of Economics",
    "Technical University of {c}",
    "{c} Business School",
    "{c} State University",
]
INTERESTS = [
    "coffee",
    "running",
    "climbing",
    "open source",
    "photography",
    "AI",
    "climate tech",
    "mentoring",
    "jazz",
    "cycling",
    "UX research",
    "data viz",
    "startups",
    "fintech",
    "yoga",
    "chess",
    "hiking",
    "cooking",
    "public speaking",
    "sustainability",
    "dogs",
    "board games",
    "sailing",
    "urbanism",
    "product thinking",
    "F1",
    "sourdough",
    "poetry",
    "rust",
    "women in tech",
]
TOPICS = [
    "remote work",
    "AI agents",
    "pricing strategy",
    "hiring in 2026",
    "burnout",
    "data contracts",
    "carbon accounting",
    "design systems",
    "supply chain resilience",
    "open source funding",
    "leadership",
    "onboarding",
    "observability",
    "customer research",
    "four-day weeks",
    "LLM evals",
    "career switching",
    "mentorship",
    "platform teams",
    "B2B sales",
]
EVENTS_N = [
    "the meetup",
    "the conference",
    "Web Summit",
    "the offsite",
    "the hackathon",
    "the product breakfast",
    "the alumni dinner",
    "the panel on Tuesday",
    "KubeCon",
    "the webinar",
    "the workshop",
]
EMOJI = [
    "🙂",
    "😂",
    "🙏",
    "🎉",
    "👍",
    "🔥",
    "😅",
    "🙌",
    "💡",
    "🚀",
    "❤️",
    "😊",
    "👀",
    "☕",
    "✨",
    "🤝",
    "📈",
    "😬",
    "🤔",
    "💪",
    "🥳",
    "👋",
    "😎",
    "🌱",
]
WORDS = "sunny lucky happy star moon tiger wolf pixel rocket cool dream ocean shadow golden crazy magic silver fire ice sky blue cherry lemon mango rose angel ninja coder gamer".split()
SHORT_DOMAINS = [
    "bit.ly",
    "tinyurl.com",
    "cutt.ly",
    "t.ly",
    "rb.gy",
    "is.gd",
    "shorturl.at",
    "ow.ly",
    "tiny.cc",
]

OPEN = {
    "en": [
        "Hey {first}! Are you going to {event} next week?",
        "Hi {first}, quick question about the {topic} doc - do you have 5 min today?",
        "congrats on the new role!! {emo}",
        "Saw your post about {topic}, really interesting take.",
        "Can you send me the deck from yesterday's meeting?",
        "Lunch on Thursday?",
        "Hey, long time! How are things at {company}?",
        "Are we still on for the call at {hour}?",
        "Thanks for the intro to {other}, we're meeting next week",
        "Did you see this? {link}",
        "I'm putting together a panel on {topic} - would you be up for it?",
        "Happy Friday! any plans for the weekend?",
        "Could you review my PR when you get a chance? {gh}",
        "the client moved the deadline to {day} {emo}",
        "Sorry I missed your call, free after 3",
        "Hi {first}! Loved your talk at {event}. Do you have the slides somewhere?",
        "hey are you hiring for your team? a friend of mine is looking",
        "Quick one: who owns {topic} on your side these days?",
        "Morning! Here are my notes from the sync: {doc}",
        "{first} did you get my email about the budget?",
        "Is the zoom link still the same? {zoom}",
        "Happy birthday {first}!! {emo}",
        "Just read this and thought of you {link}",
        "Do you know anyone good at {topic}? We need some help",
        "Hi {first}, thank you again for the advice last week, it really helped",
    ],
    "es": [
        "¡Hola {first}! ¿Tienes un momento para hablar del proyecto?",
        "¿Nos vemos el jueves para comer?",
        "Gracias por la presentación de ayer {emo}",
        "Enhorabuena por el nuevo puesto!!",
        "Te paso el enlace: {link}",
        "Oye {first}, ¿vas a ir a {event}?",
        "¿Me puedes mandar el documento cuando puedas? {doc}",
        "Qué tal todo por {company}?",
    ],
    "fr": [
        "Salut {first} ! Tu as deux minutes pour un appel ?",
        "Merci pour ton aide hier {emo}",
        "Félicitations pour le nouveau poste !",
        "On se voit à la réunion de 14h ?",
        "Voici le lien : {link}",
        "Bonjour {first}, est-ce que tu as reçu mon mail ?",
        "Tu viens à {event} jeudi ?",
        "Ça se passe bien chez {company} ?",
    ],
    "de": [
        "Hallo {first}, hast du kurz Zeit für einen Call?",
        "Danke für die Hilfe gestern!",
        "Glückwunsch zur neuen Stelle {emo}",
        "Sehen wir uns beim Meetup am Donnerstag?",
        "Hier der Link: {link}",
        "Hi {first}, kannst du mir die Folien schicken?",
        "Wie läuft es bei {company}?",
        "Kurze Frage zu {topic}: wer ist bei euch zuständig?",
    ],
    "pt": [
        "Oi {first}! Tudo bem? Podemos falar sobre o projeto?",
        "Parabéns pelo novo cargo!! {emo}",
        "Obrigado pela ajuda ontem",
        "Vamos almoçar na quinta?",
        "Segue o link: {link}",
        "Olá {first}, conseguiu ver o documento? {doc}",
        "Como estão as coisas na {company}?",
        "Você vai no {event}?",
    ],
}
REPLY = {
    "en": [
        "sure!",
        "Yes, sounds good",
        "Thanks! {emo}",
        "haha exactly",
        "let me check and get back to you",
        "Sounds great, see you then",
        "No worries",
        "Will do",
        "Here you go: {doc}",
        "Thursday works for me",
        "Can we do 4pm instead?",
        "I'd love to, send me details",
        "not sure yet tbh",
        "👍",
        "ok",
        "Amazing, thank you so much!",
        "yes! It's been a crazy week",
        "Just sent it over",
        "Great to hear from you!",
        "oh nice, I hadn't seen that",
        "Totally agree",
        "lol yes",
        "I'll ask {other} and let you know",
        "perfect",
        "Thanks for flagging",
        "Sorry, just seeing this now",
        "can't today, tomorrow?",
        "Yes please!",
        "That's great news {emo}",
        "Noted, thanks",
    ],
    "es": [
        "¡Claro!",
        "Perfecto, gracias",
        "Vale, hablamos luego",
        "jajaja sí",
        "Te escribo mañana",
        "Genial {emo}",
        "Sí, me viene bien",
        "Ahora lo miro",
    ],
    "fr": [
        "Oui bien sûr",
        "Merci beaucoup !",
        "Pas de souci",
        "D'accord, à demain",
        "haha carrément",
        "Top {emo}",
        "Je regarde ça",
        "Parfait",
    ],
    "de": [
        "Klar, gerne",
        "Danke dir!",
        "Passt, bis später",
        "Kein Problem",
        "Super, danke!",
        "Mach ich {emo}",
        "Ja, passt mir",
        "Schaue ich mir an",
    ],
    "pt": [
        "Claro!",
        "Valeu!",
        "Combinado, até amanhã",
        "kkkk verdade",
        "Obrigada, de verdade",
        "Show {emo}",
        "Pode ser",
        "Vou ver e te falo",
    ],
}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

SPIN_RE = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def strip_acc(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and (c.isalnum())).lower()


class Acct:
    __slots__ = (
        "i",
        "id",
        "first",
        "last",
        "username",
        "display",
        "bio",
        "photo",
        "created",
        "kind",
        "org",
        "uni",
        "city",
        "lang",
        "tz",
        "rate",
        "pop",
        "title",
        "industry",
        "active_from",
    )


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed * 1000003 + 17)
        self.idrng = random.Random(seed * 7919 + 3)
        self.events = []
        self.accts = []
        self.used_ids = set()
        self.usernames = set()
        self.fset = set()
        self.conn = []
        self.fol_list = []
        self.req = set()
        self.threads = {}
        self.roles = {}  # idx -> role name (attack or lookalike)
        self.lookalikes = []  # (idx, kind)
        self.silent_after = {}  # idx -> ts: drop untagged events by this actor after ts
        self.deleted = {}  # idx -> ts
        self.attack_meta = {}  # attack_id -> attack name
        self.celebs = []
        self.profile_initial = {}

    def static(self, a):
        """profile change that held all along (also shown in the T0 replay)"""
        if a.created < T0:
            self.profile_initial[a.i] = self.profile(a)

    # ------------------------------------------------------------------ helpers
    def eid(self):
        while True:
            s = "ev-%016x" % self.idrng.getrandbits(64)
            if s not in self.used_ids:
                self.used_ids.add(s)
                return s

    def hexs(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def alnum(self, n):
        return "".join(
            self.rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(n)
        )

    def ev(self, ts, typ, tag=None, **kw):
        e = {"event_id": self.eid(), "type": typ, "ts": int(ts)}
        e.update(kw)
        if tag is not None:
            e["_tag"] = tag
        self.events.append(e)
        return e

    def lognorm(self, median, sigma):
        return median * math.exp(self.rng.gauss(0, sigma))

    def poisson(self, lam):
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, int(round(self.rng.gauss(lam, math.sqrt(lam)))))
        L = math.exp(-lam)
        k, p = 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= L:
                return k
            k += 1

    @staticmethod
    def diurnal(h):
        c = [
            0.05,
            0.03,
            0.02,
            0.02,
            0.03,
            0.08,
            0.2,
            0.45,
            0.8,
            1.0,
            0.95,
            0.9,
            0.75,
            0.85,
            0.95,
            0.9,
            0.85,
            0.7,
            0.55,
            0.6,
            0.65,
            0.55,
            0.35,
            0.15,
        ]
        i = int(h) % 24
        f = h - int(h)
        return c[i] * (1 - f) + c[(i + 1) % 24] * f

    def local_h(self, ts, a):
        return ((ts / HOUR) + self.accts[a].tz) % 24

    def wake(self, a, ts):
        """If account a would be asleep at ts, push to its morning."""
        h = self.local_h(ts, a)
        if h < 6.5:
            ts += (7 - h) * HOUR + self.rng.uniform(0, 100) * MIN
        elif h >= 23.5:
            ts += (24 - h + 7) * HOUR + self.rng.uniform(0, 100) * MIN
        return int(ts)

    def reply_delay(self, a, t, median=5.0, sigma=1.3):
        d = max(8 * SEC, self.lognorm(median, sigma) * MIN)
        return self.wake(a, t + d)

    def spin(self, s, **kv):
        while True:
            m = SPIN_RE.search(s)
            if not m:
                break
            s = s[: m.start()] + self.rng.choice(m.group(1).split("|")) + s[m.end() :]
        for k, v in kv.items():
            s = s.replace("{" + k + "}", str(v))
        return s

    def typo(self, s, p=0.07):
        r = self.rng
        if r.random() < p and len(s) > 10:
            for _ in range(1 + (r.random() < 0.3)):
                i = r.randrange(1, len(s) - 2)
                if s[i].isalpha() and s[i + 1].isalpha():
                    op = r.random()
                    if op < 0.4:
                        s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
                    elif op < 0.7:
                        s = s[:i] + s[i + 1 :]
                    else:
                        s = s[:i] + s[i] + s[i:]
        if r.random() < 0.06:
            s = s.lower()
        if r.random() < 0.05 and s[-1:] in ".!":
            s = s[:-1]
        return s

    # ------------------------------------------------------------------ links
    def link(self):
        r = self.rng
        k = r.random()
        if k < 0.15:
            return "https://youtu.be/" + self.alnum(11)
        if k < 0.25:
            return "https://www.youtube.com/watch?v=" + self.alnum(11)
        if k < 0.38:
            return "https://medium.com/@%s/%s-%s" % (
                r.choice(WORDS) + r.choice(WORDS),
                r.choice(TOPICS).replace(" ", "-"),
                self.hexs(12),
            )
        if k < 0.48:
            return "https://www.nytimes.com/2026/03/%02d/technology/%s.html" % (
                r.randint(1, 9),
                r.choice(TOPICS).replace(" ", "-"),
            )
        if k < 0.56:
            return "https://techcrunch.com/2026/03/%02d/%s/" % (
                r.randint(1, 9),
                r.choice(TOPICS).replace(" ", "-"),
            )
        if k < 0.70:
            return "https://%s/%s" % (
                r.choice(["bit.ly", "lnkd.in", "buff.ly", "tinyurl.com"]),
                self.alnum(7),
            )
        if k < 0.80:
            return "https://github.com/%s/%s" % (
                r.choice(WORDS) + str(r.randint(1, 99)),
                r.choice(WORDS) + "-" + r.choice(["sdk", "cli", "api", "ui"]),
            )
        if k < 0.90:
            return "https://www.theguardian.com/business/2026/mar/%02d/%s" % (
                r.randint(1, 9),
                r.choice(TOPICS).replace(" ", "-"),
            )
        return "https://substack.com/@%s/p/%s" % (r.choice(WORDS), r.choice(TOPICS).replace(" ", "-"))

    def doc(self):
        r = self.rng
        if r.random() < 0.6:
            return "https://docs.google.com/document/d/%s/edit" % self.alnum(28)
        if r.random() < 0.5:
            return "https://www.notion.so/%s-%s" % (r.choice(TOPICS).title().replace(" ", "-"), self.hexs(32))
        return "https://www.dropbox.com/s/%s/notes.pdf?dl=0" % self.alnum(15).lower()

    def shortlink(self):
        return "https://%s/%s" % (self.rng.choice(SHORT_DOMAINS), self.alnum(self.rng.randint(5, 8)))

    # ------------------------------------------------------------------ world
    def new_acct(self, kind, lang=None, city=None):
        a = Acct()
        a.i = len(self.accts)
        a.id = self.idlist[a.i]
        a.kind = kind
        a.org = -1
        a.uni = -1
        a.rate = 0.0
        a.pop = 0.0
        a.title = ""
        a.industry = ""
        a.photo = True
        a.bio = ""
        a.first = a.last = ""
        if city is None:
            city = self.city_pick()
        a.city = city
        a.lang = lang or CITIES[city][1]
        a.tz = CITIES[city][2]
        a.active_from = 0
        self.accts.append(a)
        self.conn.append(set())
        self.fol_list.append([])
        return a

    def city_pick(self):
        return bisect.bisect_right(self.city_cw, self.rng.random() * self.city_cw[-1])

    def person_name(self, a, lang=None):
        r = self.rng
        lang = lang or a.lang
        if lang != "en" and r.random() < 0.12:
            lang = "en"
        a.first = r.choice(FIRST[lang])
        a.last = r.choice(LAST[lang])
        if r.random() < 0.05:
            a.last = a.last + "-" + r.choice(LAST[lang])
        f, l = strip_acc(a.first), strip_acc(a.last)
        pats = [
            f + "." + l,
            f + l,
            f[0] + l,
            f + "_" + l,
            f + "." + l + str(r.randint(1, 99)),
            l + f[0],
            f + l[0] + str(r.randint(70, 99)),
            f + "-" + l,
            f + l + str(r.randint(1, 9999)),
        ]
        for _ in range(20):
            u = r.choice(pats)
            if u not in self.usernames:
                break
            pats.append(f + l + str(r.randint(1, 99999)))
        self.usernames.add(u)
        a.username = u
        k = r.random()
        if k < 0.80:
            a.display = a.first + " " + a.last
        elif k < 0.87:
            a.display = a.first + " " + a.last[0] + "."
        elif k < 0.92:
            a.display = a.first + " " + a.last + ", " + r.choice(["MBA", "PhD", "CFA", "PMP", "MD", "CPA"])
        elif k < 0.96:
            a.display = a.first + " " + a.last + " " + r.choice(EMOJI)
        else:
            a.display = (a.first + " " + a.last).upper() if r.random() < 0.3 else a.first + " " + a.last

    def person_bio(self, a):
        r = self.rng
        if r.random() < 0.1:
            return ""
        co = self.orgs[a.org]["name"] if a.org >= 0 else "freelance"
        it = r.sample(INTERESTS, 2)
        if a.lang == "es" and r.random() < 0.7:
            t = ["{t} en {c}", "{t} en {c} | {i1}", "{t} @ {c}. Me encanta {i1}."]
        elif a.lang == "fr" and r.random() < 0.7:
            t = ["{t} chez {c}", "{t} chez {c} | {i1} & {i2}", "{t} @ {c}. Passionné(e) de {i1}."]
        elif a.lang == "de" and r.random() < 0.7:
            t = ["{t} bei {c}", "{t} bei {c} | {i1}", "{t} @ {c}. {i1} & {i2}."]
        elif a.lang == "pt" and r.random() < 0.7:
            t = ["{t} na {c}", "{t} na {c} | {i1}", "{t} @ {c}. Apaixonado(a) por {i1}."]
        else:
            t = [
                "{t} at {c}",
                "{t} @ {c} | {i1} | {i2}",
                "{t}. {i1} nerd. Views my own.",
                "{t} at {c}. Previously {c2}.",
                "{t} | {i1} | {city}",
                "Building things at {c}. {i1}, {i2}.",
                "{t} at {c} {emo}",
                "{t}. Alum of {u}.",
            ]
        s = r.choice(t)
        u = self.orgs[a.uni]["name"] if a.uni >= 0 else "UCL"
        return s.format(
            t=a.title,
            c=co,
            i1=it[0],
            i2=it[1],
            c2=r.choice(self.orgs)["name"],
            city=CITIES[a.city][0],
            emo=r.choice(EMOJI),
            u=u,
        )

    def profile(self, a):
        return {
            "username": a.username,
            "display_name": a.display,
            "bio": a.bio,
            "has_photo": a.photo,
            "created_at": int(a.created),
        }

    def build_world(self):
        r = self.rng
        self.idlist = ["m%07d" % x for x in r.sample(range(1000000, 10000000), 20000)]
        cw, s = [], 0
        for c in CITIES:
            s += c[3]
            cw.append(s)
        self.city_cw = cw
        # organisations
        self.orgs = []
        names = set()
        for k in range(96):
            while True:
                suf, ind = r.choice(SUFFIX_IND)
                nm = r.choice(PREFIX) + " " + suf
                if nm not in names:
                    names.add(nm)
                    break
            self.orgs.append(
                {
                    "name": nm,
                    "kind": "company",
                    "industry": ind,
                    "city": self.city_pick(),
                    "size": r.paretovariate(1.1),
                    "members": [],
                }
            )
        ucities = []
        for k in range(18):
            c = self.city_pick()
            while c in ucities:
                c = self.city_pick()
            ucities.append(c)
            nm = r.choice(UNIS).format(c=CITIES[c][0])
            self.orgs.append(
                {
                    "name": nm,
                    "kind": "uni",
                    "industry": "education",
                    "city": c,
                    "size": r.paretovariate(1.5),
                    "members": [],
                }
            )
        comp = [o for o in self.orgs if o["kind"] == "company"]
        unis = [k for k, o in enumerate(self.orgs) if o["kind"] == "uni"]
        ccw, s = [], 0
        for o in comp:
            s += o["size"]
            ccw.append(s)
        self.comp_cw = ccw
        # org pages
        for k, o in enumerate(self.orgs):
            a = self.new_acct("org", city=o["city"])
            a.org = k
            base = strip_acc(o["name"])
            a.username = base if base not in self.usernames else base + "hq"
            self.usernames.add(a.username)
            a.display = o["name"]
            if o["kind"] == "company":
                a.bio = r.choice(
                    [
                        "Official page of {n}.",
                        "{n} - we're hiring! {c}",
                        "{n} | {i} | {c}",
                        "Welcome to {n}. Careers: {d}/careers",
                    ]
                ).format(n=o["name"], c=CITIES[o["city"]][0], i=o["industry"], d=base + ".com")
            else:
                a.bio = "Official page of the " + o["name"] + "."
            a.created = T0 - r.randint(700, 4000) * DAY
            a.pop = 15 * o["size"] + r.uniform(5, 40)
            a.rate = 0.05
            a.industry = o["industry"]
            o["page"] = a.i
        # persons
        self.persons = []
        for k in range(11150):
            a = self.new_acct("person")
            ci = bisect.bisect_right(ccw, r.random() * ccw[-1])
            org_i = self.orgs.index(comp[ci]) if False else ci  # companies are first in self.orgs
            if r.random() < 0.88:
                a.org = org_i
                if r.random() < 0.75:
                    a.city = self.orgs[org_i]["city"]
                    a.tz = CITIES[a.city][2]
                    if a.lang != CITIES[a.city][1] and r.random() < 0.8:
                        a.lang = CITIES[a.city][1]
                a.industry = self.orgs[org_i]["industry"]
                self.orgs[org_i]["members"].append(a.i)
            else:
                a.industry = r.choice(sorted(IND))
            if r.random() < 0.75:
                same = [u for u in unis if CITIES[self.orgs[u]["city"]][1] == a.lang]
                u = r.choice(same) if same and r.random() < 0.7 else r.choice(unis)
                a.uni = u
                self.orgs[u]["members"].append(a.i)
            a.title = r.choice(IND[a.industry])
            self.person_name(a)
            a.photo = r.random() < 0.86
            a.bio = self.person_bio(a)
            a.created = T0 - int(r.uniform(90, 4400) * DAY) - r.randint(0, DAY)
            a.rate = min(5.0, self.lognorm(0.38, 1.0))
            a.pop = r.paretovariate(1.25)
            self.persons.append(a.i)
        # city membership lists
        self.city_members = [[] for _ in CITIES]
        for i in self.persons:
            self.city_members[self.accts[i].city].append(i)
        # connection graph (pre-existing, not emitted)
        for i in self.persons:
            a = self.accts[i]
            d = int(min(1200, self.lognorm(24, 0.95)))
            for _ in range(d):
                x = r.random()
                j = -1
                if x < 0.5 and a.org >= 0:
                    j = r.choice(self.orgs[a.org]["members"])
                elif x < 0.68 and a.uni >= 0:
                    j = r.choice(self.orgs[a.uni]["members"])
                elif x < 0.85:
                    j = r.choice(self.city_members[a.city])
                elif x < 0.93 and self.conn[i]:
                    c = r.choice(sorted(self.conn[i]))
                    if self.conn[c]:
                        j = r.choice(sorted(self.conn[c]))
                if j < 0:
                    j = r.choice(self.persons)
                if j != i:
                    self.conn[i].add(j)
                    self.conn[j].add(i)
        # celebrities: very popular people
        self.followable = self.persons + [o["page"] for o in self.orgs]
        self.rebuild_pop()
        # pre-existing follows (not emitted): basis for unfollows
        for i in self.persons:
            k = int(min(300, self.lognorm(14, 0.9)))
            cs = sorted(self.conn[i])
            for _ in range(k):
                if cs and r.random() < 0.45:
                    j = r.choice(cs)
                else:
                    j = self.pop_pick()
                if j != i:
                    key = i * NM + j
                    if key not in self.fset:
                        self.fset.add(key)
                        self.fol_list[i].append(j)
            if self.accts[i].org >= 0 and r.random() < 0.7:
                p = self.orgs[self.accts[i].org]["page"]
                if i * NM + p not in self.fset:
                    self.fset.add(i * NM + p)
                    self.fol_list[i].append(p)
        for a in self.accts:
            self.profile_initial[a.i] = self.profile(a)

    def rebuild_pop(self):
        cw, s = [], 0.0
        for i in self.followable:
            s += self.accts[i].pop
            cw.append(s)
        self.pop_cw = cw

    def pop_pick(self):
        return self.followable[bisect.bisect_right(self.pop_cw, self.rng.random() * self.pop_cw[-1])]

    def daytime(self, i):
        return self.diurnal(self.local_h(T0 + 5 * HOUR, i)) >= 0.6

    def pick_person(self, pred=None, tries=5000):
        for _ in range(tries):
            i = self.rng.choice(self.persons)
            if i in self.roles or self.accts[i].kind != "person":
                continue
            if pred is None or pred(i):
                return i
        raise RuntimeError("no candidate")

    # ------------------------------------------------------------------ primitive actions
    def follow(self, a, b, ts, tag=None):
        k = a * NM + b
        if a == b or k in self.fset or ts > END:
            return False
        self.fset.add(k)
        self.fol_list[a].append(b)
        self.ev(ts, "follow", tag, actor_id=self.accts[a].id, target_id=self.accts[b].id)
        return True

    def unfollow(self, a, b, ts):
        k = a * NM + b
        if k not in self.fset or ts > END:
            return False
        self.fset.discard(k)
        self.ev(ts, "unfollow", None, actor_id=self.accts[a].id, target_id=self.accts[b].id)
        return True

    def mutual(self, a, b):
        return len(self.conn[a] & self.conn[b])

    def can_request(self, a, b):
        if a == b or b in self.conn[a]:
            return False
        return (a * NM + b) not in self.req and (b * NM + a) not in self.req

    def request(self, a, b, ts, note, tag=None, p_mut=0.88):
        if ts > END or not self.can_request(a, b):
            return None
        self.req.add(a * NM + b)
        m = self.mutual(a, b)
        kw = {"actor_id": self.accts[a].id, "target_id": self.accts[b].id, "note": note}
        if self.rng.random() < p_mut:
            kw["mutual_connections"] = m
        self.ev(ts, "connect_request", tag, **kw)
        return m

    def respond(self, b, a, ts, kind, reason=None):
        """b responds to a's request."""
        if ts > END:
            return False
        if kind == "accept":
            self.conn[a].add(b)
            self.conn[b].add(a)
            self.ev(ts, "connect_accept", None, actor_id=self.accts[b].id, target_id=self.accts[a].id)
        elif kind == "decline":
            self.ev(ts, "connect_decline", None, actor_id=self.accts[b].id, target_id=self.accts[a].id)
        else:
            self.ev(
                ts,
                "connect_report",
                None,
                actor_id=self.accts[b].id,
                target_id=self.accts[a].id,
                reason=reason or "dont_know",
            )
        return True

    def outcome(self, p_acc, p_dec, p_rep):
        x = self.rng.random()
        if x < p_acc:
            return "accept"
        if x < p_acc + p_dec:
            return "decline"
        if x < p_acc + p_dec + p_rep:
            return "report"
        return None

    def thread(self, a, b):
        k = min(a, b) * NM + max(a, b)
        t = self.threads.get(k)
        if t is None:
            t = "th-" + self.hexs(12)
            self.threads[k] = t
        return t

    def msg(self, a, b, ts, text, tag=None):
        if ts > END:
            return False
        self.ev(
            ts,
            "message_sent",
            tag,
            actor_id=self.accts[a].id,
            target_id=self.accts[b].id,
            thread_id=self.thread(a, b),
            text=text,
        )
        return True

    # ------------------------------------------------------------------ texts
    def pair_lang(self, a, b):
        la, lb = self.accts[a].lang, self.accts[b].lang
        if la == lb and la != "en" and self.rng.random() < 0.8:
            return la
        return "en"

    def fill(self, s, b):
        r = self.rng
        ab = self.accts[b]
        co = self.orgs[ab.org]["name"] if ab.org >= 0 else "the new place"
        s = s.replace("{first}", ab.first or ab.display.split(" ")[0])
        s = s.replace("{emo}", r.choice(EMOJI)).replace("{event}", r.choice(EVENTS_N))
        s = s.replace("{topic}", r.choice(TOPICS)).replace("{company}", co)
        s = s.replace("{hour}", "%d:%s" % (r.randint(9, 17), r.choice(["00", "30", "15"])))
        s = s.replace("{other}", r.choice(FIRST["en"])).replace("{day}", r.choice(DAYS))
        if "{link}" in s:
            s = s.replace("{link}", self.link())
        if "{doc}" in s:
            s = s.replace("{doc}", self.doc())
        if "{gh}" in s:
            s = s.replace(
                "{gh}",
                "https://github.com/%s/%s/pull/%d" % (r.choice(WORDS), r.choice(WORDS), r.randint(10, 4000)),
            )
        if "{zoom}" in s:
            s = s.replace("{zoom}", "https://zoom.us/j/%d" % r.randint(10**9, 10**10 - 1))
        return s

    def organic_text(self, a, b, first=True):
        r = self.rng
        lang = self.pair_lang(a, b)
        pool = OPEN[lang] if first else REPLY[lang]
        s = self.fill(r.choice(pool), b)
        if r.random() < 0.12 and "{" not in s:
            s = s + " " + r.choice(EMOJI)
        if not first and r.random() < 0.25:
            s = s + " " + self.fill(r.choice(REPLY[lang]), b)
        return self.typo(s)

    # ------------------------------------------------------------------ organic life
    def conversation(self, a, b, t, rounds_p=0.6, first_p=0.72, median=5.0):
        if not self.msg(a, b, t, self.organic_text(a, b, True)):
            return t
        s, o = b, a
        p = first_p
        n = 0
        while self.rng.random() < p and n < 14:
            t = self.reply_delay(s, t, median)
            if t > END or self.silenced(s, t):
                break
            self.msg(s, o, t, self.organic_text(s, o, False))
            s, o = o, s
            p = rounds_p
            n += 1
        return t

    def silenced(self, a, t):
        x = self.silent_after.get(a)
        return x is not None and t >= x

    def organic(self):
        r = self.rng
        actors = [i for i in self.persons if i not in self.roles or self.roles[i] in ORGANIC_OK]
        actors += [o["page"] for o in self.orgs]
        sessions = []
        for i in actors:
            a = self.accts[i]
            lam = a.rate * 10
            n = self.poisson(lam)
            for _ in range(n):
                t = r.randint(T0 + 2 * MIN, END - MIN)
                if r.random() < self.diurnal(self.local_h(t, i)):
                    sessions.append((t, i))
        sessions.sort()
        self.n_sessions = len(sessions)
        for t, i in sessions:
            if self.silenced(i, t):
                continue
            a = self.accts[i]
            nact = 1
            while r.random() < 0.5 and nact < 8:
                nact += 1
            for _ in range(nact):
                t += r.randint(5 * SEC, 4 * MIN)
                if t > END:
                    break
                x = r.random()
                if a.kind == "org":
                    if x < 0.5:
                        self.follow(i, self.pop_pick(), t)
                    continue
                if x < 0.5:
                    self.organic_follow(i, t)
                elif x < 0.74:
                    cs = self.conn[i]
                    if cs:
                        b = r.choice(sorted(cs))
                        if self.accts[b].kind == "person":
                            self.conversation(i, b, t)
                elif x < 0.81:
                    self.organic_request(i, t)
                elif x < 0.845:
                    fl = self.fol_list[i]
                    if fl:
                        self.unfollow(i, r.choice(fl), t)
                elif x < 0.85:
                    self.organic_profile_update(i, t)
                else:
                    # answer an older thread / DM someone in cluster
                    if a.org >= 0:
                        b = r.choice(self.orgs[a.org]["members"])
                        if b != i:
                            self.conversation(i, b, t, rounds_p=0.5)

    def organic_follow(self, i, t):
        r = self.rng
        a = self.accts[i]
        x = r.random()
        if x < 0.45:
            b = self.pop_pick()
        elif x < 0.75:
            lst = (
                self.orgs[a.org]["members"] if a.org >= 0 and r.random() < 0.6 else self.city_members[a.city]
            )
            b = r.choice(lst)
        else:
            cs = self.conn[i]
            if not cs:
                return
            c = r.choice(sorted(cs))
            b = c if r.random() < 0.4 or not self.conn[c] else r.choice(sorted(self.conn[c]))
        if self.accts[b].kind in ("person", "org") and b not in self.deleted_soon:
            self.follow(i, b, t)

    def organic_request(self, i, t):
        r = self.rng
        a = self.accts[i]
        x = r.random()
        b = -1
        if x < 0.6 and self.conn[i]:
            c = r.choice(sorted(self.conn[i]))
            if self.conn[c]:
                b = r.choice(sorted(self.conn[c]))
        elif x < 0.85:
            if a.org >= 0 and r.random() < 0.6:
                b = r.choice(self.orgs[a.org]["members"])
            elif a.uni >= 0:
                b = r.choice(self.orgs[a.uni]["members"])
        if b < 0:
            b = r.choice(self.city_members[a.city]) if r.random() < 0.6 else r.choice(self.persons)
        if self.accts[b].kind != "person" or not self.can_request(i, b):
            return
        y = r.random()
        if y < 0.45:
            note = None
        elif y < 0.68:
            note = STOCK
        else:
            note = self.personal_note(i, b)
        m = self.request(i, b, t, note, p_mut=0.9)
        if m is None:
            return
        p_acc = 0.45 + 0.06 * min(m, 6) + (0.1 if note and note != STOCK else 0)
        oc = self.outcome(min(0.92, p_acc), 0.08, 0.015 if m == 0 else 0.0)
        if oc:
            ts = self.reply_delay(b, t, 45, 1.2)
            if self.respond(b, i, ts, oc, r.choice(["dont_know", "dont_know", "spam"])) and oc == "accept":
                if r.random() < 0.12:
                    self.conversation(b, i, ts + r.randint(20 * SEC, 20 * MIN), first_p=0.6)

    def personal_note(self, i, b):
        r = self.rng
        ab = self.accts[b]
        lang = self.pair_lang(i, b)
        if lang == "es":
            pool = [
                "Hola {first}, encantado de conocerte en {event}!",
                "¡Hola {first}! Coincidimos en {company}, conectamos?",
            ]
        elif lang == "fr":
            pool = [
                "Bonjour {first}, ravi(e) d'avoir échangé à {event} !",
                "Salut {first}, on s'est croisés chez {company} :)",
            ]
        elif lang == "de":
            pool = [
                "Hallo {first}, schön dich bei {event} kennengelernt zu haben!",
                "Hi {first}, lass uns vernetzen - wir kennen uns über {other}.",
            ]
        elif lang == "pt":
            pool = [
                "Oi {first}, foi ótimo te conhecer no {event}!",
                "Olá {first}, vamos nos conectar? Conheço o {other}.",
            ]
        else:
            pool = [
                "Great meeting you at {event}, {first}!",
                "Hi {first}, {other} suggested I reach out - would love to connect.",
                "Hey {first}, we were on the same call about {topic} yesterday. Let's stay in touch!",
                "Hi {first}! Really enjoyed your post on {topic}.",
                "Hi {first}, fellow {uni} alum here :)",
                "Nice chatting at {event}! Connecting as promised.",
                "{first} - great to finally put a face to the name!",
            ]
        s = r.choice(pool)
        uni = self.orgs[ab.uni]["name"] if ab.uni >= 0 else "UCL"
        s = s.replace("{uni}", uni)
        return self.typo(self.fill(s, b), 0.04)

    def organic_profile_update(self, i, t):
        a = self.accts[i]
        if a.kind != "person" or i in self.roles:
            return
        r = self.rng
        if r.random() < 0.5:
            a.title = r.choice(IND[a.industry or "software"])
            a.bio = self.person_bio(a)
        else:
            a.photo = True
        self.ev(t, "profile_updated", None, account_id=a.id, profile=self.profile(a))

    # ------------------------------------------------------------------ sign-ups (organic + new_user)
    def signup(self, t, lang=None, photo_p=0.2, bio_p=0.15, org=None, uni=None, city=None, tag=None):
        r = self.rng
        if city is None:
            city = self.city_pick()
        a = self.new_acct("person", city=city)
        if lang:
            a.lang = lang
        if org is None:
            ci = bisect.bisect_right(self.comp_cw, r.random() * self.comp_cw[-1])
            org = ci if r.random() < 0.8 else -1
        a.org = org
        a.uni = uni if uni is not None else -1
        a.industry = self.orgs[org]["industry"] if org >= 0 else r.choice(sorted(IND))
        a.title = r.choice(IND[a.industry])
        self.person_name(a)
        a.photo = r.random() < photo_p
        a.bio = self.person_bio(a) if r.random() < bio_p else ""
        a.created = t
        a.rate = 0.0
        a.pop = 0.3
        self.ev(t, "account_created", tag, account_id=a.id, profile=self.profile(a))
        return a.i

    def later_profile(self, i, t, p=0.6):
        if self.rng.random() < p and t < END:
            a = self.accts[i]
            a.photo = True if self.rng.random() < 0.9 else a.photo
            a.bio = self.person_bio(a) or (
                a.title + " at " + (self.orgs[a.org]["name"] if a.org >= 0 else "home")
            )
            self.ev(t, "profile_updated", None, account_id=a.id, profile=self.profile(a))

    def suggested(self):
        if not hasattr(self, "_sugg"):
            top = sorted(self.followable, key=lambda i: (-self.accts[i].pop, i))[:70]
            self._sugg = [c for c in self.celebs if c not in top] + top
        return self._sugg

    def newcomer_follows(self, i, t, n, extra=()):
        r = self.rng
        pool = list(self.suggested()) + list(extra)
        picks = r.sample(pool, min(n, len(pool)))
        for b in picks:
            t += int(self.lognorm(12, 0.9) * SEC)
            self.follow(i, b, t)
        return t

    def organic_signups(self, n):
        r = self.rng
        for _ in range(n):
            t = r.randint(T0 + 5 * MIN, END - 20 * MIN)
            i = self.signup(t, photo_p=0.3, bio_p=0.25)
            t2 = t + r.randint(1, 15) * MIN
            self.newcomer_follows(i, t2, r.randint(0, 10))
            self.later_profile(i, t + r.randint(10, 300) * MIN, 0.4)

    # ------------------------------------------------------------------ look-alikes
    def la(self, i, kind):
        self.roles[i] = kind
        self.lookalikes.append((i, kind))

    def lk_new_users(self, n=80):
        r = self.rng
        for _ in range(n):
            t = r.randint(T0 + 30 * MIN, END - 90 * MIN)
            city = self.city_pick()
            i = self.signup(t, photo_p=0.05, bio_p=0.0, city=city)
            a = self.accts[i]
            self.la(i, "new_user")
            extra = [self.orgs[a.org]["page"]] if a.org >= 0 else []
            t1 = t + r.randint(20, 300) * SEC
            k = r.randint(15, 50)
            # two or three bursts within the first hour
            parts = r.randint(1, 3)
            per = [k // parts] * parts
            per[-1] += k - sum(per)
            for j, c in enumerate(per):
                t1 = self.newcomer_follows(i, t1, c, extra if j == 0 else ())
                t1 += r.randint(2, 15) * MIN
            # requests to people they know (same company / uni / city)
            known = []
            if a.org >= 0:
                known += self.orgs[a.org]["members"]
            if not known:
                known = self.city_members[a.city]
            tq = t + r.randint(5, 50) * MIN
            for _ in range(r.randint(2, 8)):
                b = r.choice(known)
                tq += r.randint(20, 600) * SEC
                note = None if r.random() < 0.6 else (STOCK if r.random() < 0.6 else self.personal_note(i, b))
                m = self.request(i, b, tq, note, p_mut=0.85)
                if m is not None:
                    oc = self.outcome(0.72, 0.06, 0.01)
                    if oc:
                        self.respond(b, i, self.reply_delay(b, tq, 30, 1.2), oc)
            self.later_profile(i, t + r.randint(10, 200) * MIN, 0.6)

    def lk_company_onboarding(self):
        r = self.rng
        cands = [
            k
            for k, o in enumerate(self.orgs)
            if o["kind"] == "company" and 20 <= len(o["members"]) <= 200 and o["page"] not in self.roles
        ]
        co = r.choice(cands)
        page = self.orgs[co]["page"]
        self.la(page, "company_onboarding")
        t0 = r.randint(ATT + 30 * MIN, END - 4 * HOUR)
        n = r.randint(60, 120)
        news = []
        city = self.orgs[co]["city"]
        for _ in range(n):
            t = t0 + r.randint(0, 60 * MIN)
            news.append(t)
        news.sort()
        ids = []
        for t in news:
            i = self.signup(t, photo_p=0.35, bio_p=0.4, org=co, city=city)
            self.la(i, "company_onboarding")
            self.orgs[co]["members"].append(i)
            ids.append((t, i))
        plan = []
        for k, (t, i) in enumerate(ids):
            plan.append((t + r.randint(30, 600) * SEC, "fp", i, page))
            for _ in range(r.randint(4, 15)):
                j = r.choice(ids)[1]
                plan.append((t + r.randint(2, 70) * MIN, "f", i, j))
            for _ in range(r.randint(2, 7)):
                if r.random() < 0.75:
                    j = r.choice(ids)[1]
                else:
                    j = r.choice(self.orgs[co]["members"])
                plan.append((t + r.randint(5, 90) * MIN, "c", i, j))
        plan.sort()
        for t, kind, i, j in plan:
            if i == j or self.accts[j].created > t:
                continue
            if kind in ("fp", "f"):
                self.follow(i, j, t)
            else:
                note = (
                    None
                    if r.random() < 0.7
                    else r.choice(
                        [
                            STOCK,
                            "Hi {first}, just joined the team - looking forward to working together!",
                            "Hey {first}! New here, great to meet you today.",
                        ]
                    )
                )
                if note and "{" in note:
                    note = self.fill(note, j)
                m = self.request(i, j, t, note)
                if m is not None:
                    oc = self.outcome(0.88, 0.02, 0.0)
                    if oc:
                        self.respond(j, i, t + int(self.lognorm(12, 1.0) * MIN), oc)
        # existing employees welcome a few newcomers
        for _ in range(n // 3):
            e = r.choice(self.orgs[co]["members"])
            t, i = r.choice(ids)
            tw = t + r.randint(20, 180) * MIN
            if e != i and self.accts[e].created < tw:
                self.follow(e, i, tw)

    def lk_university_intake(self):
        r = self.rng
        u = r.choice(
            [k for k, o in enumerate(self.orgs) if o["kind"] == "uni" and o["page"] not in self.roles]
        )
        page = self.orgs[u]["page"]
        self.la(page, "university_intake")
        t0 = r.randint(ATT + 15 * MIN, END - 4 * HOUR)
        n = r.randint(100, 200)
        ts = sorted(t0 + r.randint(0, 120 * MIN) for _ in range(n))
        studs = []
        for t in ts:
            i = self.signup(t, photo_p=0.4, bio_p=0.3, org=-1, uni=u, city=self.orgs[u]["city"])
            a = self.accts[i]
            a.title = "Student"
            self.la(i, "university_intake")
            studs.append((t, i))
        for k, (t, i) in enumerate(studs):
            self.follow(i, page, t + r.randint(20, 900) * SEC)
            prev = [j for (tt, j) in studs[max(0, k - 60) : k]]
            for j in r.sample(prev, min(len(prev), r.randint(2, 8))):
                self.follow(i, j, t + r.randint(2, 90) * MIN)
            for j in r.sample(prev, min(len(prev), r.randint(0, 3))):
                tq = t + r.randint(5, 100) * MIN
                m = self.request(i, j, tq, None if r.random() < 0.8 else STOCK)
                if m is not None and r.random() < 0.8:
                    self.respond(j, i, tq + int(self.lognorm(15, 1.0) * MIN), "accept")

    def lk_viral(self, n=3):
        r = self.rng
        for _ in range(n):
            c = self.pick_person(lambda i: self.accts[i].photo and 1.0 < self.accts[i].pop < 4)
            self.la(c, "viral_post")
            tv = r.randint(ATT, END - 3 * HOUR)
            dur = r.randint(60, 180) * MIN
            total = r.randint(400, 2500)
            cands = r.sample(self.persons, min(len(self.persons), total * 2))
            got = 0
            topic = r.choice(TOPICS)
            for f in cands:
                if got >= total:
                    break
                fa = self.accts[f]
                if f == c or f in self.roles and self.roles[f] not in ORGANIC_OK or (f * NM + c) in self.fset:
                    continue
                off = min(dur, int(-dur / 3.5 * math.log(1 - r.random() * 0.999)))
                t = tv + off + r.randint(0, 90 * SEC)
                t = self.wake(f, t) if r.random() < 0.7 else t
                if t > END:
                    continue
                if self.follow(f, c, t):
                    got += 1
                    x = r.random()
                    if x < 0.09:
                        txt = self.typo(
                            r.choice(
                                [
                                    "Loved your post on {t}! {e}",
                                    "This post on {t} is spot on",
                                    "Thank you for writing this {e}",
                                    "Great post. We went through exactly this at {co}.",
                                    "Saving this one. Can I share it with my team?",
                                    "¡Qué buen post sobre {t}!",
                                    "Super post, merci !",
                                    "Toller Beitrag, danke!",
                                    "Post incrível, obrigado!",
                                ]
                            ).format(
                                t=topic,
                                e=r.choice(EMOJI),
                                co=self.orgs[fa.org]["name"] if fa.org >= 0 else "my last job",
                            )
                        )
                        self.msg(f, c, t + r.randint(10, 600) * SEC, txt)
                        if r.random() < 0.4:
                            tr = self.reply_delay(c, t + 600 * SEC, 30, 1.0)
                            self.msg(
                                c,
                                f,
                                tr,
                                self.typo(
                                    r.choice(
                                        [
                                            "Thank you so much!",
                                            "Thanks {n}, glad it resonated {e}",
                                            "Appreciate it!",
                                            "Thanks! Feel free to share",
                                        ]
                                    ).format(n=fa.first, e=r.choice(EMOJI))
                                ),
                            )
                    elif x < 0.14:
                        tq = t + r.randint(30, 900) * SEC
                        note = (
                            None
                            if r.random() < 0.4
                            else "Loved your post about %s - would love to connect!" % topic
                        )
                        m = self.request(f, c, tq, note)
                        if m is not None and r.random() < 0.55:
                            self.respond(c, f, self.reply_delay(c, tq, 60, 1.0), "accept")
            # a few unfollow later
            for _ in range(got // 60):
                f = r.choice(cands[:total])
                self.unfollow(f, c, r.randint(tv + dur, END))

    def lk_celebrity(self, n=3):
        r = self.rng
        for _ in range(n):
            c = self.pick_person(lambda i: self.accts[i].photo)
            a = self.accts[c]
            a.bio = r.choice(
                [
                    "Author of '%s'. Keynote speaker. Investor." % r.choice(TOPICS).title(),
                    "Founder & CEO. Dad. Writing about %s." % r.choice(TOPICS),
                    "Bestselling author | TEDx | %s" % r.choice(TOPICS),
                ]
            )
            self.static(a)
            self.celebs.append(c)
            self.la(c, "celebrity")
            rate = r.randint(120, 320)  # follows per hour
            t = T0 + r.randint(0, 5 * MIN)
            while True:
                h = ((t / HOUR) - 5) % 24
                lam = rate * (0.55 + 0.45 * self.diurnal(h))
                t += int(-math.log(1 - r.random()) * HOUR / lam)
                if t > END:
                    break
                f = r.choice(self.persons)
                if f in self.roles and self.roles[f] not in ORGANIC_OK:
                    continue
                self.follow(f, c, t)
                if r.random() < 0.04:
                    self.unfollow(r.choice(self.persons), c, t + r.randint(1, 60) * MIN)

    def lk_busy(self, n=15):
        r = self.rng
        for _ in range(n):
            b = self.pick_person(lambda i: self.daytime(i) and len(self.conn[i]) >= 40)
            self.la(b, "busy_professional")
            target = r.randint(100, 400)
            sent = 0
            t = T0 + r.randint(0, 60) * MIN
            partners = sorted(self.conn[b])
            while sent < target and t < END:
                t = self.wake(b, t + int(self.lognorm(3, 1.0) * MIN))
                p = r.choice(partners)
                if self.accts[p].kind != "person":
                    continue
                s, o = (b, p) if r.random() < 0.6 else (p, b)
                k = r.randint(2, 12)
                tt = t
                for j in range(k):
                    if not self.msg(s, o, tt, self.organic_text(s, o, j == 0)):
                        break
                    sent += 1
                    s, o = o, s
                    tt += int(self.lognorm(1.5, 0.9) * MIN) + 5 * SEC
                t += r.randint(1, 8) * MIN

    def lk_community(self, n=3):
        r = self.rng
        for _ in range(n):
            cm = self.pick_person(lambda i: self.daytime(i) and len(self.conn[i]) >= 30)
            self.la(cm, "community_manager")
            a = self.accts[cm]
            comm = (
                r.choice(
                    [
                        "Women in Data",
                        "Product Circle",
                        "DevOps Guild",
                        "Founders Breakfast",
                        "Design Club",
                        "Climate Collective",
                        "Rustaceans",
                        "FinOps Friends",
                    ]
                )
                + " "
                + CITIES[a.city][0]
            )
            a.bio = "Community manager @ %s | Bringing people together %s" % (comm, r.choice(EMOJI))
            self.static(a)
            members = sorted(self.conn[cm])
            extra = r.sample(self.city_members[a.city], min(200, len(self.city_members[a.city])))
            members = members + [x for x in extra if x != cm]
            r.shuffle(members)
            mi = 0
            hour = T0 + r.randint(0, 60) * MIN
            while hour < END - 30 * MIN:
                for _ in range(r.randint(10, 25)):
                    if mi >= len(members):
                        break
                    m = members[mi]
                    mi += 1
                    t = hour + r.randint(0, 60 * MIN)
                    first = self.accts[m].first or "there"
                    txt = self.spin(
                        r.choice(
                            [
                                "{Hi|Hey|Hello} {first}! {Thanks for coming to|So glad you made it to} our {event} last week {emo} What {did you think|was your favourite part}?",
                                "Hey {first}, we're planning the next {comm} session on {topic} - would you like to {speak|co-host|join the panel}?",
                                "{Hi|Hey} {first}! Quick one: are you still interested in the {topic} working group?",
                                "{first}, you mentioned {topic} at the last meetup - {we'd love a short write-up for the newsletter|want me to intro you to someone working on it}?",
                                "Welcome to {comm}, {first}! {Anything you'd like to see|What brought you} {here|to the community}?",
                            ]
                        ),
                        first=first,
                        comm=comm,
                        topic=r.choice(TOPICS),
                        emo=r.choice(EMOJI),
                        event=r.choice(["meetup", "breakfast", "workshop", "AMA"]),
                    )
                    if not self.msg(cm, m, t, self.typo(txt, 0.03)):
                        continue
                    if r.random() < 0.72:
                        t2 = self.reply_delay(m, t, 15, 1.1)
                        if self.msg(m, cm, t2, self.organic_text(m, cm, False)):
                            if r.random() < 0.85:
                                t3 = t2 + int(self.lognorm(4, 0.8) * MIN)
                                self.msg(
                                    cm,
                                    m,
                                    t3,
                                    self.typo(
                                        self.spin(
                                            "{Thanks|Thank you|Amazing, thanks} {first}! {I'll add you to the list|Noted|See you at the next one} {emo}",
                                            first=first,
                                            emo=r.choice(EMOJI),
                                        )
                                    ),
                                )
                hour += HOUR

    def lk_event_host(self, n=3):
        r = self.rng
        for _ in range(n):
            h = self.pick_person(lambda i: self.daytime(i) and len(self.conn[i]) >= 70)
            self.la(h, "event_host")
            a = self.accts[h]
            ev_name = r.choice(
                [
                    "%s Breakfast" % r.choice(TOPICS).title(),
                    "Spring Mixer",
                    "Demo Night",
                    "%s Meetup #%d" % (CITIES[a.city][0], r.randint(3, 40)),
                    "Founders & Friends Drinks",
                ]
            )
            url = r.choice(
                [
                    "https://lu.ma/%s" % self.alnum(8).lower(),
                    "https://www.eventbrite.com/e/%s-tickets-%d"
                    % (ev_name.lower().replace(" ", "-").replace("#", ""), r.randint(10**11, 10**12)),
                    "https://www.meetup.com/%s/events/%d/"
                    % (strip_acc(CITIES[a.city][0]) + "-tech", r.randint(10**8, 10**9)),
                ]
            )
            date = r.choice(["March 19", "March 24", "next Thursday", "April 2"])
            guests = r.sample(sorted(self.conn[h]), min(len(self.conn[h]), r.randint(50, 150)))
            t0 = r.randint(ATT, END - 2 * HOUR)
            rr = r.uniform(0.4, 0.6)
            for g in guests:
                if self.accts[g].kind != "person":
                    continue
                t = t0 + r.randint(0, 60 * MIN)
                first = self.accts[g].first
                txt = self.spin(
                    "{Hi|Hey} {first}! I'm hosting {ev} on {date} {emo} {Would love to see you there|It'd be great to have you|Hope you can make it}: {url}",
                    first=first,
                    ev=ev_name,
                    date=date,
                    emo=r.choice(EMOJI),
                    url=url,
                )
                self.msg(h, g, t, txt)
                if r.random() < rr:
                    t2 = self.reply_delay(g, t, 25, 1.1)
                    rep = self.typo(
                        r.choice(
                            [
                                "count me in!",
                                "Sounds fun, I'll try to make it",
                                "Can't make it this time, sorry!",
                                "Yes! Can I bring a colleague?",
                                "I'm in {e}",
                                "Registered, see you there",
                                "ooh nice, what time does it start?",
                                "¡Allí estaré!",
                                "Je serai là !",
                                "Bin dabei!",
                                "Tô dentro!",
                            ]
                        ).format(e=r.choice(EMOJI))
                    )
                    if self.msg(g, h, t2, rep) and r.random() < 0.8:
                        self.msg(
                            h,
                            g,
                            t2 + int(self.lognorm(5, 0.9) * MIN),
                            self.typo(
                                r.choice(
                                    [
                                        "Amazing, see you there!",
                                        "Of course!",
                                        "No worries, next time!",
                                        "Doors at 6:30 {e}",
                                        "Yay {e}",
                                        "Great, I'll put you on the list",
                                    ]
                                ).format(e=r.choice(EMOJI))
                            ),
                        )

    def lk_newsletter(self, n=2):
        r = self.rng
        for _ in range(n):
            w = self.pick_person(lambda i: self.daytime(i) and len(self.conn[i]) >= 40)
            self.la(w, "newsletter_author")
            a = self.accts[w]
            nl = r.choice(
                ["The Weekly Diff", "Ops Notes", "Signal & Noise", "The Pricing Letter", "Data Sunday"]
            )
            a.bio = "%s at %s | Writing %s (%d readers)" % (
                a.title,
                self.orgs[a.org]["name"] if a.org >= 0 else "indie",
                nl,
                r.randint(800, 9000),
            )
            self.static(a)
            url = "https://%s.substack.com/p/%s" % (strip_acc(nl), r.choice(TOPICS).replace(" ", "-"))
            issue = r.randint(12, 140)
            pool = sorted(self.conn[w]) + r.sample(self.persons, 50)
            subs = r.sample(pool, min(len(pool), r.randint(30, 80)))
            t0 = r.randint(ATT, END - 2 * HOUR)
            body = "Issue #%d of %s is out: %s - what we learned. %s" % (
                issue,
                nl,
                r.choice(TOPICS).capitalize(),
                url,
            )
            for s in subs:
                if s == w or self.accts[s].kind != "person":
                    continue
                t = t0 + r.randint(0, 45 * MIN)
                txt = ("Hi %s! " % self.accts[s].first if r.random() < 0.5 else "") + body
                self.msg(w, s, t, txt)
                if r.random() < 0.25:
                    t2 = self.reply_delay(s, t, 60, 1.0)
                    if self.msg(
                        s,
                        w,
                        t2,
                        self.typo(
                            r.choice(
                                [
                                    "Thanks, great read!",
                                    "Thank you! Loved this one",
                                    "Thanks for sending {e}",
                                    "Great issue, sharing with my team",
                                ]
                            ).format(e=r.choice(EMOJI))
                        ),
                    ):
                        if r.random() < 0.8:
                            self.msg(
                                w,
                                s,
                                t2 + int(self.lognorm(10, 1.0) * MIN),
                                r.choice(["Thanks for reading!", "Glad you liked it 🙏", "Appreciate it!"]),
                            )

    def req_campaign(
        self,
        i,
        count,
        t_start,
        t_end,
        target_fn,
        note_fn,
        p_acc,
        p_dec,
        p_rep,
        after_accept=None,
        median=50,
        bursty=False,
        tag=None,
        p_mut=0.9,
    ):
        """generic request loop; returns list of (recipient, accept_ts)."""
        r = self.rng
        accepted = []
        t = t_start
        sent = 0
        while sent < count:
            if bursty:
                blen = r.randint(15, 50)
                for _ in range(blen):
                    t += r.randint(3, 25) * SEC
                    if self._one_req(
                        i, t, target_fn, note_fn, p_acc, p_dec, p_rep, accepted, median, tag, p_mut
                    ):
                        sent += 1
                    if sent >= count:
                        break
                t += r.randint(15, 55) * MIN
            else:
                t += int(-math.log(1 - r.random()) * (t_end - t_start) / count)
                if self._one_req(i, t, target_fn, note_fn, p_acc, p_dec, p_rep, accepted, median, tag, p_mut):
                    sent += 1
            if t > t_end or t > END:
                break
        return accepted

    def _one_req(self, i, t, target_fn, note_fn, p_acc, p_dec, p_rep, accepted, median, tag, p_mut):
        r = self.rng
        for _ in range(20):
            b = target_fn()
            if (
                self.accts[b].kind == "person"
                and self.can_request(i, b)
                and self.accts[b].created < t
                and b not in self.roles
            ):
                break
        else:
            return False
        m = self.request(i, b, t, note_fn(b), tag, p_mut)
        if m is None:
            return False
        oc = self.outcome(p_acc, p_dec, p_rep)
        if oc:
            ta = self.reply_delay(b, t, median, 1.1)
            if self.respond(b, i, ta, oc, r.choice(["spam", "dont_know", "dont_know"])) and oc == "accept":
                accepted.append((b, ta))
        return True

    def stranger_fn(self, i, industry=None, orgs=None):
        r = self.rng
        a = self.accts[i]

        def f():
            for _ in range(30):
                if orgs:
                    b = r.choice(self.orgs[r.choice(orgs)]["members"])
                else:
                    b = r.choice(self.persons)
                if industry and self.accts[b].industry != industry and r.random() < 0.85:
                    continue
                if b != i and (a.org < 0 or self.accts[b].org != a.org) and self.mutual(i, b) == 0:
                    return b
            return r.choice(self.persons)

        return f

    def second_degree_fn(self, i):
        r = self.rng

        def f():
            cs = sorted(self.conn[i])
            for _ in range(10):
                c = r.choice(cs)
                if self.conn[c]:
                    b = r.choice(sorted(self.conn[c]))
                    if b != i and b not in self.conn[i]:
                        return b
            return r.choice(self.persons)

        return f

    def lk_recruiters(self, n=5):
        r = self.rng
        for _ in range(n):
            rc = self.pick_person(
                lambda i: self.accts[i].org >= 0 and self.accts[i].photo and self.daytime(i)
            )
            self.la(rc, "recruiter")
            a = self.accts[rc]
            co = self.orgs[a.org]["name"]
            ind = self.orgs[a.org]["industry"]
            a.title = r.choice(["Technical Recruiter", "Talent Acquisition Partner", "Senior Recruiter"])
            a.bio = "%s at %s | We're hiring %s roles in %s %s" % (
                a.title,
                co,
                ind,
                CITIES[a.city][0],
                r.choice(EMOJI),
            )
            self.static(a)
            roles = r.sample(IND[ind], min(3, len(IND[ind])))
            cslug = strip_acc(co)
            links = {
                ro: r.choice(
                    [
                        "https://boards.greenhouse.io/%s/jobs/%d" % (cslug, r.randint(10**6, 10**7)),
                        "https://jobs.lever.co/%s/%s-%s" % (cslug, self.hexs(8), self.hexs(4)),
                        "https://%s.com/careers/%s" % (cslug, ro.lower().replace(" ", "-")),
                        "https://%s.wd3.myworkdayjobs.com/en-US/careers/job/%s" % (cslug, self.hexs(10)),
                    ]
                )
                for ro in roles
            }
            strangers = self.stranger_fn(rc, industry=ind)
            warm = self.second_degree_fn(rc) if self.conn[rc] else strangers
            tgt = lambda: strangers() if r.random() < 0.72 else warm()
            chosen_role = {}

            def note(b):
                ro = r.choice(roles)
                chosen_role[b] = ro
                ab = self.accts[b]
                prev = self.orgs[ab.org]["name"] if ab.org >= 0 else "your current team"
                return self.typo(
                    self.spin(
                        r.choice(
                            [
                                "Hi {first}, I'm hiring a {role} for {co} in {city}. Your experience at {prev} stood out - open to a quick chat?",
                                "Hi {first}! I lead hiring for our {role} team at {co}. Your background looks like a great fit, {would love to connect|happy to share details}.",
                                "{first}, we're growing the {role} team at {co} ({city}/hybrid). {Would you be open to hearing more?|Interested in a short intro call?}",
                                "Hello {first}, I came across your profile while looking for a {role} - {co} is hiring and I think you'd like the team.",
                            ]
                        ),
                        first=ab.first,
                        role=ro,
                        co=co,
                        city=CITIES[a.city][0],
                        prev=prev,
                    ),
                    0.03,
                )

            count = int(r.randint(60, 150) * 0.6)
            acc = self.req_campaign(
                rc,
                count,
                ATT + r.randint(0, 40) * MIN,
                END - 30 * MIN,
                tgt,
                note,
                r.uniform(0.55, 0.75),
                0.08,
                0.005,
                median=40,
            )
            for b, ta in acc:
                if r.random() < 0.85:
                    t = self.wake(rc, ta + int(self.lognorm(25, 1.0) * MIN))
                    ro = chosen_role.get(b, roles[0])
                    txt = self.spin(
                        "{Thanks for connecting|Thanks for accepting|Great to connect}, {first}! {Here's the|This is the} {role} role I mentioned: {url} {Happy to share more about the team and comp|Let me know if you'd like a 20-min intro with the hiring manager|No pressure - just thought it could be a fit}.",
                        first=self.accts[b].first,
                        role=ro,
                        url=links[ro],
                    )
                    if self.msg(rc, b, t, txt) and r.random() < 0.4:
                        t2 = self.reply_delay(b, t, 40, 1.1)
                        rep = r.choice(
                            [
                                "Thanks, I'm happy where I am but keep me in mind",
                                "Sounds interesting - what's the salary range?",
                                "Sure, I'd love to chat. Tuesday?",
                                "Is it remote-friendly?",
                                "Thanks! Let me have a look at the JD",
                                "Not looking right now, but thanks for reaching out",
                            ]
                        )
                        if self.msg(b, rc, t2, self.typo(rep)):
                            t3 = self.wake(rc, t2 + int(self.lognorm(12, 1.0) * MIN))
                            self.msg(
                                rc,
                                b,
                                t3,
                                self.typo(
                                    r.choice(
                                        [
                                            "Totally understand - I'll keep you posted on future roles!",
                                            "Range is competitive for %s, happy to go through it on a call."
                                            % CITIES[a.city][0],
                                            "Great - I'll send an invite for Tuesday 11:00.",
                                            "Yes, 2-3 days in office, rest remote.",
                                            f"Thanks for getting back to me {r.choice(EMOJI)}",
                                        ]
                                    )
                                ),
                            )

    def lk_sales(self, n=4):
        r = self.rng
        for _ in range(n):
            s = self.pick_person(lambda i: self.accts[i].org >= 0 and self.daytime(i))
            self.la(s, "sales_rep_legit")
            a = self.accts[s]
            co = self.orgs[a.org]["name"]
            a.title = r.choice(["Account Executive", "Enterprise Sales", "Business Development Manager"])
            a.bio = "%s at %s | helping teams with %s" % (a.title, co, r.choice(TOPICS))
            self.static(a)
            ind = r.choice(sorted(IND))
            thing = r.choice(TOPICS)
            tgt = self.stranger_fn(s, industry=ind)

            def note(b):
                return self.typo(
                    self.spin(
                        "{Hi|Hello} {first}, I work with {ind} teams on {thing} at {co} - {would love to connect and swap notes|happy to connect and compare notes} on {topic}.",
                        first=self.accts[b].first,
                        ind=ind,
                        thing=thing,
                        co=co,
                        topic=r.choice(TOPICS),
                    ),
                    0.03,
                )

            count = int(r.randint(30, 50) * 0.65)
            acc = self.req_campaign(
                s, count, ATT + r.randint(0, 60) * MIN, END - 40 * MIN, tgt, note, 0.4, 0.1, 0.01, median=50
            )
            for b, ta in acc:
                t = self.wake(s, ta + int(self.lognorm(30, 1.0) * MIN))
                first = self.accts[b].first
                if not self.msg(
                    s,
                    b,
                    t,
                    self.spin(
                        "{Thanks for connecting|Thanks for accepting}, {first}! How's the quarter going on your side?",
                        first=first,
                    ),
                ):
                    continue
                if r.random() < 0.45:
                    t2 = self.reply_delay(b, t, 40, 1.1)
                    if self.msg(
                        b,
                        s,
                        t2,
                        self.typo(
                            r.choice(
                                [
                                    "Busy but good, thanks! You?",
                                    "Pretty hectic tbh",
                                    "Good thanks, planning season here",
                                    "All good! what are you working on?",
                                ]
                            )
                        ),
                    ):
                        t3 = self.wake(s, t2 + int(self.lognorm(20, 1.0) * MIN))
                        self.msg(
                            s,
                            b,
                            t3,
                            self.spin(
                                "Glad to hear it{!|.} If {thing} ever becomes a priority, happy to share what's working for other {ind} teams - no pressure at all.",
                                thing=thing,
                                ind=ind,
                            ),
                        )

    def lk_job_seekers(self, n=5):
        r = self.rng
        comps = [k for k, o in enumerate(self.orgs) if o["kind"] == "company" and len(o["members"]) >= 30]
        for _ in range(n):
            j = self.pick_person(self.daytime)
            self.la(j, "job_seeker")
            a = self.accts[j]
            a.bio = "Open to work | %s | %s" % (a.title, r.choice(INTERESTS))
            self.ev(
                T0 + r.randint(20, 100) * MIN,
                "profile_updated",
                None,
                account_id=a.id,
                profile=self.profile(a),
            )
            targets = r.sample(comps, 3)
            tgt = self.stranger_fn(j, orgs=targets)
            count = int(r.randint(20, 40) * 0.7)
            acc = self.req_campaign(
                j,
                count,
                ATT + r.randint(0, 60) * MIN,
                END - 40 * MIN,
                tgt,
                lambda b: STOCK if r.random() < 0.8 else None,
                r.uniform(0.3, 0.5),
                0.12,
                0.01,
                median=60,
            )
            for b, ta in acc:
                t = self.wake(j, ta + int(self.lognorm(40, 1.0) * MIN))
                ab = self.accts[b]
                co = self.orgs[ab.org]["name"] if ab.org >= 0 else "your company"
                self.msg(
                    j,
                    b,
                    t,
                    self.typo(
                        self.spin(
                            "{Thank you|Thanks so much} for connecting, {first}! {I really admire the work|I've been following what} {co} {is doing|has been doing} on {topic}.",
                            first=ab.first,
                            co=co,
                            topic=r.choice(TOPICS),
                        ),
                        0.03,
                    ),
                )

    def lk_open_networkers(self, n=5):
        r = self.rng
        for _ in range(n):
            o = self.pick_person(lambda i: self.daytime(i) and len(self.conn[i]) >= 60)
            self.la(o, "open_networker")
            a = self.accts[o]
            if r.random() < 0.6:
                a.bio = a.bio + " | Open networker (LION)"
                self.static(a)
            count = int(r.randint(40, 70) * 0.7)
            self.req_campaign(
                o,
                count,
                ATT + r.randint(0, 60) * MIN,
                END - 30 * MIN,
                self.second_degree_fn(o),
                lambda b: STOCK if r.random() < 0.7 else None,
                r.uniform(0.7, 0.85),
                0.04,
                0.003,
                median=40,
            )

    def lk_heavy_followers(self, n=10):
        r = self.rng
        for _ in range(n):
            h = self.pick_person(self.daytime)
            self.la(h, "heavy_follower")
            ind = r.choice(sorted(IND))
            pool = [i for i in self.followable if self.accts[i].industry == ind]
            w = [self.accts[i].pop ** 0.6 for i in pool]
            total = r.randint(150, 400)
            t = ATT + r.randint(0, 3 * HOUR)
            done = 0
            sess = r.randint(2, 5)
            for k in range(sess):
                goal = total * (k + 1) // sess
                tries = 0
                while done < goal and tries < 5 * total:
                    tries += 1
                    b = r.choices(pool, w)[0] if r.random() < 0.7 else r.choice(pool)
                    if self.follow(h, b, t + int(self.lognorm(14, 0.8) * SEC)):
                        t += int(self.lognorm(14, 0.8) * SEC)
                        done += 1
                t += r.randint(20, 90) * MIN

    # ------------------------------------------------------------------ attacks
    def bot_profile_cheap(self, a):
        r = self.rng
        k = r.random()
        if k < 0.45:
            u = r.choice(WORDS) + r.choice(["", "_", "."]) + str(r.randint(100, 99999))
        elif k < 0.8:
            u = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(4, 7))) + str(
                r.randint(10**6, 10**9)
            )
        else:
            u = "user" + str(r.randint(10**8, 10**10))
        a.username = u
        self.usernames.add(u)
        a.display = (
            u
            if r.random() < 0.6
            else r.choice(FIRST[r.choice(["en", "es", "pt"])]) + " " + str(r.randint(1, 999))
        )
        a.bio = "" if r.random() < 0.7 else r.choice(EMOJI)
        a.photo = False

    def atk_cheap(self, aid, customer, t_start):
        r = self.rng
        n = r.randint(200, 800)
        dur = r.randint(12, 44) * MIN
        tag = (aid, "bought_followers_cheap", "bfollow")
        bots = []
        for _ in range(n):
            a = self.new_acct("bot_cheap")
            self.bot_profile_cheap(a)
            self.roles[a.i] = "atk"
            if r.random() < 0.5:
                a.created = T0 - int(r.uniform(1, 25) * DAY)  # days old: appears in the replay
            else:
                a.created = r.randint(max(T0 + 5 * MIN, t_start - 5 * HOUR), t_start - 2 * MIN)
                self.ev(a.created, "account_created", None, account_id=a.id, profile=self.profile(a))
            bots.append(a.i)
        self.replay_extra.extend(b for b in bots if self.accts[b].created < T0)
        times = sorted(t_start + r.randint(0, dur) for _ in bots)
        for b, t in zip(bots, times):
            self.follow(b, customer, t, tag)
            # a little noise: a few follow a popular account too
            if r.random() < 0.15:
                self.follow(b, r.choice(self.suggested()), t + r.randint(5, 600) * SEC)
            if r.random() < 0.03:
                self.unfollow(b, customer, r.randint(t + HOUR, END + HOUR))

    def atk_premium(self, aids, customers):
        r = self.rng
        pool = []
        for _ in range(r.randint(550, 700)):
            a = self.new_acct("bot_premium")
            self.roles[a.i] = "atk"
            self.person_name(a, r.choice(["en", "en", "en", "es", "pt", "fr"]))
            a.photo = True
            a.bio = r.choice(
                [
                    "Entrepreneur | Dreamer | Coffee lover ☕",
                    "Digital marketer. Living my best life.",
                    "Passionate about growth and innovation",
                    "Travel • Fitness • Business",
                    "CEO & Founder | Investor",
                    "Lifestyle | Motivation | Success ✨",
                    "Marketing enthusiast",
                    "Business development | Networking | Leadership",
                    "Love life, love people 🌍",
                    "Helping brands grow 📈",
                    "Photographer & traveler",
                ]
            )
            a.created = T0 - int(r.uniform(183, 1095) * DAY)
            pool.append(a.i)
        self.replay_extra.extend(pool)
        # camouflage all stream long
        for b in pool:
            for _ in range(r.randint(1, 5)):
                self.follow(b, self.pop_pick(), r.randint(T0 + 5 * MIN, END))
        for aid, c in zip(aids, customers):
            n = r.randint(150, 400)
            dur = r.randint(120, 240) * MIN
            t0 = r.randint(ATT + 10 * MIN, END - dur - 5 * MIN)
            bots = r.sample(pool, n)
            tag = (aid, "bought_followers_premium", "bfollow")
            for b in bots:
                self.follow(b, c, t0 + r.randint(0, dur), tag)

    def pitch_text(self, b, style, slug):
        r = self.rng
        first = self.accts[b].first or self.accts[b].display.split(" ")[0]
        url = r.choice(
            [
                "https://calendly.com/%s/15min" % slug,
                "https://calendly.com/%s/discovery-call" % slug,
                "https://cal.com/%s/strategy" % slug,
                "https://tidycal.com/%s/15-minute-call" % slug,
            ]
        )
        if style == "bot":
            s = (
                "{Hi|Hey|Hello} {first}{,|!} {thanks for connecting|great to connect|appreciate the connect}{!|.} "
                "{I help|We help|My team helps} {B2B founders|agency owners|SaaS companies|coaches and consultants|busy professionals} "
                "{grow their revenue 3x|book 20+ qualified calls a month|fill their pipeline on autopilot|scale to 7 figures|generate warm leads daily} "
                "{without cold calling|using LinkedIn|in 90 days|with zero ad spend}. "
                "{Open to a quick 15-minute call?|Worth a 15-minute chat?|Would you be open to a short call this week?|Can I show you how in 15 minutes?} {emo} {url}"
            )
        else:
            s = (
                "{Hi|Hey} {first}, {thanks for accepting|glad we're connected} {emo} "
                "{I noticed|I saw} you're {in|working in} {ind} - {we've helped|I've helped} {similar teams|people like you} "
                "{double their leads|land 5 new clients a month|build a predictable sales engine}. "
                "{Would a quick call make sense?|Fancy a 15-min chat this week?|Happy to walk you through it}: {url}"
            )
        return self.spin(
            s, first=first, emo=r.choice(EMOJI), url=url, ind=self.accts[b].industry or "your field"
        )

    def atk_connector(self, aid, style):
        r = self.rng
        a = self.new_acct("person")
        self.roles[a.i] = "atk"
        self.person_name(a, "en")
        a.photo = True
        a.industry = "marketing"
        a.title = "Growth Consultant"
        a.bio = r.choice(
            [
                "Helping coaches scale to $50k/mo | Lead Gen Expert | DM me 'GROWTH'",
                "Founder @ %s Growth Partners | B2B pipeline on autopilot" % r.choice(PREFIX),
                "I help B2B founders book 30+ sales calls/month 🚀",
                "LinkedIn Growth | Sales Automation | Free audit in DMs",
                "Revenue architect | 7-figure agency owner | Let's connect!",
            ]
        )
        a.created = T0 - int(r.uniform(20, 300) * DAY)
        self.replay_extra.append(a.i)
        # a small, plausible existing network
        for _ in range(r.randint(15, 60)):
            j = r.choice(self.persons)
            self.conn[a.i].add(j)
            self.conn[j].add(a.i)
        slug = strip_acc(a.first + a.last) + r.choice(["", "-growth", "-consulting", "co"])
        i = a.i
        if style == "bot":
            count = r.randint(250, 500) * 8 // 10
            p_acc, p_dec, p_rep = r.uniform(0.22, 0.32), r.uniform(0.1, 0.2), 0.05
            note_fn = lambda b: None if r.random() < 0.6 else STOCK
            acc = self.req_campaign(
                i,
                count,
                ATT + r.randint(0, 40) * MIN,
                END - 20 * MIN,
                self.stranger_fn(i),
                note_fn,
                p_acc,
                p_dec,
                p_rep,
                median=35,
                bursty=True,
                tag=(aid, "connector_bot", "creq"),
                p_mut=0.82,
            )
            dmin, dmax = 10 * SEC, 3 * MIN
        else:
            count = r.randint(40, 80) * 7 // 10
            note_fn = lambda b: (
                STOCK
                if r.random() < 0.35
                else (
                    None
                    if r.random() < 0.3
                    else self.spin(
                        "{Hi|Hey|Hello} {first}, {let's connect|would love to connect|let's connect and grow together}{!|.| 🙂}",
                        first=self.accts[b].first,
                    )
                )
            )
            acc = self.req_campaign(
                i,
                count,
                ATT + r.randint(0, 30) * MIN,
                END - 40 * MIN,
                self.stranger_fn(i),
                note_fn,
                0.35,
                0.08,
                0.02,
                median=45,
                tag=(aid, "connector_slow", "creq"),
                p_mut=0.88,
            )
            dmin, dmax = 10 * MIN, 90 * MIN
        ptag = (aid, "connector_bot" if style == "bot" else "connector_slow", "pitch")
        for b, ta in acc:
            t = ta + r.randint(dmin, dmax)
            if self.msg(i, b, t, self.pitch_text(b, style, slug), ptag) and r.random() < 0.12:
                self.msg(
                    b,
                    i,
                    self.reply_delay(b, t, 20, 1.0),
                    self.typo(
                        r.choice(
                            [
                                "No thanks",
                                "Not interested.",
                                "Please stop",
                                "Who are you?",
                                "lol no",
                                "I'm good, thanks",
                                "Is this a bot?",
                                "No gracias",
                                "Non merci",
                            ]
                        )
                    ),
                )

    def hijack_text(self, b):
        r = self.rng
        first = self.accts[b].first or "hey"
        s = r.choice(
            [
                "{omg|OMG|wow} {first} is this you in this video?? {emo} {url}",
                "{first} {😂😂|😳|👀} look what I found {url}",
                "{hey|Hey|hi} is this you? {emo} {url}",
                "I can't believe they posted this of you {first} {url}",
                "I just got {500|1000|2500} USDT from the {Binance|Coinbase|Tesla} giveaway, they're still paying out 👉 {url}",
                "{first} vote for me please!! 🙏 it takes 10 seconds {url}",
                "{first}!! {you have to see this|have you seen this}?? {url}",
            ]
        )
        return self.spin(s, first=first, emo=r.choice(EMOJI), url=self.shortlink())

    def atk_hijack(self, aid):
        r = self.rng
        h = self.pick_person(lambda i: len(self.conn[i]) >= 120 and self.accts[i].created < T0 - 700 * DAY)
        self.roles[h] = "hijacked"
        t0 = r.randint(ATT + 30 * MIN, END - 90 * MIN)
        self.silent_after[h] = t0
        friends = sorted(self.conn[h])
        n = min(len(friends), r.randint(80, 250))
        dur = r.randint(25, 58) * MIN
        tag = (aid, "hijacked_dm_blast", "pitch")
        for b in r.sample(friends, n):
            t = t0 + r.randint(0, dur)
            self.msg(h, b, t, self.hijack_text(b), tag)
            if r.random() < 0.14:
                self.msg(
                    b,
                    h,
                    self.reply_delay(b, t, 10, 1.2),
                    self.typo(
                        r.choice(
                            [
                                "?",
                                "??",
                                "were you hacked?",
                                "what is this",
                                "I think your account got hacked",
                                "what video??",
                                "¿qué es esto?",
                                "c'est quoi ce lien ?",
                                "Wurdest du gehackt?",
                                "vc foi hackeado?",
                                "not clicking that lol",
                            ]
                        )
                    ),
                )

    def atk_campaign(self, aid):
        r = self.rng
        n = r.randint(12, 25)
        theme = r.choice(["webinar", "franchise", "share", "audit"])
        t_start = r.randint(ATT + 30 * MIN, END - 3 * HOUR - 10 * MIN)
        span = r.randint(120, 180) * MIN
        dom = r.choice(
            [
                "growthsummit-live.com",
                "scaleup-academy.io",
                "franchise-freedom.biz",
                "profitmasters.co",
                "brandboost-audit.com",
                "webinar-elite.net",
            ]
        )
        tag = (aid, "coordinated_campaign", "pitch")
        for k in range(n):
            if r.random() < 0.55:
                a = self.new_acct("person")
                self.person_name(a, r.choice(["en", "en", "es", "pt"]))
                a.industry = "marketing"
                a.title = "Coach"
                a.photo = r.random() < 0.7
                a.bio = r.choice(
                    [
                        "Business coach | Helping you scale",
                        "Entrepreneur 🚀",
                        "",
                        "Mindset • Money • Freedom",
                        "Marketing strategist",
                        "Franchise consultant",
                    ]
                )
                a.created = r.randint(max(T0 + 10 * MIN, t_start - 4 * HOUR), t_start - 5 * MIN)
                self.ev(a.created, "account_created", None, account_id=a.id, profile=self.profile(a))
                i = a.i
                recips = lambda: r.choice(self.persons)
            else:
                i = self.pick_person(
                    lambda x: len(self.conn[x]) >= 15 and self.accts[x].created < T0 - 365 * DAY
                )
                self.silent_after[i] = t_start
                cs = sorted(self.conn[i])
                recips = lambda cs=cs: r.choice(cs)
            self.roles[i] = "atk" if self.accts[i].created >= T0 else "hijacked"
            m = r.randint(5, 12)
            seen = []
            for _ in range(m):
                for _ in range(20):
                    b = recips()
                    if b not in seen and b != i and self.accts[b].kind == "person":
                        break
                seen.append(b)
                t = t_start + r.randint(0, span)
                first = self.accts[b].first
                url = "https://%s/%s?ref=%s" % (
                    dom,
                    r.choice(["join", "reg", "free", "go"]),
                    self.alnum(6).lower(),
                )
                if theme == "webinar":
                    s = "{Hi|Hey} {first}! {Join|Don't miss} our free {masterclass|webinar|live training} on {topic} this {Thursday|Friday} - {limited seats|only 50 spots left}{!|.} {Register here|Save your seat}: {url}"
                elif theme == "franchise":
                    s = "{Hi|Hello} {first}, {ever thought about|have you considered} owning a {coffee|fitness|tutoring} franchise? {Zero experience needed|Passive income from month one|Fully turnkey}. {Details|Info|See the numbers} {here|👉} {url}"
                elif theme == "share":
                    s = "{first}{,|!} could you {like & share|like and repost|give a like to} my latest post? {🙏|🙏🙏|❤️} It would {mean a lot|really help} {url}"
                else:
                    s = "{Hi|Hey} {first}, I'm offering a {free|complimentary} {LinkedIn profile|website|SEO} audit {this week|to 10 people} - {want one?|interested?} {Grab a slot|Book here}: {url}"
                self.msg(i, b, t, self.spin(s, first=first, topic=r.choice(TOPICS), url=url), tag)
                if r.random() < 0.08:
                    self.msg(
                        b,
                        i,
                        self.reply_delay(b, t, 20, 1.0),
                        r.choice(["who is this?", "no thanks", "?", "Not interested"]),
                    )

    # ------------------------------------------------------------------ orchestrate
    def run(self):
        r = self.rng
        self.build_world()
        self.replay_extra = []
        self.deleted_soon = set()
        # ---- roles and scripted behaviour (need world graph before organic evolves it)
        # attacks
        cust_cheap = [self.pick_person(lambda i: 0.5 < self.accts[i].pop < 3) for _ in range(2)]
        for c in cust_cheap:
            self.roles[c] = "cust"
        cust_prem = [
            self.pick_person(lambda i: 0.8 < self.accts[i].pop < 5 and self.accts[i].photo) for _ in range(2)
        ]
        for c in cust_prem:
            self.roles[c] = "cust"
        hij = []
        # look-alike roles first that need high-degree people (before organic changes the graph)
        self.lk_celebrity(3)
        self.rebuild_pop()
        for k, c in enumerate(cust_cheap):
            self.atk_cheap("bfc-%d" % (k + 1), c, r.randint(ATT + 20 * MIN, END - 60 * MIN))
        self.atk_premium(["bfp-1", "bfp-2"], cust_prem)
        for k in range(2):
            self.atk_connector("cb-%d" % (k + 1), "bot")
        for k in range(3):
            self.atk_connector("cs-%d" % (k + 1), "slow")
        for k in range(2):
            self.atk_hijack("hj-%d" % (k + 1))
        self.atk_campaign("cc-1")
        # organic life (roles run on top of it)
        self.organic()
        self.organic_signups(110)
        self.lk_busy(15)
        self.lk_community(3)
        self.lk_event_host(3)
        self.lk_newsletter(2)
        self.lk_viral(3)
        self.lk_recruiters(5)
        self.lk_sales(4)
        self.lk_job_seekers(5)
        self.lk_open_networkers(5)
        self.lk_heavy_followers(10)
        self.lk_new_users(80)
        self.lk_company_onboarding()
        self.lk_university_intake()
        # deletions: organic members, plus a couple of look-alikes (dropped from labels)
        for _ in range(24):
            i = self.pick_person()
            self.roles[i] = "deleted"
            self.deleted[i] = r.randint(T0 + 20 * MIN, END - 5 * MIN)
        nu = [i for i, k in self.lookalikes if k == "new_user"]
        hf = [i for i, k in self.lookalikes if k == "heavy_follower"]
        for i in (r.choice(nu), r.choice(hf)):
            self.deleted[i] = END - r.randint(2, 15) * MIN
        for i, t in sorted(self.deleted.items()):
            self.ev(t, "account_deleted", None, account_id=self.accts[i].id)

    def replay(self):
        """profile_updated for every account existing at T0 (ts spread over the first ~90 s)."""
        out = []
        order = [a for a in self.accts if a.created < T0]
        self.rng.shuffle(order)
        for k, a in enumerate(order):
            ts = T0 - 90 * SEC + k * 90 * SEC // len(order)
            out.append(
                {
                    "event_id": self.eid(),
                    "type": "profile_updated",
                    "ts": ts,
                    "account_id": a.id,
                    "profile": self.profile_initial.get(a.i) or self.profile(a),
                }
            )
        return out

    def finalize(self, out_path, labels_path):
        r = self.rng
        id2i = {a.id: a.i for a in self.accts}
        # filter: deleted accounts act no more; hijacked accounts never answer (untagged) after hijack
        evs = []
        for e in self.events:
            t = e["ts"]
            if t > END:
                continue
            drop = False
            for f in ("actor_id", "target_id", "account_id"):
                x = e.get(f)
                if x is None:
                    continue
                i = id2i[x]
                d = self.deleted.get(i)
                if d is not None and (t > d or (t == d and e["type"] != "account_deleted")):
                    drop = True
                if f == "actor_id" and "_tag" not in e and self.silenced(i, t):
                    drop = True
            if not drop:
                evs.append(e)
        evs = self.replay_events + evs
        # ---- labels
        subj = {}
        for e in evs:
            tg = e.get("_tag")
            if not tg:
                continue
            aid, attack, kind = tg
            a = id2i[e["actor_id"]]
            if kind == "bfollow":
                keys = [(a, "fake_follower"), (id2i[e["target_id"]], "bot_follower_burst")]
            elif kind == "creq":
                keys = [(a, "mass_connect_spam")]
            else:
                keys = [(a, "message_spam")]
            for k in keys:
                s = subj.setdefault((k[0], k[1], aid), [attack, 0, e["ts"], e["ts"]])
                s[1] += 1
                s[2] = min(s[2], e["ts"])
                s[3] = max(s[3], e["ts"])
        positives = []
        attacks = {}
        pos_ids = set()
        for (i, cat, aid), (attack, cnt, st, en) in sorted(
            subj.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[1][2], kv[0][0])
        ):
            if cat == "message_spam" and cnt < 5:
                continue
            positives.append(
                {
                    "subject_id": self.accts[i].id,
                    "category": cat,
                    "attack": attack,
                    "attack_id": aid,
                    "start_ts": st,
                    "end_ts": en,
                }
            )
            pos_ids.add(i)
            at = attacks.setdefault(
                (aid, cat),
                {"attack_id": aid, "attack": attack, "category": cat, "start_ts": st, "end_ts": en},
            )
            at["start_ts"] = min(at["start_ts"], st)
            at["end_ts"] = max(at["end_ts"], en)
        looks = []
        for i, kind in self.lookalikes:
            if i in self.deleted or i in pos_ids:
                continue
            looks.append({"subject_id": self.accts[i].id, "kind": kind})
        labels = {
            "scenario": "foreign2",
            "seed": self.seed,
            "positives": positives,
            "attacks": sorted(attacks.values(), key=lambda a: (a["start_ts"], a["attack_id"], a["category"])),
            "lookalikes": looks,
        }
        # ---- serialisation with producer noise
        rows = []
        for k, e in enumerate(evs):
            e.pop("_tag", None)
            x = r.random()
            if k < len(self.replay_events):
                key = e["ts"] + r.randint(0, 20 * SEC)
            elif x < 0.002:
                key = e["ts"] + r.randint(15 * MIN, 90 * MIN)  # late
            elif x < 0.12:
                key = e["ts"] + r.randint(0, 9 * MIN)  # shuffled (<= 10 min)
            else:
                key = e["ts"] + r.randint(0, 45 * SEC)
            if r.random() < 0.025:
                e["client"] = r.choice(["ios/7.41.0", "android/7.40.2", "web/2026.03.1", "api"])
            if r.random() < 0.01:
                e["schema_version"] = r.choice([2, 3])
            if r.random() < 0.005:
                e["_ingest"] = {"dc": r.choice(["eu-west-1", "us-east-2"]), "partition": r.randint(0, 63)}
            line = json.dumps(e, ensure_ascii=False, separators=(",", ":"))
            rows.append((key, k, line))
            if k >= len(self.replay_events) and r.random() < 0.01:
                dkey = key + r.randint(0, 3 * MIN)
                if key - e["ts"] <= 10 * MIN:
                    dkey = min(dkey, e["ts"] + 10 * MIN)
                rows.append((dkey, k, line))  # exact duplicate delivery
        garbage = [
            '{"event_id":"ev-trunc","type":"follow","ts":17731',
            "HTTP/1.1 502 Bad Gateway",
            "<html><body>upstream timeout</body></html>",
            '{"type":"message_sent",,"ts":1}',
            "\x00\x00\x00\x00",
            "undefined",
            "{'event_id': 'x', 'type': 'follow'}",
            'ÿþ{"garbled',
            "[object Object]",
            '{"event_id":"e","type":"connect_request","ts":',
            "}{",
            "#EOF",
            "--- partition rebalance ---",
            '{"event_id":"ev-x" "type":"unfollow"}',
            "null,",
        ]
        for g in garbage:
            key = r.randint(T0, END)
            rows.append((key, -1, g))
        rows.sort(key=lambda x: (x[0], x[1]))
        with open(out_path, "w", encoding="utf-8", newline="\n") as f:
            for _, _, line in rows:
                f.write(line + "\n")
        with open(labels_path, "w", encoding="utf-8") as f:
            json.dump(labels, f, ensure_ascii=False, indent=1)
        return evs, labels, len(rows)


ORGANIC_OK = {
    "busy_professional",
    "community_manager",
    "event_host",
    "newsletter_author",
    "recruiter",
    "sales_rep_legit",
    "job_seeker",
    "open_networker",
    "heavy_follower",
    "viral_post",
    "cust",
    "deleted",
    "celebrity",
    "hijacked",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    args = ap.parse_args()
    g = Gen(args.seed)
    g.run()
    g.replay_events = g.replay()
    evs, labels, nrows = g.finalize(args.out, args.labels)
    counts = {}
    for e in evs:
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    print("lines", nrows, "events", len(evs), json.dumps(counts, sort_keys=True))
    pc = {}
    for p in labels["positives"]:
        pc[p["category"]] = pc.get(p["category"], 0) + 1
    lc = {}
    for l in labels["lookalikes"]:
        lc[l["kind"]] = lc.get(l["kind"], 0) + 1
    print("positives", json.dumps(pc, sort_keys=True))
    print("lookalikes", json.dumps(lc, sort_keys=True))


if __name__ == "__main__":
    main()
