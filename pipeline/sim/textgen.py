"""Names, profiles and message text for the synthetic platform, all drawn from one seeded RNG.

Why so much variety: detectors are judged on whether they separate fake accounts and spam from people,
so people must look like the real mix (many scripts, transliterated usernames, birth-year digits, empty
bios, default "user123" names of new sign-ups), and farm accounts range from obvious letter soup to
profiles drawn from the very same generator as organic ones.

>>> import random
>>> tg = TextGen(random.Random(1))
>>> p = tg.person("vi")
>>> p.locale, tg.spin("{a|a}<x>", {"x": "!"})
('vi', 'a!')
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from pipeline.sim import names, phrases

_SLOT = re.compile(r"\{(\w+)\}")
_SPIN = re.compile(r"\{([^{}]*)\}")
_VAR = re.compile(r"<(\w+)>")
_CONSONANTS = "bcdfghjklmnpqrstvwxz"


def _split(entry: str) -> tuple[str, str, bool]:
    """ "native/ascii*" -> (native, ascii, female)."""
    female = entry.endswith("*") or "*/" in entry
    entry = entry.replace("*", "")
    if "/" in entry:
        native, ascii_ = entry.split("/", 1)
    else:
        native = entry
        ascii_ = unicodedata.normalize("NFKD", entry).encode("ascii", "ignore").decode()
    return native, ascii_, female


_TABLE = {
    loc: (w, order, [_split(e) for e in given.split()], [_split(e) for e in family.split()], lang)
    for loc, (w, order, given, family, lang) in names.LOCALES.items()
}
_LOCALES = list(_TABLE)
_LOCALE_CUM: list[float] = []
for _loc in _LOCALES:
    _LOCALE_CUM.append((_LOCALE_CUM[-1] if _LOCALE_CUM else 0.0) + _TABLE[_loc][0])


@dataclass(slots=True, frozen=True)
class Person:
    """Name parts of one member; generators address people by `first` as real messages do."""

    locale: str
    lang: str
    first: str
    first_ascii: str
    last: str
    last_ascii: str
    middle_ascii: str = ""
    middle: str = ""


class TextGen:
    """All text generation; one instance per simulation so usernames stay unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.usernames: set[str] = set()

    # ----- people and profiles -------------------------------------------------------------------
    def locale(self) -> str:
        return self.rng.choices(_LOCALES, cum_weights=_LOCALE_CUM)[0]

    def person(self, locale: str | None = None) -> Person:
        r = self.rng
        loc = locale or self.locale()
        _, order, given, family, lang = _TABLE[loc]
        first, first_a, female = r.choice(given)
        last, last_a, _ = r.choice(family)
        if female and loc == "ru":
            last, last_a = last + "а", last_a + "a"
        middle = middle_a = ""
        if order == "vietnamese":
            middle, middle_a = r.choice(names.VI_MIDDLE).split("/")
        return Person(loc, lang, first, first_a, last, last_a, middle_a, middle)

    def _unique(self, name: str) -> str:
        name = name.lower().replace(" ", "").replace("'", "")
        while name in self.usernames or len(name) < 3:
            name = f"{name}{self.rng.randint(1, 999)}"
        self.usernames.add(name)
        return name

    def username(self, p: Person, birth_year: int) -> str:
        r = self.rng
        f, la = p.first_ascii.lower(), p.last_ascii.lower()
        styles = [
            f"{f}.{la}",
            f"{f}_{la}",
            f"{f}{la}",
            f"{f[0]}{la}",
            f"{la}.{f}",
            f"{f}{birth_year}",
            f"{f}.{la}{birth_year % 100:02d}",
            f"{f}_{r.choice(names.HOBBIES).replace(' ', '')}",
            f"{la}{f[0]}{r.randint(1, 99)}",
            f"the.{f}.{la}",
        ]
        if p.middle_ascii:
            styles += [f"{la}.{p.middle_ascii}.{f}"] * 4
        return self._unique(r.choice(styles))

    def display_name(self, p: Person) -> str:
        r = self.rng
        order = _TABLE[p.locale][1]
        if order == "eastern":
            native = f"{p.last}{p.first}" if p.locale != "ja" else f"{p.last} {p.first}"
            name = native if r.random() < 0.65 else f"{p.first_ascii} {p.last_ascii}"
        elif order == "vietnamese":
            name = f"{p.last} {p.middle} {p.first}" if r.random() < 0.6 else f"{p.first_ascii} {p.last_ascii}"
        elif p.first != p.first_ascii and p.locale in ("ru", "uk", "ar"):
            name = f"{p.first} {p.last}" if r.random() < 0.6 else f"{p.first_ascii} {p.last_ascii}"
        else:
            name = f"{p.first} {p.last}"
        x = r.random()
        if x < 0.05:
            name = name.lower()
        elif x < 0.10:
            name = f"{name} {r.choice(names.EMOJI)}"
        elif x < 0.13:
            name = f"{name} | {r.choice(names.ROLES)}"
        elif x < 0.15:
            name = p.first
        return name

    def bio(self, p: Person, empty_p: float = 0.25) -> str:
        r = self.rng
        if r.random() < empty_p:
            return ""
        slots = {
            "role": r.choice(names.ROLES),
            "company": r.choice(names.COMPANIES),
            "city": r.choice(names.CITIES),
            "hobby": r.choice(names.HOBBIES),
        }
        if p.lang in names.LANG_BIOS and r.random() < 0.5:
            return self.fill(r.choice(names.LANG_BIOS[p.lang]), slots)
        templates = [
            "{role} at {company}",
            "{role}. {hobby} enthusiast.",
            "{city} · {role}",
            "Building things @ {company}",
            "{role} | {hobby} | {city}",
            "Parent, {role}, occasional {hobby}",
            "{role} in {city}. Views my own.",
            "{hobby} + coffee",
            "{role} ({company}) {emoji}",
        ]
        slots["emoji"] = r.choice(names.EMOJI)
        return self.fill(r.choice(templates), slots)

    def crude_username(self) -> str:
        """Letter-soup-and-digits names of cheap farm accounts, e.g. qzkvw84019375."""
        r = self.rng
        letters = "".join(
            r.choice(_CONSONANTS + "aeiou" * (r.random() < 0.3)) for _ in range(r.randint(4, 7))
        )
        return self._unique(letters + str(r.randint(10**5, 10**9 - 1)))

    def default_username(self) -> str:
        """What the sign-up flow assigns before a new member picks a name (also a look-alike)."""
        return self._unique(f"user{self.rng.randint(10**6, 10**9)}")

    # ----- text ----------------------------------------------------------------------------------
    def fill(self, template: str, given: dict[str, str] | None = None) -> str:
        """Replace {slot}s: given values first, else a random value from the shared pools."""
        given = given or {}
        r = self.rng

        def pick(m: re.Match[str]) -> str:
            key = m.group(1)
            if key in given:
                return given[key]
            pool = phrases.SLOTS.get(key)
            return r.choice(pool) if pool else m.group(0)

        return _SLOT.sub(pick, template)

    def spin(self, template: str, values: dict[str, str]) -> str:
        """Expand spintax {a|b} (innermost first) and substitute <var>s."""
        r = self.rng
        text = template
        while True:
            new = _SPIN.sub(lambda m: r.choice(m.group(1).split("|")), text)
            if new == text:
                break
            text = new
        text = _VAR.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        return re.sub(r" {2,}", " ", text).strip()

    def mangle(self, text: str) -> str:
        """Small human-or-evasion edits: a typo, doubled space, case, trailing emoji."""
        r = self.rng
        x = r.random()
        plain = text.find("http")
        plain = len(text) if plain < 0 else plain  # links must keep working
        if x < 0.15 and plain > 10:
            i = r.randrange(1, plain - 2)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif x < 0.25:
            text = text.replace(" ", "  ", 1)
        elif x < 0.32:
            text = text[0].lower() + text[1:]
        if r.random() < 0.1:
            text += " " + r.choice(names.EMOJI)
        return text

    def link(self, domain: str | None = None) -> str:
        r = self.rng
        domain = domain or r.choice(phrases.SPAM_DOMAINS)
        code = "".join(r.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(r.randint(5, 8)))
        return f"https://{domain}/{code}" if r.random() < 0.6 else f"https://{domain}/go?ref={code}"

    def opener(self, to: Person, lang: str) -> str:
        """First message of an organic conversation."""
        r = self.rng
        if lang in phrases.LANG_BODIES and r.random() < 0.7:
            body = self.fill(r.choice(phrases.LANG_BODIES[lang]))
            return body[0].upper() + body[1:] if r.random() < 0.5 else body
        body = self.fill(r.choice(phrases.BODIES))
        if r.random() < 0.35:
            body = f"{body} {self.fill(r.choice(phrases.BODIES))}"
        if r.random() < 0.6:
            name = to.first if r.random() < 0.7 else ""
            body = f"{r.choice(phrases.GREETINGS)} {name}".rstrip() + r.choice([", ", "! ", " "]) + body
        else:
            body = body[0].upper() + body[1:]
        closer = r.choice(phrases.CLOSERS)
        return f"{body} {closer}".strip() if closer else body

    def reply(self, lang: str, short_p: float = 0.5) -> str:
        """A reply: often a short common phrase, otherwise a fresh slotted sentence."""
        r = self.rng
        if r.random() < short_p:
            pool = phrases.SHORT_REPLIES.get(lang, phrases.SHORT_REPLIES["en"])
            if lang != "en" and r.random() < 0.3:
                pool = phrases.SHORT_REPLIES["en"]
            return r.choice(pool)
        if lang in phrases.LANG_BODIES and r.random() < 0.6:
            return self.fill(r.choice(phrases.LANG_BODIES[lang]))
        text = self.fill(r.choice(phrases.BODIES))
        if r.random() < 0.4:
            text = f"{r.choice(phrases.SHORT_REPLIES['en'])} {text}"
        return text[0].upper() + text[1:] if r.random() < 0.5 else text
