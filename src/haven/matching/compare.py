"""Field comparisons: a record is turned into a compact ``Profile`` once, and two
profiles are compared field by field into outcome levels."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from .dates import is_sh_year, sh_to_gregorian, year_range
from .dates import parse as parse_birth
from .normalise import (
    fold,
    is_latin,
    latin_key,
    latin_key_alt,
    latin_key_readings,
    name_tokens,
    vowel_key,
)
from .records import Record

# Outcome levels per field kind, strongest agreement first.  "missing" is
# implicit (no weight) and not listed.
NAME_LEVELS = ("exact", "strong", "similar", "weak", "different")
BIRTH_LEVELS = (
    "exact",
    "day_month_swapped",
    "one_typo",
    "same_year",
    "year",
    "year_within_1",
    "year_within_2",
    "year_within_5",
    "different",
)
SEX_LEVELS = ("same", "different")
VALUE_LEVELS = ("exact", "similar", "different")

CORE_FIELDS = ("given_name", "family_name", "birth", "sex", "place", "identifier")


def levels_for(field: str) -> tuple[str, ...]:
    if field in ("given_name", "family_name"):
        return NAME_LEVELS
    if field == "birth":
        return BIRTH_LEVELS
    if field == "sex":
        return SEX_LEVELS
    return VALUE_LEVELS


class Token(NamedTuple):
    fold: str
    key: str  # latin long-vowel skeleton
    latin: bool
    vowels: str  # Latin tokens: vowel-class form
    alt: str  # Latin tokens: the other reading of single i/u


Tokens = tuple[Token, ...]
Form = tuple[Tokens, Tokens]  # (given tokens, family tokens)


class Birth(NamedTuple):
    lo: int  # earliest possible Gregorian year (0 = unknown)
    hi: int
    ymd: str  # Gregorian "YYYYMMDD" when a full (possibly invalid) date is known, else ""
    given: str = ""  # as given when it was not Gregorian ("1365/02/31 SH")


class Profile(NamedTuple):
    forms: tuple[Form, ...]
    birth: Birth | None
    sex: str
    place: Token | None
    ids: tuple[str, ...]
    extra: tuple[tuple[str, str], ...]


_TOKENS: dict[str, Token] = {}


def make_token(tok: str) -> Token:
    t = _TOKENS.get(tok)
    if t is None:
        if len(_TOKENS) > 1_000_000:
            _TOKENS.clear()
        t = Token(tok, latin_key(tok), is_latin(tok), vowel_key(tok), latin_key_alt(tok))
        _TOKENS[tok] = t
    return t


_TUPLES: dict[Tokens, Tokens] = {}


def _intern(toks: Tokens) -> Tokens:
    """One shared object per distinct token tuple: saves memory and lets the
    similarity cache below find pairs by identity."""
    t = _TUPLES.get(toks)
    if t is None:
        if len(_TUPLES) > 1_000_000:
            _TUPLES.clear()
            _TOKENS_SIM.clear()
        t = _TUPLES[toks] = toks
    return t


_TEXTS: dict[str, Tokens] = {}


def _tokens(text: str) -> Tokens:
    """Tokens of a name (cached by text: registers repeat their names)."""
    t = _TEXTS.get(text)
    if t is None:
        if len(_TEXTS) > 1_000_000:
            _TEXTS.clear()
        t = _TEXTS[text] = _intern(tuple(make_token(x) for x in name_tokens(text)))
    return t


_SEX = {"female": "f", "f": "f", "male": "m", "m": "m", "other": "o", "o": "o"}


def _ymd(d: datetime.date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _birth(rec: Record) -> Birth | None:
    if rec.birth_date is not None:
        d = rec.birth_date
        if is_sh_year(d.year):  # a Solar Hijri date in a date field
            try:
                g = sh_to_gregorian(d.year, d.month, d.day)
            except ValueError:
                return Birth(d.year + 621, d.year + 622, "", f"{d.isoformat()} SH")
            return Birth(g.year, g.year, _ymd(g), f"{d.isoformat()} SH")
        return Birth(d.year, d.year, _ymd(d))
    raw = ""
    for name, value in rec.extra:
        if name == "dob_raw":
            raw = "".join(c for c in value if c.isdigit())
            break
    if rec.birth_year is not None:
        hi = rec.birth_year_max if rec.birth_year_max is not None else rec.birth_year
        if is_sh_year(rec.birth_year):
            years = year_range(rec.birth_year, hi)
            if years is not None:
                text = str(rec.birth_year) if hi == rec.birth_year else f"{rec.birth_year}–{hi}"
                return Birth(years[0], years[1], "", f"{text} SH")
        return Birth(rec.birth_year, max(hi, rec.birth_year), raw if len(raw) == 8 else "")
    if len(raw) == 8:
        y = int(raw[:4])
        return Birth(y, y, raw) if 1000 < y < 2200 else Birth(0, 0, raw)
    if rec.birth_text:
        parsed = parse_birth(rec.birth_text)
        if parsed is not None:
            given = f"{rec.birth_text.strip()} SH" if parsed.solar_hijri else ""
            ymd = _ymd(parsed.date) if parsed.date is not None else ""
            return Birth(parsed.lo, parsed.hi, ymd, given)
    return None


def one_field(given: Tokens, family: Tokens) -> Tokens:
    """The tokens of a name typed whole into one field (given or family) with the
    other empty, when there are at least two; else ()."""
    if bool(given) == bool(family):
        return ()
    whole = given or family
    return whole if len(whole) > 1 else ()


def profile(rec: Record) -> Profile:
    """Everything the comparisons need, computed once per record."""
    forms: list[Form] = []
    given, family = _tokens(rec.given_name), _tokens(rec.family_name)
    if given or family:
        forms.append((given, family))
    whole = one_field(given, family)
    if whole:  # a whole name typed into one field: also read as "given ... family"
        forms.append((_intern(whole[:-1]), _intern(whole[-1:])))
        if len(whole) > 2:  # ... and as "family given ..." (two given names: the
            # swapped comparison of the reading above does not split them right)
            forms.append((_intern(whole[1:]), _intern(whole[:1])))
    for other in rec.other_names:
        toks = _tokens(other)
        if len(toks) > 1:
            forms.append((_intern(toks[:-1]), _intern(toks[-1:])))
        elif toks:
            forms.append((toks, ()))
    place = None
    if rec.place_of_origin:
        folded = fold(rec.place_of_origin)
        if folded:
            place = make_token(folded.replace(" ", ""))
    ids = tuple(
        sorted({"".join(c for c in i.upper() if c.isalnum()) for i in rec.identifiers} - {""})
    )
    extra = tuple(sorted((k, fold(v)) for k, v in rec.extra if k != "dob_raw" and v.strip() != ""))
    return Profile(tuple(forms), _birth(rec), _SEX.get(rec.sex.lower(), ""), place, ids, extra)


# --- names ---------------------------------------------------------------


_SIM_CACHE: dict[tuple[str, str], float] = {}
SAME_KEY = 0.99  # two spellings of one name: agreement as good as identical
EXACT_MIN = 0.985  # name similarity counted as "exact"


def token_similarity(a: Token, b: Token) -> float:
    """1.0 identical; 0.99 same romanisation key (``SAME_KEY``: the same name in
    another spelling or script, "exact" agreement); else string similarity
    (cached: names repeat, so most pairs of tokens have been seen before)."""
    af, bf = a.fold, b.fold
    if af == bf:
        return 1.0
    if a.key == b.key and a.key:
        return GENDER_SIM if gendered(a, b) else SAME_KEY
    ck = (af, bf) if af < bf else (bf, af)
    s = _SIM_CACHE.get(ck)
    if s is None:
        if len(_SIM_CACHE) > 2_000_000:
            _SIM_CACHE.clear()
        s = _SIM_CACHE[ck] = _token_similarity(a, b)
    return s


GENDER_SIM = 0.85  # a man's name and the woman's made from it: Karim ~ Karima is "similar"


def name_ending(t: Token) -> int:
    """How a Latin token ends: 1 in -a, -ah or -eh (Karima, Hamideh, and
    Fatima, Abdullah), 2 in another consonant (Karim, Hamid), 0 in another
    vowel or not Latin."""
    f = t.fold
    if not t.latin or not f:
        return 0
    if f.endswith(("a", "ah", "eh")):
        return 1
    return 0 if f[-1] in "aeiouy" else 2


def gendered(a: Token, b: Token) -> bool:
    """A Latin name ending in a consonant and the same letters with -a, -ah or
    -eh added: a man's name and the woman's made from it (Karim, Karima; Arben,
    Arbena; Hamid, Hamideh), two names, though their key is one (it drops the
    ending, which stands for the silent final ه of Fatemeh = فاطمه)."""
    if {name_ending(a), name_ending(b)} != {1, 2}:
        return False
    x, y = (a.fold, b.fold) if len(a.fold) < len(b.fold) else (b.fold, a.fold)
    return len(x) >= 3 and y.startswith(x) and y[len(x) :] in ("a", "ah", "eh")


ARTICLE_SIM = 0.95  # the Arabic article written or left out: al-Jubouri = Jubouri
SHORT_SIM = 0.9  # a common short form: Mamad = Mohammad
SUFFIX_CAP = 0.85  # one root, two family names: Hosseini ~ Hosseinzadeh is "similar"
_FAMILY_SUFFIX = re.compile(
    r"(?<=[a-z]{3})(zadeh|[zs]ai|[zs]ay|[zs]ei|[zs]ey|pour|nejad|nezhad|nejhad|neschad)$"
)
_SUFFIX_SPELLING = {"nezhad": "nejad", "nejhad": "nejad", "neschad": "nejad"}  # and zai


def family_suffix(t: Token) -> str:
    """The family-name suffix of a Latin token (-zadeh, -zai, -pour, -nejad, in one
    spelling each), or "": a name with another suffix, or none, is another family of
    the same root (Hosseini, Hosseinzadeh, Hosseinpour; Ahmadi, Ahmadzai), however
    close the letters."""
    m = _FAMILY_SUFFIX.search(t.fold) if t.latin else None
    if m is None:
        return ""
    x = m.group(1)
    return "zai" if len(x) == 3 else _SUFFIX_SPELLING.get(x, x)  # German s for z: Ahmadsai


def article_free(t: Token) -> str:
    """The Latin key without a leading Arabic article (al-, el-, ال), when the
    token has one and at least four consonants follow it; else ""."""
    f = t.fold
    if len(t.key) >= 5 and t.key[0] == "l" and f.startswith(("al", "el", "ال")):
        return t.key[1:]
    return ""


def expand_short(key: str) -> str:
    """The Latin key of the full form of a short one (Mamad, Mammad, ممد =
    Mohammad; Mamadreza = Mohammadreza); "" when ``key`` is none."""
    return "mhmd" + key[3:] if key.startswith("mmd") and not key.startswith("mmdh") else ""


def _token_similarity(a: Token, b: Token) -> float:
    s = _string_similarity(a, b)
    art_a, art_b = article_free(a), article_free(b)
    if (art_a and art_a == b.key) or (art_b and art_b == a.key):
        s = max(s, ARTICLE_SIM)
    short_a, short_b = expand_short(a.key), expand_short(b.key)
    if (short_a and short_a == b.key) or (short_b and short_b == a.key):
        s = max(s, SHORT_SIM)
    return s


def _string_similarity(a: Token, b: Token) -> float:
    if a.latin and b.latin and a.key and b.key and (a.alt == b.key or a.key == b.alt):
        # the other reading of single i/u: Musavi = Moussavy, Fatima = Fatemeh
        return GENDER_SIM if gendered(a, b) else SAME_KEY
    s = Levenshtein.normalized_similarity(a.key, b.key)
    if a.latin != b.latin:  # across scripts: either reading of the Latin side
        if a.alt == b.alt:
            return SAME_KEY
        s = max(s, Levenshtein.normalized_similarity(a.alt, b.alt))
    s *= 0.95
    if a.latin and b.latin:
        j = max(JaroWinkler.similarity(a.fold, b.fold), JaroWinkler.similarity(a.vowels, b.vowels))
        if j > s:
            s = j
        if s > SUFFIX_CAP and family_suffix(a) != family_suffix(b):
            s = SUFFIX_CAP
    return s


_JOINED: dict[Tokens, Token] = {}


def _joined(toks: Tokens) -> Token:
    t = _JOINED.get(toks)
    if t is None:
        if len(_JOINED) > 1_000_000:
            _JOINED.clear()
        t = _JOINED[toks] = _join(toks)
    return t


def joined_key(toks: Tokens) -> str:
    """The Latin key of a name's tokens joined (cached)."""
    return _joined(toks).key


