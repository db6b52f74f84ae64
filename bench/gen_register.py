"""Deterministic synthetic register for the scale benchmark (importable and a CLI).

A register of N records (rows) about people from a Persian-speaking population, as a
protection register would hold them: names in Persian script or in one of several Latin
romanisations, compound given names ("Mohammad Reza" / "Mohammadreza" / "محمدرضا"),
compound family names (-zadeh, -pour, -nejad, …, joined, hyphenated or spaced),
honorifics (Seyed), typos, swapped name order, Arabic-keyboard letters (ي/ك),
approximate dates (full date, year only, year range, unknown), place of origin and sex.

About ``dup_rate`` of the people are registered twice (a few three times) under
another spelling or script, with typos and date variations; these are the known
duplicate pairs.  ``enquiries`` are queries like those an enquiry desk receives: about
people in the register ("findable"; half of them cross-script, the others another
romanisation, with typos and an approximate age) and about people who are not in it.

Name elements come from ``haven.matching.names`` when it is importable, otherwise
from the small fallback lists below.  The same seed gives the same register.

    .venv/bin/python bench/gen_register.py --n 1000000 --out bench/data/register.csv \
        --enquiries bench/data/enquiries.csv --duplicates bench/data/duplicates.csv

The CSV columns follow ``haven link`` (``id,given_name,family_name,other_names,sex,
birth_date,birth_year,place_of_origin``, ``other_names`` joined by ``|``) plus
``birth_year_max`` for year ranges; enquiries add ``expected_ids`` (``|``-joined,
empty when the person is not in the register), ``kind`` and ``ties``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

NameEntry = tuple[str, tuple[str, ...]]

# ---------------------------------------------------------------- name elements

_FALLBACK_FEMALE: tuple[NameEntry, ...] = (
    ("فاطمه", ("Fatemeh", "Fatima", "Fateme", "Fatimah")),
    ("زهرا", ("Zahra", "Zahraa")),
    ("مریم", ("Maryam", "Mariam", "Maryem")),
    ("نسرین", ("Nasrin", "Nasreen", "Nasrine")),
    ("زینب", ("Zeinab", "Zaynab", "Zainab")),
    ("معصومه", ("Masoumeh", "Masumeh", "Masoomeh")),
    ("لیلا", ("Leila", "Layla", "Leyla")),
    ("شیرین", ("Shirin", "Shireen")),
    ("نرگس", ("Narges", "Nargis")),
    ("خدیجه", ("Khadijeh", "Khadija", "Xadije")),
    ("سمیه", ("Somayeh", "Somaye", "Sumayya")),
    ("پروین", ("Parvin", "Parveen", "Parwin")),
)
_FALLBACK_MALE: tuple[NameEntry, ...] = (
    ("محمد", ("Mohammad", "Muhammad", "Mohammed", "Mohamad")),
    ("علی", ("Ali", "Aly")),
    ("حسین", ("Hossein", "Husayn", "Hosein", "Hussein")),
    ("حسن", ("Hassan", "Hasan")),
    ("رضا", ("Reza", "Riza")),
    ("مهدی", ("Mehdi", "Mahdi")),
    ("عباس", ("Abbas", "Abas")),
    ("جواد", ("Javad", "Jawad")),
    ("قاسم", ("Ghasem", "Qasem", "Qasim")),
    ("خلیل", ("Khalil", "Xalil", "Khaleel")),
    ("یوسف", ("Yousef", "Yusuf", "Yosef")),
    ("مصطفی", ("Mostafa", "Mustafa", "Moustafa")),
)
_FALLBACK_FAMILY: tuple[NameEntry, ...] = (
    ("رضایی", ("Rezaei", "Rezaie", "Rezai", "Rezaee")),
    ("محمدی", ("Mohammadi", "Mohamadi", "Muhammadi")),
    ("حسینی", ("Hosseini", "Husseini", "Hoseini")),
    ("احمدی", ("Ahmadi", "Ahmady")),
    ("کریمی", ("Karimi", "Kareemi")),
    ("موسوی", ("Mousavi", "Musavi", "Moosavi")),
    ("جعفری", ("Jafari", "Jaafari")),
    ("قاسمی", ("Ghasemi", "Qasemi", "Ghassemi")),
    ("خلیلی", ("Khalili", "Xalili")),
    ("صادقی", ("Sadeghi", "Sadeqi", "Sadegi")),
)
_FALLBACK_PLACES: tuple[NameEntry, ...] = (
    ("تهران", ("Tehran", "Teheran")),
    ("مشهد", ("Mashhad", "Mashad")),
    ("اصفهان", ("Isfahan", "Esfahan")),
    ("تبریز", ("Tabriz", "Tebriz")),
    ("شیراز", ("Shiraz", "Chiraz")),
    ("کرمان", ("Kerman", "Kirman")),
    ("یزد", ("Yazd", "Yezd")),
    ("هرات", ("Herat", "Harat")),
)

SUFFIXES: tuple[NameEntry, ...] = (  # family-name endings built on a given name
    ("زاده", ("zadeh", "zade", "zada")),
    ("پور", ("pour", "pur", "poor")),
    ("نژاد", ("nejad", "nezhad", "nejhad")),
    ("نیا", ("nia", "niya")),
    ("فر", ("far", "farr")),
    ("لو", ("lou", "lu", "loo")),
)
HONORIFIC: NameEntry = ("سید", ("Seyed", "Seyyed", "Sayed", "Sayyid"))
# first given names that people also write joined to the second: "Mohammadreza"
JOINABLE_FIRST = frozenset({"Mohammad", "Ali", "Amir", "Gholam", "Abdol", "Mir", "Abol"})

ZWNJ = "\u200c"
# Arabic-keyboard forms of Persian letters (the same name, typed on another keyboard).
ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})
PERSIAN_CONFUSABLE = {
    "ی": "ي",
    "ک": "ك",
    "ه": "ة",
    "ز": "ذ",
    "ذ": "ز",
    "س": "ص",
    "ص": "س",
    "ت": "ط",
    "ط": "ت",
    "ح": "ه",
    "ا": "آ",
    "آ": "ا",
    "ق": "غ",
    "غ": "ق",
}
PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
KEYBOARD_NEIGHBOURS = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "wa",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "xa",
}


@dataclass(frozen=True)
class NameLists:
    female: tuple[NameEntry, ...]
    male: tuple[NameEntry, ...]
    family: tuple[NameEntry, ...]
    places: tuple[NameEntry, ...]
    source: str


def name_lists() -> NameLists:
    """Haven's own name lists when the engine ships them, else the fallback above."""
    try:
        from haven.matching import names  # type: ignore[import-not-found]

        lists = NameLists(
            female=tuple(names.GIVEN_NAMES_FEMALE),
            male=tuple(names.GIVEN_NAMES_MALE),
            family=tuple(names.FAMILY_NAMES),
            places=tuple(names.PLACES),
            source="haven.matching.names",
        )
        if all((lists.female, lists.male, lists.family, lists.places)):
            return lists
    except Exception:  # not written yet, or the package does not import right now
        pass
    return NameLists(
        _FALLBACK_FEMALE, _FALLBACK_MALE, _FALLBACK_FAMILY, _FALLBACK_PLACES, "bench fallback"
    )


