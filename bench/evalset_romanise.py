"""How the people of ``gen_eval.py`` get written down: romanisation conventions,
Persian/Arabic script variants, typos, digits and the Solar Hijri calendar.

Written independently of the engine (``haven.matching``) and of ``gen_register.py``.
A name element's ``notation`` (see ``evalset_names``) is romanised by one of the
conventions seen on real documents and lists:

* ``bgn``: BGN/PCGN (Persian 1958, Arabic 1956), as printed, with or without its
  macrons (ā ī ū) and with ' for ʿayn/hamza;
* ``un``: UNGEGN 2012 for Persian (x for kh, q for gh, š ž č with their hooks or
  typed without them);
* ``english``: ad-hoc English, as a clerk or the person writes it (ee, oo, ou,
  doubled letters dropped, -eh, -ah);
* ``french``: ou, ch for sh, dj, tch, é, -ss- between vowels (Syrian and Lebanese
  documents, francophone registers);
* ``german``: sch, tsch, dsch, ch for kh, w for v, j for y, ei, au.

Arabic-keyboard Persian writes ي ك for ی ک and ة for a final ه.  The Solar Hijri
conversion here uses the 33-year leap rule anchored on 1 Farvardin 1300 =
21 March 1921 (the engine uses another algorithm; a test compares them).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Sequence

Choice = tuple[tuple[str, float], ...]

CONVENTIONS = ("bgn", "un", "english", "french", "german")

_UNIT = re.compile(r"al-|kh|gh|sh|zh|ch|th|dh|(?:ey|ay|ow|aw)(?![aeiouAIU])|[a-zA-Z']|-")
_VOWELS = frozenset("aeiouAIU")


def _c(*options: str | tuple[str, float]) -> Choice:
    out: list[tuple[str, float]] = []
    for o in options:
        out.append(o if isinstance(o, tuple) else (o, 1.0))
    return tuple(out)


# unit -> choices, for each convention; "e$" is a word-final short e (Persian ه),
# "a$" a word-final short a (Arabic ة), "'^" / "'$" an ʿayn at the start / end
_BASE: dict[str, Choice] = {
    "b": _c("b"), "p": _c("p"), "t": _c("t"), "j": _c("j"), "d": _c("d"), "r": _c("r"),
    "z": _c("z"), "s": _c("s"), "f": _c("f"), "k": _c("k"), "g": _c("g"), "l": _c("l"),
    "m": _c("m"), "n": _c("n"), "h": _c("h"), "v": _c("v"), "w": _c("w"), "y": _c("y"),
    "kh": _c("kh"), "gh": _c("gh"), "q": _c("q"), "sh": _c("sh"), "zh": _c("zh"),
    "ch": _c("ch"), "th": _c("th"), "dh": _c("dh"), "Z": _c("z"), "D": _c("d"),
    "a": _c("a"), "e": _c("e"), "o": _c("o"), "i": _c("i"), "u": _c("u"),
    "A": _c("a"), "I": _c("i"), "U": _c("u"), "ey": _c("ey"), "ay": _c("ay"),
    "ow": _c("ow"), "aw": _c("aw"), "'": _c("'", ("", 2.0)), "'^": _c(""), "'$": _c(""),
    "e$": _c("eh"), "a$": _c("a"), "-": _c("-"), "s~": _c("s"), "y^": _c("y"),
    "a~": _c(("a", 3.0), "e"), "i~": _c(("i", 3.0), "e"), "u~": _c(("u", 3.0), ("o", 2.0)),
}  # fmt: skip

_TABLES: dict[str, dict[str, Choice]] = {
    "bgn": {
        **_BASE, "A": _c(("a", 3.0), "ā"), "I": _c(("i", 3.0), "ī"), "U": _c(("u", 3.0), "ū"),
        "'": _c(("'", 2.0), ""), "'$": _c("'", ""), "Z": _c("z"), "D": _c("z"),
    },
    "un": {
        **_BASE, "kh": _c("x"), "gh": _c("q"), "q": _c("q"), "sh": _c(("š", 2.0), "sh", "s"),
        "zh": _c("ž", "zh", "z"), "ch": _c("č", "ch", "c"), "A": _c("a", "ā"), "e$": _c("e"),
        "'": _c("'", ""), "ey": _c("ey"), "ow": _c("ow", "aw"),
    },
    "english": {
        **_BASE, "A": _c(("a", 6.0), "aa"), "I": _c(("i", 5.0), ("ee", 2.0), ("ie", 0.3)),
        "U": _c(("u", 3.0), ("oo", 2.0), "ou"), "e": _c(("e", 6.0), "a", "i"),
        "o": _c(("o", 6.0), "u"), "ey": _c(("ei", 2.0), ("ey", 2.0), "ay", "ai"),
        "ay": _c(("ai", 2.0), ("ay", 2.0), "ey", "ei"), "ow": _c(("ow", 2.0), "o", "ou", "au"),
        "aw": _c(("aw", 2.0), "au", "ow"), "kh": _c(("kh", 6.0), "h", "x"),
        "gh": _c(("gh", 5.0), "g", "q"), "q": _c(("gh", 3.0), ("q", 3.0), "k", "g"),
        "zh": _c(("zh", 3.0), "j", "zj"), "'": _c(("", 3.0), "'", "a", "e"),
        "e$": _c(("eh", 5.0), ("e", 3.0), "a", "ah"), "a$": _c(("a", 4.0), "ah", "eh", "e"),
        "v": _c(("v", 8.0), "w"), "Z": _c("z", "dh", "th"), "D": _c("d", "dh", "z"),
        "th": _c(("th", 3.0), "s", "t"), "dh": _c(("dh", 3.0), "z", "th", "d"),
        "y": _c(("y", 8.0), "i"), "s~": _c(("s", 3.0), ("ss", 2.0)),
    },
    "french": {
        **_BASE, "U": _c("ou"), "u~": _c(("ou", 3.0), "o"), "u": _c(("ou", 3.0), "u", "o"), "sh": _c("ch"), "ch": _c("tch"),
        "j": _c(("dj", 3.0), "j"), "zh": _c("j"), "e": _c(("e", 3.0), "é"), "e$": _c("é", "eh", "e"),
        "ey": _c("ei", "ey", "eï"), "ay": _c("ai", "aï", "ay"), "ow": _c("o", "aou", "ow"),
        "aw": _c("aou", "ao", "aw"), "w": _c(("ou", 2.0), "w"), "q": _c("q", "k", "gh"),
        "kh": _c("kh"), "gh": _c("gh"), "y": _c("y", "i"), "a$": _c("a", "ah"),
        "'": _c(("", 3.0), "'"), "Z": _c("z", "d"), "D": _c("d"), "th": _c("th", "t"),
        "dh": _c("dh", "d", "z"), "I": _c(("i", 4.0), "y"),
    },
    "german": {
        **_BASE, "y^": _c(("j", 3.0), "y"), "sh": _c("sch"), "ch": _c("tsch"), "j": _c(("dsch", 2.0), "dj", "j"),
        "zh": _c("sch", "j", "sh"), "kh": _c(("ch", 3.0), "kh"), "v": _c(("w", 3.0), "v"),
        "w": _c("w"), "y": _c(("j", 3.0), "y"), "ey": _c("ei"), "ay": _c("ai", "ei"),
        "ow": _c("au", "o"), "aw": _c("au"), "I": _c(("i", 3.0), "ie"), "U": _c("u"),
        "q": _c("gh", "k", "q"), "z": _c("s", ("z", 2.0)), "e$": _c("e", "eh"),
        "s~": _c(("s", 2.0), ("ss", 2.0)),
        "'": _c(("", 3.0), "'"), "Z": _c("s", "z"), "th": _c("th", "s"), "dh": _c("dh", "d"),
    },
}  # fmt: skip

# Persian and Dari speakers say the shared Arabic names their own way; Arabs the
# Persian vowels as a/i/u.  Applied to the notation before romanising.
_AR_VOWELS = str.maketrans({"e": "i", "o": "u", "v": "w"})

# doubled consonants written once: how likely, per convention
_SINGLE = {"bgn": 0.05, "un": 0.05, "english": 0.45, "french": 0.3, "german": 0.3}
# how the Arabic article is written before a sun letter and before a moon letter
_SUN = frozenset(("t", "th", "d", "dh", "r", "z", "s", "sh", "l", "n", "Z", "D"))
_ARTICLE = {
    "bgn": _c(("al-", 5.0), ("Al ", 1.0), ("Al-", 1.0)),
    "un": _c(("al-", 3.0), "al ", "Al "),
    "english": _c(("Al-", 3.0), ("Al ", 3.0), ("al-", 2.0), ("Al", 1.5), ("El-", 1.0), ("", 1.5)),
    "french": _c(("El-", 2.0), ("El ", 1.0), ("Al-", 2.0), ("Al ", 1.0), ("", 1.0)),
    "german": _c(("Al-", 2.0), ("Al ", 2.0), ("El-", 1.0), ("", 1.0)),
}
# "'abd al-X": how the article joins ʿAbd (Abd al-Rahman, Abdulrahman, Abdurrahman,
# Abdel Rahman, Abderrahmane).  "=" stands for the article assimilated to a sun
# letter (Abdu-r-rahman), which falls back to "l" before a moon letter.
_ABD = {
    "bgn": _c(("Abd al-", 4.0), ("Abd a=-", 1.0)),
    "un": _c(("Abd al-", 2.0), "Abdol"),
    "english": _c(("Abdul", 4.0), ("Abdul ", 2.0), ("Abd al-", 2.0), ("Abdu=", 1.0), ("Abdel ", 1.0), ("Abd-ul-", 1.0), ("Abdal", 1.0)),
    "french": _c(("Abdel", 3.0), ("Abdel ", 2.0), ("Abde=", 1.0), ("Abd el-", 1.0)),
    "german": _c(("Abdul", 2.0), ("Abd al-", 1.0), ("Abdel", 1.0)),
}  # fmt: skip


def pick(rng: random.Random, choice: Choice) -> str:
    total = sum(w for _, w in choice)
    x = rng.random() * total
    for out, w in choice:
        x -= w
        if x <= 0:
            return out
    return choice[-1][0]


def _last_vowel(units: list[str], k: int) -> bool:
    """Whether unit ``k`` is the last vowel of its word (and not its first unit)."""
    return k > 0 and not any(u[0] in _VOWELS for u in units[k + 1 :])


def _word(rng: random.Random, word: str, conv: str, arabic: bool) -> str:
    table = _TABLES[conv]
    units = _UNIT.findall(word)
    out: list[str] = []
    n = len(units)
    for k, u in enumerate(units):
        if u == "al-":
            continue
        if u == "'":
            key = "'^" if k == 0 else "'$" if k == n - 1 else "'"
        elif u == "e" and k == n - 1 and n > 1:
            key = "e$"
        elif u == "a" and k == n - 1 and n > 1 and arabic:
            key = "a$"
        elif (
            u == "s" and 0 < k < n - 1 and units[k - 1][0] in _VOWELS and units[k + 1][0] in _VOWELS
        ):
            if conv == "french":
                out.append("ss")
                continue
            key = "s~"  # Hossein: a doubled s keeps it from being read z
        elif u == "y" and k == 0:
            key = "y^"
        elif (
            arabic
            and conv in ("english", "french")
            and ((u == "u" and k) or (u in "ai" and _last_vowel(units, k)))
        ):
            key = u + "~"  # Mohammed, Ahmed, Mostafa: the vowels as Arabs say them
        else:
            key = u
        if k and u == units[k - 1] and u not in _VOWELS and rng.random() < _SINGLE[conv]:
            continue  # a shadda written once
        out.append(pick(rng, table.get(key, _c(u))))
    return "".join(out)


def _title(text: str) -> str:
    """Each word and hyphenated part capitalised (al- kept lower-case when so)."""

    def cap(w: str) -> str:
        if w.lower() in ("al", "el", "ul", "ar", "ur", "er", "i", "e") and w.islower():
            return w
        return w[:1].upper() + w[1:]

    return " ".join("-".join(cap(p) for p in w.split("-")) for w in text.split(" "))


def romanise(rng: random.Random, notation: str, conv: str, pop: str) -> str:
    """One Latin spelling of a name element (``pop``: fa, prs or ar)."""
    arabic = pop == "ar"
    if arabic:
        notation = notation.translate(_AR_VOWELS)
    words = notation.split(" ")
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if w == "'abd" and k + 1 < len(words) and words[k + 1].startswith("al-"):
            rest = words[k + 1][3:]
            abd = pick(rng, _ABD[conv])
            body = _word(rng, rest, conv, arabic)
            first = _UNIT.findall(rest)[:1]
            if "=" in abd:  # assimilated before a sun letter: Abdurrahman
                abd = abd.replace("=", body[:1] if first and first[0] in _SUN else "l")
            out.append(abd + (body.capitalize() if abd.endswith((" ", "-")) else body.lower()))
            k += 2
            continue
        if w.startswith("al-") and len(w) > 3:
            article = pick(rng, _ARTICLE[conv])
            body = _word(rng, w[3:], conv, arabic)
            out.append(article + body)
        else:
            out.append(_word(rng, w, conv, arabic))
        k += 1
    return _title(" ".join(out))


def strip_marks(text: str) -> str:
    """A romanisation typed without its diacritics (ā -> a, š -> s)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# ------------------------------------------------------------ Albanian spellings


