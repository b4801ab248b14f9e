"""Username randomness: how much a handle looks machine-made (letter soup, long digit runs), 0..1.

Cheap farm accounts get handles like ``qzkvw84019375``: letters drawn at random and a long serial number.
Real members' handles are names, transliterated or not (``nguyen.thi.huong``, ``oluwaseun_adebayo``,
``siobhan.nic.a.bhaird``, ``przemyslaw``), often with a birth year (``maria1987``), or written in another
script altogether. The score must leave all of those alone, so it judges only what it can judge:

* Latin letters (diacritics folded: ``ł``, ``é`` -> base letter) are read token by token. A token of four
  or more letters without a single vowel (``y`` counts as one) is soup. Otherwise the share of adjacent
  consonant pairs that are not a cluster some language's names use (an allowlist drawn from English,
  Romance, Germanic, Slavic, Celtic, African, South and East Asian romanisations: ``bh``, ``kw``, ``ng``,
  ``mb``, ``rz``, ``sz``, ``dl``, ``ts``...) measures how unpronounceable it is in *any* of them.
* Letters of other scripts (Cyrillic, CJK, Arabic, Devanagari, ...) carry no randomness signal here:
  never a penalty.
* Digits: a run of up to four (years, "87", "123") is normal; five or more is a serial number, and the
  longer the run the more it scores. A platform default such as ``user1234567`` therefore lands in the
  middle (no soup, long digits), below a farm's letter-soup-plus-serial.

The two parts combine as independent evidence: ``1 - (1 - soup) * (1 - digits)``. Pure Python, about
3 µs per name; callers memoise (`name_randomness` keeps a bounded cache).

>>> round(name_randomness("qzkvw84019375"), 2), name_randomness("maria1987"), name_randomness("zhang_wei")
(1.0, 0.0, 0.0)
>>> name_randomness("Алексей Петров"), 0.3 < name_randomness("user1234567") < 0.7
(0.0, True)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["CRUDE", "name_randomness", "name_parts"]

CRUDE: Final = 0.7  # at or above: a handle no naming tradition produces
VOWELS: Final = frozenset("aeiouy")
# Consonant pairs that occur in names of some language or common romanisation. Anything else between two
# consonants (``qz``, ``kv``, ``xk``, ``bq``) is what a random generator writes.
_CLUSTERS: Final = frozenset(
    """
    bb bd bh bj bl bn br bs bt bw bz db hp kb pb tb cc ch ck cl cn cr cs ct cz
    dd dh dj dl dm dn dr ds dt dv dw dz
    ff fl fn fr fs ft gb gd gg gh gl gm gn gr gs gt gw gz hb hd hf hk hl hm hn hr hs ht hv hw hz jc
    jd jk jl jn js jt kc kh kj kk kl km kn kr ks kt kv kw lb lc ld lf lg lh lj lk ll lm ln lp lr ls
    lt lv lw lz mb md mf mh mj mk ml mm mn mp mr ms mt mv mw mz nb nc nd nf ng nh nj nk nl nm nn np
    nr ns nt nv nw nz pf ph pk pl pn pp pr ps pt pw qb rb rc rd rf rg rh rj rk rl rm rn rp rq rr rs
    rt rv rw rz sb sc sd sf sg sh sj sk sl sm sn sp sq sr ss st sv sw sz tc tf th tj tk tl tm tn tp
    tr ts tt tv tw tz vc vd vg vk vl vn vr vs vt vz wb wc wd wf wg wh wk wl wm wn wr ws wt wz xt
    zb zc zd zg zh zk zl zm zn zr zs zt zv zw zz
    """.split()
)
_LATIN: Final = frozenset("abcdefghijklmnopqrstuvwxyz")
_FOLD: Final = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}


def _fold(ch: str) -> str:
    """A Latin letter with diacritics -> its base letter(s); other characters unchanged."""
    if ch in _FOLD:
        return _FOLD[ch]
    base = unicodedata.normalize("NFKD", ch)[0]
    return base if base in _LATIN else ch


_ASCII_RUNS: Final = re.compile(r"[a-z]+|[0-9]+")


def name_parts(name: str) -> tuple[list[str], list[str]]:
    """Latin letter tokens (folded, casefolded) and digit runs of a handle; other scripts are dropped."""
    if name.isascii():  # most handles: no normalisation or folding needed
        runs = _ASCII_RUNS.findall(name.lower())
        return [r for r in runs if r[0] > "9"], [r for r in runs if r[0] <= "9"]
    letters: list[str] = []
    digits: list[str] = []
    cur_l: list[str] = []
    cur_d: list[str] = []
    for raw in unicodedata.normalize("NFKC", name).casefold():
        ch = raw if raw in _LATIN or raw.isascii() else _fold(raw)
        if ch.isascii() and ch.isdigit():
            if cur_l:
                letters.append("".join(cur_l))
                cur_l = []
            cur_d.append(ch)
            continue
        if cur_d:
            digits.append("".join(cur_d))
            cur_d = []
        if ch and all(c in _LATIN for c in ch):
            cur_l.append(ch)
        elif cur_l:  # separator, or a letter of another script: ends the Latin token
            letters.append("".join(cur_l))
            cur_l = []
    if cur_l:
        letters.append("".join(cur_l))
    if cur_d:
        digits.append("".join(cur_d))
    return letters, digits


def _soup(token: str) -> float:
    """0 for a pronounceable token in some tradition, up to 1 for letters drawn at random."""
    n = len(token)
    if n < 4:
        return 0.0
    if not any(c in VOWELS for c in token):
        return 1.0
    bad = 0
    # in a longer token the first pair may join an initial to a surname ("bcampbell"): not judged
    start = 1 if n >= 6 else 0
    for a, b in zip(token[start:], token[start + 1 :], strict=False):
        if a not in VOWELS and b not in VOWELS and a + b not in _CLUSTERS:
            bad += 1
    # one odd pair in a long token is a compound ("football") or a rare cluster; several in a short token
    # is soup
    return min(1.0, 2.2 * max(0.0, bad - 0.5) / (n - 1))


def _digits(runs: list[str]) -> float:
    longest = max((len(r) for r in runs), default=0)
    if longest <= 4:
        return 0.0
    return min(0.55, 0.25 + 0.1 * (longest - 5))


@lru_cache(maxsize=1 << 16)
def name_randomness(name: str) -> float:
    """How machine-made a handle looks, 0 (a name) .. 1 (letter soup with a serial number)."""
    letters, digits = name_parts(name)
    soup = max((_soup(t) for t in letters), default=0.0)
    return 1.0 - (1.0 - soup) * (1.0 - _digits(digits))