# ---------------------------------------------------------------- output types


class Row(NamedTuple):
    """One register record or enquiry, field for field as ``haven.matching.Record``."""

    id: str
    given_name: str
    family_name: str
    other_names: tuple[str, ...]
    sex: str
    birth_date: dt.date | None
    birth_year: int | None
    birth_year_max: int | None
    place_of_origin: str


class Enquiry(NamedTuple):
    query: Row
    expected_ids: tuple[str, ...]  # the person's records; () when not in the register
    kind: str  # "cross_script", "spelling" or "absent"
    # Other people in the register who fit the query exactly as well as the sought person
    # does (same names in Persian script, sex, birth and place as far as the query states
    # them): no engine can tell them apart, so they bound top-1 accuracy from above.
    ties: int = 0


@dataclass
class Register:
    records: list[Row]
    duplicate_pairs: list[tuple[str, str]]
    enquiries: list[Enquiry]
    names_source: str
    people: int = 0
    stats: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- people

# A person as they are: sex, given names, honorific, family-name parts, true birth date
# and place.  Parts are NameEntry tuples, so rendering a record needs no lookups.


class Person(NamedTuple):
    sex: str
    given: tuple[NameEntry, ...]  # one or two given names
    seyed: bool
    family: tuple[tuple[NameEntry, ...], ...]  # parts; a part is a name or root + suffix
    birth: dt.date
    place: NameEntry | None