def albanian(rng: random.Random, name: str, style: str) -> str:
    """``proper`` as is; ``ascii`` ë and ç typed e and c; ``english`` as an
    English-speaking clerk hears it (ç ch, xh j, q ch, ë e or dropped at the end)."""
    if style == "proper":
        return name
    if style == "ascii":
        return name.replace("ë", "e").replace("Ë", "E").replace("ç", "c").replace("Ç", "C")
    out = name
    if out.endswith("ë") and rng.random() < 0.5:
        out = out[:-1]
    for a, b in (("Xh", "J"), ("xh", "j"), ("Ç", "Ch"), ("ç", "ch"), ("ë", "e"), ("Ë", "E")):
        out = out.replace(a, b)
    if rng.random() < 0.5:
        out = out.replace("q", "ch").replace("Q", "Ch")
    if rng.random() < 0.3:
        out = out.replace("ll", "l").replace("rr", "r")
    return out


# ------------------------------------------------------------ scripts

ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})
TO_ARABIC_LETTERS = ARABIC_KEYBOARD
ZWNJ = "\u200c"
_LOOKALIKE = {
    "ب": "پتثن", "پ": "ب", "ت": "بثن", "ث": "تس", "ج": "چحخ", "چ": "ج", "ح": "جخه",
    "خ": "حج", "د": "ذ", "ذ": "دز", "ر": "زژ", "ز": "رذژظ", "ژ": "زج", "س": "شصث",
    "ش": "س", "ص": "سض", "ض": "صظز", "ط": "تظ", "ظ": "زطض", "ع": "غا", "غ": "عق",
    "ف": "ق", "ق": "غفک", "ک": "گق", "گ": "ک", "ن": "ت", "ی": "ئ", "ه": "ح", "و": "ؤ",
}  # fmt: skip


