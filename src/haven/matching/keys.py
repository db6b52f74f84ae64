"""Blocking keys.  A record is stored under a handful of keys; a query looks up
the same keys with its birth year widened (± ``YEAR_TOLERANCE``) and its day and
month swapped, so spelling, script, date and typo differences each leave at
least one key in common for true matches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .compare import Form, Profile, Token
from .normalise import latin_key_readings, phonetic, skeleton

YEAR_TOLERANCE = 2
MAX_YEARS = 11


def _form_parts(form: Form) -> tuple[set[str], str]:
    given, family = form
    g: set[str] = set()
    if given:
        for t in given[:2]:
            sk = skeleton(t.key)
            if sk:
                g.add(sk)
        if len(given) > 1:
            sk = skeleton("".join(t.key for t in given))
            if sk:
                g.add(sk)
    fam = skeleton("".join(t.key for t in family)) if family else ""
    return g, fam


def _years(p: Profile, widen: int) -> range:
    b = p.birth
    if b is None or not b.lo:
        return range(0)
    lo, hi = b.lo - widen, b.hi + widen
    if hi - lo + 1 > MAX_YEARS:
        mid = (lo + hi) // 2
        lo, hi = mid - MAX_YEARS // 2, mid + MAX_YEARS // 2
    return range(lo, hi + 1)


def _keys(p: Profile, *, query: bool, years: Sequence[int | str] | None = None) -> Iterator[str]:
    if years is None:
        years = _years(p, YEAR_TOLERANCE if query else 0)
    seen_parts: set[tuple[tuple[str, ...], str]] = set()
    for form in p.forms:
        gs, fam = _form_parts(form)
        sig = (tuple(sorted(gs)), fam)
        if sig in seen_parts:
            continue
        seen_parts.add(sig)
        for g in gs:
            if fam:
                a, b = (g, fam) if g <= fam else (fam, g)
                yield f"n{a}|{b}"
                for y in years:
                    yield f"gy{g}|{y}"
                    yield f"ny{a}|{b}|{y}"
            else:
                # a given name alone: also by year, as a family name alone is
                # (an enquiry "Zarmina, 1991" meets "Zarmina Zabihollah")
                yield f"n1{g}"
                for y in years:
                    yield f"gy{g}|{y}"
        if fam:
            for y in years:
                yield f"fy{fam}|{y}"
            if not gs:
                yield f"n1{fam}"
        if gs and fam:
            g0 = min(gs)
            a, b = sorted((phonetic(g0), phonetic(fam)))
            yield f"q{a}|{b}"
    for ident in p.ids:
        yield f"i{ident}"
    birth = p.birth
    if birth is not None and birth.ymd:
        ymd = birth.ymd
        yield f"d{ymd}"
        if query:
            yield f"d{ymd[:4]}{ymd[6:8]}{ymd[4:6]}"
    extra = p.extra
    if extra:
        # pairs of other fields (street number + street, suburb + postcode, ...)
        for n, (k1, v1) in enumerate(extra):
            for k2, v2 in extra[n + 1 :]:
                yield f"x{k1}={v1}|{k2}={v2}"
        if p.forms:
            _, fam = _form_parts(p.forms[0])
            if fam:
                for k, v in extra:
                    yield f"xf{k}={v}|{fam[:2]}"


def record_keys(p: Profile) -> set[int]:
    """Hashed keys a record is stored under."""
    return {hash(k) for k in _keys(p, query=False)}


def query_keys(p: Profile) -> set[int]:
    """Hashed keys a query looks up."""
    return {hash(k) for k in _keys(p, query=True)}


# --- index-only keys ---------------------------------------------------------
#
# ``Index`` adds the keys below to ``record_keys``; the batch modes do not use
# them.
#
# * Partial keys: a query whose other name part has a typo still shares a small
#   block with the right person: one name part whole, the first or last two
#   consonants of the other part, and the birth year ("Majeed Kaizmizn" 1969
#   meets "Majid Kazemi" 1969 under ``t|mjd|kz|1969`` instead of only in the
#   1969 "Majid" block).  Which part is whole is not recorded, so a query with
#   the names swapped and a typo meets the record too.
# * Year-free partial keys: the partial keys once more without a year, which a
#   query without any birth information looks up (a misspelt name and no birth:
#   "Eloba Hoxha" meets "Elona Hoxha" under ``t|hxh|ln|*``), and with the
#   first and last consonant of the other part too ("Kutjim Ylli" meets
#   "Kujtim Ylli" under ``t|yl|k.m|*``); and, where a place is known, the first
#   consonants of both name parts with the place (``ip…``: a slip in each part).
# * Unknown-year keys: a record without any birth year is stored under the
#   year-bearing keys with the year "?", and every query looks those up, so
#   such a record shares as many (small) blocks with a query as a record of
#   the right year does, instead of only the large name-only blocks.

NEAR_YEAR = 1.0  # key weight factor when the year is in the query's own range
FAR_YEAR = 0.6  # ... when it is only within the widened range
UNKNOWN_YEAR = 0.6  # ... and when the record's year is unknown
ANY_YEAR = 0.6  # ... and a query without any birth looks up the year-free ones
_UNKNOWN = ("?",)
_ANY = ("*",)


def _affixes(sk: str, *, ends: bool = False) -> set[str]:
    """The first and the last two consonants; with ``ends`` also the first and
    last together (a slip inside the name -- Kutjim for Kujtim, Haxan for Hasan
    -- keeps them)."""
    if len(sk) <= 2:
        return {sk, sk[0] + "." + sk[-1]} if ends and len(sk) == 2 else {sk}
    return {sk[:2], sk[-2:], sk[0] + "." + sk[-1]} if ends else {sk[:2], sk[-2:]}


def _partial_keys(p: Profile, years: Sequence[int | str]) -> Iterator[str]:
    """One name part whole, an affix of the other, a year (the year-free keys
    also with the first and last consonant of the other part: without a birth,
    these keys are all a misspelt name has)."""
    if not years:
        return
    ends = years is _ANY
    seen: set[tuple[tuple[str, ...], str]] = set()
    for form in p.forms:
        gs, fam = _form_parts(form)
        sig = (tuple(sorted(gs)), fam)
        if not gs or not fam or sig in seen:
            continue
        seen.add(sig)
        fam_affixes = _affixes(fam, ends=ends)
        for g in gs:
            for a in fam_affixes:
                for y in years:
                    yield f"t{g}|{a}|{y}"
            for a in _affixes(g, ends=ends):
                for y in years:
                    yield f"t{fam}|{a}|{y}"


def _initials_place_keys(p: Profile) -> Iterator[str]:
    """The first consonants of both name parts (order-free) and the place: all that a
    name with a slip in each part and no birth may still share with its record
    ("Nargea Jaafaee" of Tabriez meets "Narges Jafaree" of Tabreez)."""
    if p.place is None:
        return
    place = skeleton(p.place.key)
    if not place:
        return
    for form in p.forms:
        gs, fam = _form_parts(form)
        if fam:
            for g in gs:
                a, b = sorted((g[0], fam[0]))
                yield f"ip{a}{b}|{place}"


PART = 0.0  # ... and a name part alone: only a pool to draw the closest names from


def _part_keys(p: Profile) -> Iterator[str]:
    """Each name part alone, without year: a record a slip in the other part (and
    no shared year) leaves no other key with is still among the records of its
    given or family name, where the closest names are looked for."""
    for form in p.forms:
        gs, fam = _form_parts(form)
        for g in gs:
            yield f"p{g}"
        if fam:
            yield f"p{fam}"


def index_record_keys(p: Profile) -> set[int]:
    """Hashed keys the ``Index`` stores a record under (``record_keys`` and more)."""
    keys = record_keys(p)
    years: Sequence[int | str] = _years(p, 0) or _UNKNOWN
    keys.update(hash(k) for k in _partial_keys(p, years))
    keys.update(hash(k) for k in _partial_keys(p, _ANY))
    keys.update(hash(k) for k in _initials_place_keys(p))
    parts = list(_part_keys(p))
    keys.update(hash(k) for k in parts)
    keys.update(hash(k) for k in _slip_keys(parts))
    if years is _UNKNOWN:
        keys.update(hash(k) for k in _keys(p, query=False, years=_UNKNOWN))
    return keys


MAX_READINGS = 6  # further forms a query is looked up under, at most


def _reading_forms(p: Profile) -> tuple[Form, ...]:
    """The query's name forms with one token in a further reading
    (``_further_keys``: German ch, j and s, Dari e, ق as k), so that "Kijani
    Amir" looks up the keys of "Kiyani Amir" too; only the first form's tokens."""
    if not p.forms:
        return ()
    given, family = p.forms[0]
    out: list[Form] = []
    for side, toks in ((0, given), (1, family)):
        for i, t in enumerate(toks):
            for r in sorted(_further_keys(t)):
                alt = (*toks[:i], Token(t.fold, r, True, r, r, t.vstart), *toks[i + 1 :])
                out.append((alt, family) if side == 0 else (given, alt))
                if len(out) >= MAX_READINGS:
                    return tuple(out)
    return tuple(out)