def _join(toks: Tokens) -> Token:
    return Token(
        "".join(t.fold for t in toks),
        "".join(t.key for t in toks),
        all(t.latin for t in toks),
        "".join(t.vowels for t in toks),
        "".join(t.alt for t in toks),
    )


def _greedy_sims(
    a: Tokens, b: Tokens, sim: Callable[[Token, Token], float] = token_similarity
) -> list[float]:
    """Each token of ``a`` greedily matched to an unused token of ``b``."""
    used: set[int] = set()
    out: list[float] = []
    for ta in a:
        best, best_j = 0.0, -1
        for j, tb in enumerate(b):
            if j not in used:
                s = sim(ta, tb)
                if s > best:
                    best, best_j = s, j
        used.add(best_j)
        out.append(best)
    return out


def _greedy(a: Tokens, b: Tokens) -> float:
    return sum(_greedy_sims(a, b)) / len(a)


_TOKENS_SIM: dict[tuple[Tokens, Tokens], float] = {}


def tokens_similarity(a: Tokens, b: Tokens) -> float:
    """Order-free token-wise similarity (symmetric); compounds are compared
    joined as well ("Ali Reza" = "Alireza"); a missing middle name costs 5%."""
    if len(a) == 1 and len(b) == 1:
        return token_similarity(a[0], b[0])
    key = (a, b) if id(a) < id(b) else (b, a)
    s = _TOKENS_SIM.get(key)
    if s is None:
        if len(_TOKENS_SIM) > 2_000_000:
            _TOKENS_SIM.clear()
        s = _TOKENS_SIM[key] = _tokens_similarity(a, b)
    return s