def arabic_keyboard(text: str) -> str:
    """Persian typed on an Arabic keyboard: ي ك, and ة for a final ه after a consonant."""
    text = text.translate(ARABIC_KEYBOARD)
    return " ".join(w[:-1] + "ة" if len(w) > 2 and w.endswith("ه") else w for w in text.split(" "))


def joiners(rng: random.Random, text: str) -> str:
    """A ZWNJ written as one, as a space, or left out."""
    if ZWNJ not in text:
        return text
    return text.replace(ZWNJ, pick(rng, _c((ZWNJ, 3.0), (" ", 2.0), ("", 2.0))))


def script_typo(rng: random.Random, text: str) -> str:
    """One slip in Persian/Arabic script: a look-alike letter (dots), a vowel letter
    written or left out, a letter dropped."""
    chars = list(text)
    spots = [k for k, c in enumerate(chars) if "\u0600" <= c <= "\u06ff"]
    if not spots:
        return text
    k = rng.choice(spots)
    u = rng.random()
    if u < 0.55 and chars[k] in _LOOKALIKE:
        chars[k] = rng.choice(_LOOKALIKE[chars[k]])
    elif u < 0.8:
        chars.insert(k + 1, rng.choice("اوی"))
    elif len(spots) > 3:
        del chars[k]
    return "".join(chars)