def _zipf_weights(n: int, offset: float) -> list[float]:
    """Cumulative weights: common names are more common, with a long tail."""
    total = 0.0
    cumulative = []
    for rank in range(n):
        total += 1.0 / (rank + offset)
        cumulative.append(total)
    return cumulative


def _adjective(place: NameEntry) -> NameEntry:
    """A family name made from a place: تبریز → تبریزی, Tabriz → Tabrizi."""
    return (place[0] + "ی", tuple(dict.fromkeys(r + "i" for r in place[1])))


class Generator:
    """Draws people and renders records, enquiries and variants from one seeded stream."""

    def __init__(self, seed: int, lists: NameLists) -> None:
        self.rng = random.Random(seed)
        self.lists = lists
        self.female_cw = _zipf_weights(len(lists.female), 60.0)
        self.male_cw = _zipf_weights(len(lists.male), 60.0)
        self.family_cw = _zipf_weights(len(lists.family), 80.0)
        self.places_cw = _zipf_weights(len(lists.places), 5.0)
        # places whose adjective makes a family name ("Tabrizi"): consonant endings only
        self.adjectives = tuple(
            _adjective(p)
            for p in lists.places
            if " " not in p[1][0] and "-" not in p[1][0] and p[1][0][-1] not in "aeiouy"
        ) or tuple(lists.family[:1])
        self.epoch = dt.date(1940, 1, 1).toordinal()
        self.span = dt.date(2012, 12, 31).toordinal() - self.epoch

    # -- drawing a person

    def person(self) -> Person:
        r = self.rng
        choices = r.choices
        sex = "female" if r.random() < 0.5 else "male"
        pool, cw = (
            (self.lists.female, self.female_cw)
            if sex == "female"
            else (self.lists.male, self.male_cw)
        )
        given = tuple(choices(pool, cum_weights=cw, k=2 if r.random() < 0.4 else 1))
        if len(given) == 2 and given[0] == given[1]:
            given = given[:1]
        seyed = sex == "male" and r.random() < 0.05
        u = r.random()
        base = (choices(self.lists.family, cum_weights=self.family_cw)[0],)
        if u < 0.4:
            family: tuple[tuple[NameEntry, ...], ...] = (base,)
        elif u < 0.7:
            root = choices(self.lists.male, cum_weights=self.male_cw)[0]
            family = ((root, r.choice(SUFFIXES)),)
        elif u < 0.9:  # double-barrelled: "Hosseini Tabrizi"
            family = (base, (r.choice(self.adjectives),))
        else:
            family = ((r.choice(self.adjectives),),)
        birth = dt.date.fromordinal(self.epoch + int(r.random() * self.span))
        place = (
            choices(self.lists.places, cum_weights=self.places_cw)[0] if r.random() < 0.9 else None
        )
        return Person(sex, given, seyed, family, birth, place)

    # -- rendering names

    def _latin(self, entry: NameEntry, preferred: bool) -> str:
        romans = entry[1]
        if preferred and self.rng.random() < 0.6:
            return romans[0]
        return self.rng.choice(romans)

    def given_text(self, p: Person, persian: bool, preferred: bool, variant: bool) -> str:
        r = self.rng
        parts = list(p.given)
        if variant and len(parts) == 2 and r.random() < 0.2:
            parts = parts[:1]  # the second given name dropped
        joinable = len(parts) == 2 and parts[0][1][0] in JOINABLE_FIRST
        if persian:
            text = ("" if joinable and r.random() < 0.5 else " ").join(e[0] for e in parts)
            if p.seyed and (not variant or r.random() < 0.6):
                text = HONORIFIC[0] + " " + text
            return text
        words = [self._latin(e, preferred) for e in parts]
        text = " ".join(words)
        if joinable and r.random() < 0.4:
            text = words[0] + words[1].lower()  # "Mohammadreza"
        if p.seyed and (not variant or r.random() < 0.6):
            text = self._latin(HONORIFIC, preferred) + " " + text
        return text

    def family_text(self, p: Person, persian: bool, preferred: bool) -> str:
        r = self.rng
        words = []
        for part in p.family:
            if len(part) == 1:
                words.append(part[0][0] if persian else self._latin(part[0], preferred))
                continue
            root, suffix = part
            u = r.random()
            if persian:
                joiner = ZWNJ if u < 0.5 else ("" if u < 0.85 else " ")
                words.append(root[0] + joiner + suffix[0])
                continue
            a, b = self._latin(root, preferred), self._latin(suffix, preferred)
            if u < 0.7:
                words.append(a + b)
            else:
                words.append(a + ("-" if u < 0.85 else " ") + b.capitalize())
        return " ".join(words)

    def typo(self, text: str) -> str:
        """One keyboard or spelling slip: substitute, drop, double or transpose."""
        r = self.rng
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if len(letters) < 3:
            return text
        i = r.choice(letters[1:])
        c = text[i]
        op = r.random()
        persian = "\u0600" <= c <= "\u06ff"
        if op < 0.35:
            if persian:
                new = PERSIAN_CONFUSABLE.get(c) or r.choice(PERSIAN_LETTERS)
            else:
                lower = c.lower()
                new = r.choice(KEYBOARD_NEIGHBOURS.get(lower, LATIN_LETTERS))
                new = new.upper() if c.isupper() else new
            return text[:i] + new + text[i + 1 :]
        if op < 0.6:
            return text[:i] + text[i + 1 :]
        if op < 0.8:
            return text[:i] + c + text[i:]
        j = i - 1
        if not text[j].isalpha():  # transpose within a word only
            return text
        return text[:j] + text[i] + text[j] + text[i + 1 :]

    def names(
        self, p: Person, persian: bool, preferred: bool, variant: bool, typo_rate: float
    ) -> tuple[str, str]:
        r = self.rng
        given = self.given_text(p, persian, preferred, variant)
        family = self.family_text(p, persian, preferred)
        if variant:
            if r.random() < typo_rate:
                if r.random() < 0.5:
                    given = self.typo(given)
                else:
                    family = self.typo(family)
                if r.random() < 0.15:
                    family = self.typo(family)
            if persian and r.random() < 0.2:
                given, family = given.translate(ARABIC_FORMS), family.translate(ARABIC_FORMS)
            if not persian and r.random() < 0.05:
                given, family = given.upper(), family.upper()
        return given, family

    # -- rendering records

    def birth(self, p: Person, variant: bool) -> tuple[dt.date | None, int | None, int | None]:
        r = self.rng
        b = p.birth
        u = r.random()
        if u < 0.75:
            date = b
            if variant:
                v = r.random()
                if v < 0.04 and b.day <= 12 and b.day != b.month:
                    date = dt.date(b.year, b.day, b.month)  # day and month swapped
                elif v < 0.10:
                    date = b + dt.timedelta(days=r.choice((-1, 1, -31, 31, -365, 365)))
            return date, None, None
        if u < 0.90:
            year = b.year + (r.choice((-1, 1)) if variant and r.random() < 0.1 else 0)
            return None, year, None
        if u < 0.96:
            width = r.choice((2, 4, 5, 10))
            start = b.year - r.randint(0, width)
            return None, start, start + width
        return None, None, None

    def place(self, p: Person, persian: bool, known: float = 0.85) -> str:
        r = self.rng
        if p.place is None or r.random() >= known:
            return ""
        if persian == (r.random() < 0.8):
            return p.place[0]
        return self._latin(p.place, True)

    def record(self, rid: str, p: Person, *, variant: bool, persian: bool | None = None) -> Row:
        r = self.rng
        if persian is None:
            persian = r.random() < 0.3
        given, family = self.names(p, persian, not variant, variant, typo_rate=0.3)
        if variant and r.random() < 0.05:
            given, family = family, given  # swapped order
        other_names: tuple[str, ...] = ()
        if r.random() < 0.2:  # an alias, usually the name in the other script
            g, f = self.names(p, not persian, True, False, 0.0)
            other_names = (f"{g} {f}",)
        sex = p.sex if r.random() < 0.95 else ""
        date, year, year_max = self.birth(p, variant)
        return Row(
            rid, given, family, other_names, sex, date, year, year_max, self.place(p, persian)
        )

    def enquiry_row(self, qid: str, p: Person, first: Row | None) -> tuple[Row, str]:
        """A query as an enquirer writes it: another spelling or script, an age, a place."""
        r = self.rng
        first_persian = first is not None and _persian(first)
        if first is not None and r.random() < 0.5:
            persian, kind = not first_persian, "cross_script"
        else:
            persian = first_persian if first is not None else r.random() < 0.4
            kind = "spelling" if first is not None else "absent"
        given, family = self.names(p, persian, False, True, typo_rate=0.25)
        if r.random() < 0.05:
            given, family = family, given
        u = r.random()
        b = p.birth
        date: dt.date | None = None
        year: int | None = None
        year_max: int | None = None
        if u < 0.25:
            date = b
        elif u < 0.55:
            year = b.year + (r.choice((-1, 1)) if r.random() < 0.2 else 0)
        elif u < 0.97:  # "about 38": an age, two years either way
            centre = b.year + r.choice((-1, 0, 1))
            year, year_max = centre - 2, centre + 2
        sex = p.sex if r.random() < 0.8 else ""
        place = self.place(p, persian, known=0.9)
        return Row(qid, given, family, (), sex, date, year, year_max, place), kind

    def record_id(self) -> str:
        return f"R{self.rng.getrandbits(64):016x}"