def _tokens_similarity(a: Tokens, b: Tokens) -> float:
    if len(a) > len(b):
        a, b = b, a
    score = _greedy(a, b)
    if len(a) == len(b):
        score = max(score, _greedy(b, a))
    else:
        score *= 0.95
    if score < 1.0:
        joined = token_similarity(_joined(a), _joined(b))
        if joined > score:
            score = joined
    return score


def name_level(s: float) -> int:
    if s >= EXACT_MIN:
        return 0
    if s >= 0.9:
        return 1
    if s >= 0.8:
        return 2
    if s >= 0.65:
        return 3
    return 4


# --- names, search reading ------------------------------------------------
#
# ``Index.search`` ranks a few hundred candidates per enquiry, so it can afford
# readings the batch path (vector.py, which must give the same levels as
# ``compare``) does not compute: they are used through ``compare(..., sim=
# search_tokens_similarity)`` by the index only.

SKELETON_SIM = 0.95  # across scripts, same consonant skeleton without v/y
PERSIAN_TYPO_SIM = 0.9  # two Persian spellings one edit apart ...
PERSIAN_TYPO_MIN = 4  # ... of at least so many letters


_DOUBLES = re.compile(r"(.)\1+")
_VY = str.maketrans({"v": "", "y": ""})
_VYH = str.maketrans({"v": "", "y": "", "h": ""})
_K = str.maketrans({"G": "k", "g": "k"})