def _further_keys(t: Token) -> set[str]:
    """A token's further readings as keys: of a Latin one, ``latin_key_readings``;
    of any, ق read as k, and of a Latin one k as ق (Tarik, Shafik = شفیق; Kasim
    = قاسم: French, Turkish and English spellings write ق k)."""
    out = set(latin_key_readings(t.fold)) if t.latin else set()
    if "G" in t.key:
        out.add(t.key.replace("G", "k"))
    elif t.latin and "k" in t.key:
        out.add(t.key.replace("k", "G"))
    out.discard(t.key)
    return out


def index_query_keys(p: Profile) -> dict[int, float]:
    """Hashed keys an ``Index`` query looks up, each with a weight factor: keys
    of a birth year only reached by widening the query's range by
    ± ``YEAR_TOLERANCE`` count ``FAR_YEAR``, keys of an unknown year
    ``UNKNOWN_YEAR``, the year-free partial keys (queries without a birth)
    ``ANY_YEAR``, all others ``NEAR_YEAR``.  The further readings of its
    Latin tokens (``_reading_forms``) are looked up as its own forms are."""
    readings = _reading_forms(p)
    if readings:
        p = p._replace(forms=p.forms + readings)
    near = _years(p, 0)
    lo, hi = (near.start, near.stop - 1) if near else (0, 9999)
    out: dict[int, float] = {}
    for k in _keys(p, query=True):
        y = _key_year(k)
        out[hash(k)] = FAR_YEAR if y and not lo <= y <= hi else NEAR_YEAR
    for k in _partial_keys(p, near):  # the query's own years only: cheaper
        out[hash(k)] = NEAR_YEAR
    if not near:
        for k in _partial_keys(p, _ANY):
            out[hash(k)] = ANY_YEAR
        for k in _initials_place_keys(p):
            out.setdefault(hash(k), ANY_YEAR)
    for k in _partial_keys(p, _UNKNOWN):
        out[hash(k)] = UNKNOWN_YEAR
    for k in _keys(p, query=True, years=_UNKNOWN):
        out.setdefault(hash(k), UNKNOWN_YEAR)
    parts = list(_part_keys(p))
    for k in (*parts, *_slip_keys(parts)):
        out.setdefault(hash(k), PART)
    return out


SLIP_MIN = 4  # name keys of at least so many letters are also looked up with one left out


def _slip_keys(parts: Iterable[str]) -> Iterator[str]:
    """Each name part key (``_part_keys``) with one letter left out (the index
    stores them for records and looks them up for queries): a letter
    added, left out or changed in every name part (Kuktim Hya for Kujtim Hysa)
    still leaves the record among the records of a name part.  Keys under
    ``SLIP_MIN`` letters have too many neighbours."""
    for k in parts:
        key = k[1:]
        if len(key) >= SLIP_MIN:
            for i in range(len(key)):
                yield f"p{key[:i]}{key[i + 1 :]}"


def _key_year(k: str) -> int:
    """The birth year a year-bearing key ends with (0 for other keys)."""
    if k[:2] in ("gy", "fy", "ny"):
        tail = k.rpartition("|")[2]
        if tail.isdigit():
            return int(tail)
    return 0