# ------------------------------------------------------------ Latin typos

_KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR: dict[str, str] = {}
for _r, _row in enumerate(_KEYS):
    for _k, _ch in enumerate(_row):
        _n = {_row[x] for x in (_k - 1, _k + 1) if 0 <= x < len(_row)}
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < 3:
                _n.update(_KEYS[_other][x] for x in (_k - 1, _k) if 0 <= x < len(_KEYS[_other]))
        _NEAR[_ch] = "".join(sorted(_n))


def latin_typo(rng: random.Random, text: str) -> str:
    """One slip in a Latin name: a neighbouring key, a letter dropped, doubled,
    or two swapped (not the first letter: people rarely get that wrong)."""
    letters = [k for k, c in enumerate(text) if c.isalpha()]
    if len(letters) < 3:
        return text
    k = rng.choice(letters[1:])
    c = text[k]
    u = rng.random()
    if u < 0.35 and c.lower() in _NEAR:
        r = rng.choice(_NEAR[c.lower()])
        return text[:k] + (r.upper() if c.isupper() else r) + text[k + 1 :]
    if u < 0.6:
        return text[:k] + text[k + 1 :]
    if u < 0.8:
        return text[:k] + c + text[k:]
    if k + 1 < len(text) and text[k + 1].isalpha():
        return text[:k] + text[k + 1] + c + text[k + 2 :]
    return text[:k] + text[k + 1 :]