_SKELETONS: dict[tuple[str, str], set[str]] = {}


def _skeletons(token: Token) -> set[str]:
    """A token's Latin keys (both readings) without their inner v/y, and also
    without inner h and with g/gh/q/k as one: و/ی/ه written or not, ق/غ/گ
    romanised k or g (Yusuf = یوسف, Mashad = مشهد, Askari = عسگری, Bagdad =
    بغداد).  Only skeletons of three letters or more: shorter ones say little.
    Used by the search readings and by ``place_similarity`` (both paths)."""
    ck = (token.key, token.alt)
    out = _SKELETONS.get(ck)
    if out is not None:
        return out
    if len(_SKELETONS) > 1_000_000:
        _SKELETONS.clear()
    out = _SKELETONS[ck] = set()
    for key in {token.key, token.alt}:
        if len(key) < 3:
            continue
        inner = key[1:-1]
        for sk in (
            key[0] + inner.translate(_VY) + key[-1],
            (key[0] + inner.translate(_VYH) + key[-1]).translate(_K),
        ):
            sk = _DOUBLES.sub(r"\1", sk)
            if len(sk) >= 3:
                out.add(sk)
    return out


_SEARCH_SIM: dict[tuple[str, str], float] = {}


def search_token_similarity(a: Token, b: Token) -> float:
    """``token_similarity``, plus across scripts: either reading of one side
    the same as either reading of the other (Kubra = کبری) is "exact", the same
    consonant skeleton (``_skeletons``: Dariusch = داریوش, Yusuf = یوسف) is
    "strong"; two Latin spellings with g for gh or q (Asgar = Asghar = Asqar)
    are "strong"; and two Persian-script spellings one typo apart (a letter
    dropped, added, changed or two swapped: مصطف = مصطفی) are "strong" when
    both have four letters or more (حسن and حسین are two names)."""
    s = token_similarity(a, b)
    if s >= SKELETON_SIM:
        return s
    ck = (a.fold, b.fold) if a.fold < b.fold else (b.fold, a.fold)
    r = _SEARCH_SIM.get(ck)
    if r is None:
        if len(_SEARCH_SIM) > 1_000_000:
            _SEARCH_SIM.clear()
        if _further_reading(a, b) or _further_reading(b, a):
            r = SKELETON_SIM
        elif a.latin and b.latin:
            r = SKELETON_SIM if a.key.translate(_K) == b.key.translate(_K) else s
        elif a.latin == b.latin:
            typo = (
                min(len(a.fold), len(b.fold)) >= PERSIAN_TYPO_MIN
                and OSA.distance(a.fold, b.fold, score_cutoff=1) <= 1
            )
            r = max(s, PERSIAN_TYPO_SIM) if typo else s
        elif a.key in (b.key, b.alt) or a.alt in (b.key, b.alt):
            r = SAME_KEY
        elif _skeletons(a) & _skeletons(b):
            r = SKELETON_SIM
        elif _one_typo_across(a, b):
            r = max(s, PERSIAN_TYPO_SIM)
        else:
            r = s
        _SEARCH_SIM[ck] = r
    return r


