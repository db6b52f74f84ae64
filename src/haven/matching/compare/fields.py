"""Two profiles compared field by field into outcome levels."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA, JaroWinkler

from ..normalise import latin_key, latin_key_alt
from .names import EXACT_MIN, NameSim, name_level, token_similarity, tokens_similarity
from .profile import Birth, Form, Profile, Token
from .search import _GIVEN_READINGS, SKELETON_SIM, _key_skeletons, _skeletons


def compare_names(
    a: Profile, b: Profile, sim: NameSim = tokens_similarity
) -> tuple[float, float, Form | None, Form | None]:
    """Best given/family similarity over all name forms and both name orders.

    Returns (given_sim, family_sim, form_a, form_b); a similarity of -1 means
    the part is missing on one side.  ``sim`` compares two token tuples
    (``search_tokens_similarity`` for the index's richer reading)."""
    g, f, fa, fb, _ = _compare_names(a, b, sim)
    return g, f, fa, fb


def _compare_names(
    a: Profile, b: Profile, sim: NameSim
) -> tuple[float, float, Form | None, Form | None, bool]:
    """``compare_names``, and whether the best reading has the names in the
    other order."""
    best: tuple[float, float, Form | None, Form | None, bool] = (-1.0, -1.0, None, None, False)
    best_key = (-9.0, -9.0, -9.0)
    gsim = _GIVEN_READINGS.get(sim, sim)
    for fa in a.forms:
        ga, sa = fa
        for fb in b.forms:
            gb, sb = fb
            g = gsim(ga, gb) if ga and gb else -1.0
            # similarities are at most 1: a family name is compared only if it
            # could lift this pair to the best or keep the names in this order
            if g + 1.0 >= best_key[0] or g + 1.0 >= _IN_ORDER:
                f = sim(sa, sb) if sa and sb else -1.0
                key = (g + f, f, g)
                if key > best_key:
                    best_key, best = key, (g, f, fa, fb, False)
                if g + f >= _IN_ORDER:
                    continue
            # the names may be in the other order; one side of each pair is a
            # given name: Mir before it a title
            x = gsim(ga, sb) if ga and sb else -1.0
            if x + 1.0 - SWAPPED < best_key[0]:
                continue  # not even with the other pair the same
            y = gsim(sa, gb) if sa and gb else -1.0
            g2, f2 = min(x, y), max(x, y)  # symmetric in a and b
            key = (g2 + f2 - SWAPPED, f2, g2)
            if key > best_key:
                best_key, best = key, (g2, f2, fa, fb, True)
    return best


_IN_ORDER = 1.8  # names this alike in the order given are not tried in the other


SWAPPED = 0.05  # names in the other order: a little less alike (ties go to the same order)


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
    Urmia = ارومیه; p as b, Nishapur = نیشابور), is the same place; string
    similarity alone is at most "similar": Jaro-Winkler's prefix bonus would
    make Kerman = Kermanshah."""
    s = token_similarity(a, b)
    if s >= EXACT_MIN:
        return s
    ck = (a, b) if a.fold < b.fold else (b, a)
    r = _PLACE_SIM.get(ck)
    if r is None:
        if len(_PLACE_SIM) > 100_000:
            _PLACE_SIM.clear()
        same = _place_skeletons(a) & _place_skeletons(b)
        r = _PLACE_SIM[ck] = SKELETON_SIM if same else min(s, 0.9)
    return r


_PB = str.maketrans({"p": "b"})
# the Arabic article, also assimilated to a sun letter (ar-Ramadi, an-Najaf)
_PLACE_ARTICLE = re.compile(r"^(?:al|el|ال|[ae](?=(sh|th|dh|[tdrzsn])\1))")
_PLACE_SKELETONS: dict[str, frozenset[str]] = {}


def _place_skeletons(t: Token) -> frozenset[str]:
    """A place's skeletons (``_skeletons``), with p as b: Arabic script has no
    پ, so a Persian place written in it, and romanised from it, has ب
    (Nishapur = نیشابور = Nishabur); and those of the place without the Arabic
    article, which places are written with or without (al-Basra = Basra =
    البصرة, an-Najaf = Najaf).  Cached."""
    out = _PLACE_SKELETONS.get(t.fold)
    if out is None:
        if len(_PLACE_SKELETONS) > 100_000:
            _PLACE_SKELETONS.clear()
        sk = set(_skeletons(t))
        m = _PLACE_ARTICLE.match(t.fold)
        if m:
            rest = t.fold[m.end() :]
            sk |= _key_skeletons(latin_key(rest), latin_key_alt(rest))
        out = _PLACE_SKELETONS[t.fold] = frozenset(x.translate(_PB) for x in sk)
    return out


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
    out, name_sim = _scored_names(a, b, sim)
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
    return out, name_sim


def _scored_names(a: Profile, b: Profile, sim: NameSim) -> tuple[list[tuple[str, int]], float]:
    """The name levels of ``compare_scored`` and its tie-break (the names'
    similarities summed, less ``SWAPPED`` for the other order)."""
    g, f, _, _, swapped = _compare_names(a, b, sim)
    out: list[tuple[str, int]] = []
    if g >= 0:
        out.append(("given_name", name_level(g)))
    if f >= 0:
        out.append(("family_name", name_level(f)))
    return out, max(g, 0.0) + max(f, 0.0) - (SWAPPED if swapped else 0.0)


def rescored_names(
    a: Profile, b: Profile, sim: NameSim, levels: list[tuple[str, int]]
) -> tuple[list[tuple[str, int]], float]:
    """``compare_scored`` with another name similarity, the other fields'
    levels taken from ``levels`` (as ``compare_scored`` gave them)."""
    out, name_sim = _scored_names(a, b, sim)
    out.extend(x for x in levels if x[0] not in _NAME_FIELDS)
    return out, name_sim


_NAME_FIELDS = frozenset(("given_name", "family_name"))


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