# ------------------------------------------------------------ digits and calendars

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_LEAP_33 = frozenset((1, 5, 9, 13, 17, 22, 26, 30))
_NOWRUZ_1300 = dt.date(1921, 3, 21)


def sh_leap(year: int) -> bool:
    return year % 33 in _LEAP_33


def _nowruz(year: int) -> dt.date:
    days = sum(366 if sh_leap(y) else 365 for y in range(1300, year))
    return _NOWRUZ_1300 + dt.timedelta(days=days)


def to_solar_hijri(day: dt.date) -> tuple[int, int, int]:
    """(year, month, day) in the Solar Hijri calendar (years 1300-1420)."""
    year = day.year - 621
    if day < _nowruz(year):
        year -= 1
    offset = (day - _nowruz(year)).days
    month = 1
    for length in (31,) * 6 + (30,) * 5:
        if offset < length:
            break
        offset -= length
        month += 1
    return year, month, offset + 1


def digits(rng: random.Random, text: str, persian_weight: float, arabic_weight: float) -> str:
    u = rng.random()
    if u < persian_weight:
        return text.translate(PERSIAN_DIGITS)
    if u < persian_weight + arabic_weight:
        return text.translate(ARABIC_DIGITS)
    return text


def zipf_weights(n: int, s: float = 0.9) -> Sequence[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]