def _one_typo_across(a: Token, b: Token) -> bool:
    """Across scripts, a reading of one side one typo from a reading of the other
    (a letter dropped, added, changed or two swapped: مریمو = Maryam, Mohammafi =
    محمدی), both keys of four consonants or more -- as two Persian spellings."""
    if min(len(a.key), len(b.key)) < PERSIAN_TYPO_MIN:
        return False
    return any(
        OSA.distance(x, y, score_cutoff=1) <= 1
        for x in {a.key, a.alt}
        for y in {b.key, b.alt}
        if x and y
    )


def _further_reading(a: Token, b: Token) -> bool:
    """A further reading of Latin ``a`` (German ch, Dari e:
    ``latin_key_readings``) is a reading of ``b``."""
    if not a.latin:
        return False
    readings = latin_key_readings(a.fold)
    return bool(readings) and (b.key in readings or b.alt in readings)


PRESENT_MIN = 0.8  # a token at least this similar counts as present, misspelt
PRESENT_CAP = 0.984  # the present-but-misspelt reading never reaches "exact"


def _search_plain(a: Tokens, b: Tokens) -> float:
    if len(a) > len(b):
        a, b = b, a
    sims = _greedy_sims(a, b, search_token_similarity)
    score = sum(sims) / len(sims)
    if len(a) == len(b):
        other = _greedy_sims(b, a, search_token_similarity)
        if sum(other) > sum(sims):
            sims, score = other, sum(other) / len(other)
        if len(sims) >= 2:
            # a name present but misspelt must not score below a name missing
            # (which costs 5%): drop the weakest token, credit it a little
            low = min(sims)
            if low >= PRESENT_MIN:
                rest = (sum(sims) - low) / (len(sims) - 1)
                score = max(score, min(0.95 * rest + 0.03 * low, PRESENT_CAP))
    else:
        score *= 0.95
    if score < 1.0:
        joined = search_token_similarity(_joined(a), _joined(b))
        if joined > score:
            score = joined
    return score


