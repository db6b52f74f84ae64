"""A record as the comparisons read it: its ``Profile`` (name forms as
tokens, birth, sex, place, identifiers, other fields), built once."""

from __future__ import annotations

import datetime
from typing import Generic, NamedTuple, TypeVar

from ..dates import is_sh_year, sh_to_gregorian, year_range
from ..dates import parse as parse_birth
from ..normalise import (
    fold,
    is_latin,
    latin_key,
    latin_key_alt,
    name_tokens,
    place_text,
    vowel_key,
)
from ..records import Record

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
    vstart: bool  # begins with a vowel (``vowel_start``)


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
K = TypeVar("K")
_VOWEL_STARTS = frozenset("aeiouاع")


def _vowel_first(f: str) -> bool:
    if f[:1] not in _VOWEL_STARTS:
        return False
    return not (f[:2] in ("ou", "oo") and f[2:3] in _VOWEL_STARTS)


def make_token(tok: str) -> Token:
    t = _TOKENS.get(tok)
    if t is None:
        if len(_TOKENS) > 1_000_000:
            _TOKENS.clear()
        t = Token(
            tok,
            latin_key(tok),
            is_latin(tok),
            vowel_key(tok),
            latin_key_alt(tok),
            _vowel_first(tok),
        )
        _TOKENS[tok] = t
    return t


class PairCache(Generic[K]):
    """A value per pair of keys (the caller orders the pair), held as a dict per
    first key: a lookup makes no key tuple, and an entry leaves no new object
    for the cyclic garbage collector to scan (the tuple keys of pairs were most
    of the objects a search left it).  Cleared past ``cap`` entries."""

    __slots__ = ("cap", "rows", "size")

    def __init__(self, cap: int) -> None:
        self.rows: dict[K, dict[K, float]] = {}
        self.size = 0
        self.cap = cap

    def get(self, x: K, y: K) -> float | None:
        row = self.rows.get(x)
        return None if row is None else row.get(y)

    def put(self, x: K, y: K, value: float) -> float:
        if self.size >= self.cap:
            self.clear()
        row = self.rows.get(x)
        if row is None:
            row = self.rows[x] = {}
        if y not in row:
            self.size += 1
        row[y] = value
        return value

    def clear(self) -> None:
        self.rows.clear()
        self.size = 0

    def __len__(self) -> int:
        return self.size


_TUPLES: dict[Tokens, Tokens] = {}
_TOKENS_SIM: PairCache[Tokens] = PairCache(2_000_000)  # names.tokens_similarity's cache


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
        text = place_text(rec.place_of_origin)
        if text:
            place = make_token(text)
    ids = tuple(
        sorted({"".join(c for c in i.upper() if c.isalnum()) for i in rec.identifiers} - {""})
    )
    extra = tuple(sorted((k, fold(v)) for k, v in rec.extra if k != "dob_raw" and v.strip() != ""))
    return Profile(tuple(forms), _birth(rec), _SEX.get(rec.sex.lower(), ""), place, ids, extra)