# ---------------------------------------------------------------- the register


def _persian(row: Row) -> bool:
    """Whether the record's own names are written in Persian script."""
    return any("\u0600" <= c <= "\u06ff" for c in row.given_name + row.family_name)


def _identity(p: Person) -> int:
    return hash((tuple(e[0] for e in p.given), tuple(tuple(e[0] for e in x) for x in p.family)))


class _People:
    """Every person drawn, packed in arrays (about 20 bytes each), to count ties."""

    def __init__(self, lists: NameLists) -> None:
        self.place_index = {entry: i for i, entry in enumerate(lists.places)}
        self.keys = array("q")
        self.births = array("i")
        self.sexes = bytearray()
        self.places = array("h")

    def add(self, p: Person) -> int:
        self.keys.append(_identity(p))
        self.births.append(p.birth.toordinal())
        self.sexes.append(p.sex == "female")
        self.places.append(-1 if p.place is None else self.place_index[p.place])
        return len(self.keys) - 1

    def ties(self, asked: list[tuple[int, Person, Row]]) -> list[int]:
        """For each (own index or -1, person, query): other people fitting the query."""
        wanted = {_identity(p) for _, p, _ in asked}
        by_key: dict[int, list[int]] = {}
        for i, key in enumerate(self.keys):
            if key in wanted:
                by_key.setdefault(key, []).append(i)
        counts = []
        for own, p, q in asked:
            count = 0
            place = -1 if not q.place_of_origin or p.place is None else self.place_index[p.place]
            for i in by_key.get(_identity(p), ()):
                if i == own or (q.sex and self.sexes[i] != (q.sex == "female")):
                    continue
                born = dt.date.fromordinal(self.births[i])
                if q.birth_date is not None and born != q.birth_date:
                    continue
                if q.birth_year is not None and not (
                    q.birth_year <= born.year <= (q.birth_year_max or q.birth_year)
                ):
                    continue
                if place >= 0 and self.places[i] not in (-1, place):
                    continue
                count += 1
            counts.append(count)
        return counts