def _adjacent_joins(toks: Tokens) -> list[Tokens]:
    """``toks`` with two neighbouring tokens joined ("Hamid Reza X" -> "Hamidreza X")."""
    return [
        _intern((*toks[:i], _joined(toks[i : i + 2]), *toks[i + 2 :])) for i in range(len(toks) - 1)
    ]


_SEARCH_TOKENS: dict[tuple[Tokens, Tokens], float] = {}


def search_tokens_similarity(a: Tokens, b: Tokens) -> float:
    """``tokens_similarity`` with the search-only readings: cross-script
    skeletons (``search_token_similarity``), a misspelt token scoring at
    least as a missing one, and two adjacent tokens joined on either side
    ("Hamid Reza" = "Hamidreza Abdolreza").  Symmetric; never below
    ``tokens_similarity``."""
    key = (a, b) if id(a) < id(b) else (b, a)
    s = _SEARCH_TOKENS.get(key)
    if s is None:
        if len(_SEARCH_TOKENS) > 1_000_000:
            _SEARCH_TOKENS.clear()
        s = max(tokens_similarity(a, b), _search_plain(a, b))
        if s < 0.95 and len(a) + len(b) >= 3:
            for ja in _adjacent_joins(a):
                s = max(s, _search_plain(ja, b))
            for jb in _adjacent_joins(b):
                s = max(s, _search_plain(a, jb))
        _SEARCH_TOKENS[key] = s
    return s


NameSim = Callable[[Tokens, Tokens], float]


def compare_names(
    a: Profile, b: Profile, sim: NameSim = tokens_similarity
) -> tuple[float, float, Form | None, Form | None]:
    """Best given/family similarity over all name forms and both name orders.

    Returns (given_sim, family_sim, form_a, form_b); a similarity of -1 means
    the part is missing on one side.  ``sim`` compares two token tuples
    (``search_tokens_similarity`` for the index's richer reading)."""
    best: tuple[float, float, Form | None, Form | None] = (-1.0, -1.0, None, None)
    best_key = (-9.0, -9.0, -9.0)
    for fa in a.forms:
        ga, sa = fa
        for fb in b.forms:
            gb, sb = fb
            g = sim(ga, gb) if ga and gb else -1.0
            f = sim(sa, sb) if sa and sb else -1.0
            key = (g + f, f, g)
            if key > best_key:
                best_key, best = key, (g, f, fa, fb)
            if g + f < 1.8:  # the names may be in the other order
                x = sim(ga, sb) if ga and sb else -1.0
                y = sim(sa, gb) if sa and gb else -1.0
                g2, f2 = min(x, y), max(x, y)  # symmetric in a and b
                key = (g2 + f2 - 0.05, f2, g2)
                if key > best_key:
                    best_key, best = key, (g2, f2, fa, fb)
    return best


# --- dates, values -------------------------------------------------------


def birth_level(a: Birth, b: Birth) -> int:
    if a.ymd and b.ymd:
        if a.ymd == b.ymd:
            return 0
        if a.ymd[:4] == b.ymd[:4] and a.ymd[4:6] == b.ymd[6:8] and a.ymd[6:8] == b.ymd[4:6]:
            return 1
        if OSA.distance(a.ymd, b.ymd, score_cutoff=1) <= 1:
            return 2
        if a.lo and a.lo == b.lo:
            return 3
    if not a.lo or not b.lo:
        return 8
    gap = max(a.lo - b.hi, b.lo - a.hi, 0)
    if gap == 0:
        return 3 if (a.ymd and b.ymd) else 4
    if gap <= 1:
        return 5
    if gap <= 2:
        return 6
    if gap <= 5:
        return 7
    return 8


def value_level(a: str, b: str) -> int:
    if a == b:
        return 0
    if JaroWinkler.similarity(a, b) >= 0.88 or OSA.distance(a, b, score_cutoff=1) <= 1:
        return 1
    return 2


def _group(field: str) -> str:
    """Fields named like ``address_1``, ``address_2`` form a group whose values
    are compared order-free (a value entered in the other line still agrees)."""
    return field.rstrip("0123456789").rstrip("_ ")