def iter_register(
    n: int,
    *,
    seed: int = 20240601,
    dup_rate: float = 0.07,
    enquiries: int = 1000,
    absent_rate: float = 0.15,
    out: Register | None = None,
) -> Iterator[Row]:
    """Yield N register records; fill ``out`` (duplicates, enquiries) when exhausted.

    Memory stays small: besides the rows the caller keeps, the duplicate pairs, the
    reservoir of people sampled for enquiries and ~20 bytes per person to count ties.
    """
    lists = name_lists()
    gen = Generator(seed, lists)
    r = gen.rng
    everyone = _People(lists)
    findable = enquiries - round(enquiries * absent_rate)
    reservoir: list[tuple[int, Person, tuple[Row, ...]]] = []
    pairs: list[tuple[str, str]] = []
    emitted = people = cross_script = 0
    while emitted < n:
        p = gen.person()
        own = everyone.add(p)
        people += 1
        copies = 1
        if r.random() < dup_rate:
            copies = 3 if r.random() < 0.05 else 2
        copies = min(copies, n - emitted)
        rows = [gen.record(gen.record_id(), p, variant=False)]
        for _ in range(copies - 1):
            rows.append(gen.record(gen.record_id(), p, variant=True))
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                pairs.append((a.id, b.id))
                cross_script += _persian(a) != _persian(b)
        yield from rows
        emitted += copies
        # reservoir sampling of people for the findable enquiries
        if len(reservoir) < findable:
            reservoir.append((own, p, tuple(rows)))
        else:
            k = r.randrange(people)
            if k < findable:
                reservoir[k] = (own, p, tuple(rows))
    if out is None:
        return
    asked: list[tuple[int, Person, Row]] = []
    queries: list[Enquiry] = []
    for own, p, rows in reservoir:
        row, kind = gen.enquiry_row("", p, rows[0])
        asked.append((own, p, row))
        queries.append(Enquiry(row, tuple(x.id for x in rows), kind))
    for _ in range(enquiries - len(queries)):
        p = gen.person()
        row, kind = gen.enquiry_row("", p, None)
        asked.append((-1, p, row))
        queries.append(Enquiry(row, (), kind))
    queries = [q._replace(ties=t) for q, t in zip(queries, everyone.ties(asked), strict=True)]
    r.shuffle(queries)
    out.enquiries = [
        q._replace(query=q.query._replace(id=f"Q{i:05d}")) for i, q in enumerate(queries, 1)
    ]
    out.duplicate_pairs = pairs
    out.names_source = lists.source
    out.people = people
    found = [q for q in out.enquiries if q.expected_ids]
    out.stats = {
        "records": emitted,
        "people": people,
        "duplicate_pairs": len(pairs),
        "duplicate_pairs_across_scripts": cross_script,
        "enquiries": len(out.enquiries),
        "findable": len(found),
        "findable_with_ties": sum(1 for q in found if q.ties),
        "absent_fitting_someone": sum(1 for q in out.enquiries if not q.expected_ids and q.ties),
    }


def top1_ceiling(enquiries: Sequence[Enquiry]) -> float:
    """Expected top-1 accuracy of a perfect engine that breaks ties at random."""
    found = [q for q in enquiries if q.expected_ids]
    return sum(1 / (1 + q.ties) for q in found) / len(found) if found else float("nan")


def generate(n: int = 1_000_000, **options: float | int) -> Register:
    """The whole register in memory (about 0.5 GB for a million records)."""
    register = Register(records=[], duplicate_pairs=[], enquiries=[], names_source="")
    register.records = list(iter_register(n, out=register, **options))  # type: ignore[arg-type]
    return register


# ---------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_year",
    "birth_year_max",
    "place_of_origin",
)


def csv_cells(row: Row) -> list[str]:
    return [
        row.id,
        row.given_name,
        row.family_name,
        "|".join(row.other_names),
        row.sex,
        row.birth_date.isoformat() if row.birth_date else "",
        "" if row.birth_year is None else str(row.birth_year),
        "" if row.birth_year_max is None else str(row.birth_year_max),
        row.place_of_origin,
    ]


def write_csv(rows: Iterator[Row], stream: IO[str]) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(csv_cells(row))
        count += 1
    return count


def _open(path: str) -> IO[str]:
    if path == "-":
        return sys.stdout
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", encoding="utf-8", newline="")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate Haven's synthetic benchmark register.")
    parser.add_argument("--n", type=int, default=1_000_000, help="register records")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--dup-rate", type=float, default=0.07, help="people registered twice")
    parser.add_argument("--enquiries", type=int, default=1000)
    parser.add_argument("--out", default="-", help="register CSV ('-' = stdout)")
    parser.add_argument("--enquiries-out", "--enquiries-csv", dest="enquiries_out")
    parser.add_argument("--duplicates", help="CSV of the known duplicate pairs")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")

    started = time.perf_counter()
    register = Register(records=[], duplicate_pairs=[], enquiries=[], names_source="")
    stream = _open(args.out)
    try:
        rows = iter_register(
            args.n,
            seed=args.seed,
            dup_rate=args.dup_rate,
            enquiries=args.enquiries,
            out=register,
        )
        write_csv(rows, stream)
    finally:
        if stream is not sys.stdout:
            stream.close()
    if args.enquiries_out:
        with _open(args.enquiries_out) as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow((*CSV_COLUMNS, "expected_ids", "kind", "ties"))
            for q in register.enquiries:
                writer.writerow((*csv_cells(q.query), "|".join(q.expected_ids), q.kind, q.ties))
    if args.duplicates:
        with _open(args.duplicates) as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(("left_id", "right_id"))
            writer.writerows(register.duplicate_pairs)
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{k} {v:,}" for k, v in register.stats.items())
    ceiling = top1_ceiling(register.enquiries)
    print(
        f"{summary}; top-1 ceiling {ceiling:.3f}; names from {register.names_source}; "
        f"{seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