def _extra_levels(
    ax: tuple[tuple[str, str], ...], bx: tuple[tuple[str, str], ...]
) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    if len(ax) == len(bx) and all(x[0] == y[0] for x, y in zip(ax, bx, strict=True)):
        pairs = [(k, v, w) for (k, v), (_, w) in zip(ax, bx, strict=True)]
    else:
        bd = dict(bx)
        pairs = [(k, v, bd[k]) for k, v in ax if k in bd]
    for k, v, w in pairs:
        if v == w:
            out.append((k, 0))
            continue
        lvl = value_level(v, w)
        if lvl and k[-1].isdigit():  # symmetric: either side's value in the other line
            g = _group(k)
            for k2, w2 in bx:
                if k2 != k and k2[-1].isdigit() and _group(k2) == g:
                    lvl = min(lvl, value_level(v, w2))
            for k2, v2 in ax:
                if k2 != k and k2[-1].isdigit() and _group(k2) == g:
                    lvl = min(lvl, value_level(v2, w))
        out.append((k, lvl))
    return out


def ids_level(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    best = 2
    for x in a:
        for y in b:
            if x == y:
                return 0
            if OSA.normalized_similarity(x, y) >= 0.8:
                best = 1
    return best


_PLACE_SIM: dict[tuple[Token, Token], float] = {}


def place_similarity(a: Token, b: Token) -> float:
    """The same key, or the same consonant skeleton (Mashhad = Mashad = مشهد,
    Urmia = ارومیه), is the same place; string similarity alone is at most
    "similar": Jaro-Winkler's prefix bonus would make Kerman = Kermanshah."""
    s = token_similarity(a, b)
    if s >= EXACT_MIN:
        return s
    ck = (a, b) if a.fold < b.fold else (b, a)
    r = _PLACE_SIM.get(ck)
    if r is None:
        if len(_PLACE_SIM) > 100_000:
            _PLACE_SIM.clear()
        r = _PLACE_SIM[ck] = SKELETON_SIM if _skeletons(a) & _skeletons(b) else min(s, 0.9)
    return r


def place_level(a: Token, b: Token) -> int:
    s = place_similarity(a, b)
    return 0 if s >= SKELETON_SIM else 1 if s >= 0.85 else 2


Levels = Sequence[tuple[str, int]]


def compare(a: Profile, b: Profile, sim: NameSim = tokens_similarity) -> list[tuple[str, int]]:
    """Outcome level per field present on both sides (missing fields omitted)."""
    return compare_scored(a, b, sim)[0]


def compare_scored(
    a: Profile, b: Profile, sim: NameSim = tokens_similarity
) -> tuple[list[tuple[str, int]], float]:
    """``compare`` and the sum of the name similarities (ties in rank are
    broken by it: two candidates at the same levels, the closer name first)."""
    out: list[tuple[str, int]] = []
    g, f, _, _ = compare_names(a, b, sim)
    if g >= 0:
        out.append(("given_name", name_level(g)))
    if f >= 0:
        out.append(("family_name", name_level(f)))
    if a.birth is not None and b.birth is not None:
        out.append(("birth", birth_level(a.birth, b.birth)))
    if a.sex and b.sex and a.sex != "o" and b.sex != "o":
        out.append(("sex", 0 if a.sex == b.sex else 1))
    if a.place is not None and b.place is not None:
        out.append(("place", place_level(a.place, b.place)))
    if a.ids and b.ids:
        out.append(("identifier", ids_level(a.ids, b.ids)))
    if a.extra and b.extra:
        out.extend(_extra_levels(a.extra, b.extra))
    return out, max(g, 0.0) + max(f, 0.0)


def form_text(form: Form | None) -> str:
    if form is None:
        return ""
    return " ".join(t.fold for t in form[0] + form[1])


def birth_text(b: Birth | None) -> str:
    if b is None:
        return "?"
    if b.given:
        return f"{b.given} = {_gregorian_text(b)}"
    return _gregorian_text(b)


def _gregorian_text(b: Birth) -> str:
    if b.ymd:
        y, m, d = b.ymd[:4], b.ymd[4:6], b.ymd[6:8]
        try:
            return datetime.date(int(y), int(m), int(d)).isoformat()
        except ValueError:
            return f"{y}-{m}-{d}"
    return str(b.lo) if b.lo == b.hi else f"{b.lo}–{b.hi}"
