"""The independent evaluation set: a register and enquiries about people from Iran,
Afghanistan, Iraq, Syria, Albania and Kosovo, written independently of
``gen_register.py``, of ``tests/matching/crossscript.py`` and of the engine.

Name elements: ``evalset_names`` (sources named there); how they are written:
``evalset_romanise`` (BGN/PCGN, UNGEGN, French, German and ad-hoc English
romanisations; Persian and Arabic script, Arabic-keyboard Persian, ZWNJ; Persian and
Arabic-Indic digits; the Solar Hijri calendar).  People come in households (a family
name, a place, siblings a few years apart), so namesakes and relatives are the
confusers they are in a real register.

Enquiries are typed as a family or another agency would type them, each with one
**case** (the breakdown ``bench/evaluate.py`` reports):

* ``one_field``: the whole name in one field (given or family), either order;
* ``title``: a title or honorific added or dropped (Haj, Seyed, Mir, Sheikh, Mullah,
  Karbalaei, Bibi, Khanum...), particles joined, split or hyphenated;
* ``typo_no_birth``: a slip in the name and no birth information at all;
* ``solar_hijri``: the birth year or date in the Solar Hijri calendar, in Persian,
  Arabic-Indic or Latin digits;
* ``other_script``: Persian/Arabic script against a Latin record, or the reverse;
* ``compound``: a compound given name split, fused or hyphenated, a part (or a
  father's name) dropped or added, a short form (Mamad);
* ``convention``: another romanisation convention than the record's (French,
  German, UN, with or without diacritics);
* ``place``: no place, or the wrong one;
* ``plain``: another spelling, nothing else;
* ``absent``: someone who is not in the register (a third of them siblings of
  someone who is).

**The split is fixed**: households alternate between two halves, each a register
with its own enquiries.  Tune on ``tune``; report on ``held`` only.

    .venv/bin/python bench/gen_eval.py --half held --out-dir bench/data/eval
    # writes register.csv, queries.csv (``haven link`` columns) and truth.csv

``latin(n)`` is a Latin-only register for batch de-duplication (Gregorian dates):
duplicate registrations with other romanisations, typos, swapped name order,
titles, partial and wrong dates.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import io
import itertools
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import evalset_names as N
import evalset_romanise as R

SEED = 20251201
POPS = ("fa", "prs", "ar", "sq")
POP_WEIGHTS = (0.40, 0.20, 0.25, 0.15)
CASES = (
    "one_field",
    "title",
    "typo_no_birth",
    "solar_hijri",
    "other_script",
    "compound",
    "convention",
    "place",
    "plain",
)
CASE_WEIGHTS = (12, 12, 12, 10, 14, 10, 10, 10, 10)
COLUMNS = (
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
Element = N.Element
Place = tuple[str, str, tuple[str, ...]]  # script (Albanian: proper name), notation, exonyms


class Pool:
    """Elements drawn with Zipf weights (the lists run from common to rare)."""

    def __init__(self, items: Sequence[object], s: float = 0.9) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(R.zipf_weights(len(self.items), s)))

    def draw(self, rng: random.Random) -> object:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def _sq(names: Sequence[str]) -> list[Element]:
    return [(n, n) for n in names]


def _by_note(pool: Sequence[Element]) -> dict[str, Element]:
    return {note: (script, note) for script, note in pool}


_POOLS: dict[tuple[str, str], Pool] = {
    ("fa", "male"): Pool(N.FA_MALE), ("fa", "female"): Pool(N.FA_FEMALE),
    ("fa", "family"): Pool(N.FA_FAMILY, 0.8), ("fa", "place"): Pool(N.FA_PLACES, 1.0),
    ("prs", "male"): Pool(N.PRS_MALE), ("prs", "female"): Pool(N.PRS_FEMALE),
    ("prs", "family"): Pool(N.PRS_FAMILY, 0.8), ("prs", "place"): Pool(N.PRS_PLACES, 1.0),
    ("ar", "male"): Pool(N.AR_MALE), ("ar", "female"): Pool(N.AR_FEMALE),
    ("ar", "family"): Pool(N.AR_FAMILY, 0.8), ("ar", "place"): Pool(N.AR_PLACES, 1.0),
    ("sq", "male"): Pool(_sq(N.SQ_MALE)), ("sq", "female"): Pool(_sq(N.SQ_FEMALE)),
    ("sq", "family"): Pool(_sq(N.SQ_FAMILY), 0.8),
    ("sq", "place"): Pool([(p, p, ex) for p, ex in N.SQ_PLACES], 1.0),
}  # fmt: skip
_COMPOUNDS: dict[tuple[str, str], Sequence[tuple[str, str]]] = {
    ("fa", "male"): N.FA_COMPOUND_MALE, ("fa", "female"): N.FA_COMPOUND_FEMALE,
    ("prs", "male"): N.PRS_COMPOUND_MALE, ("ar", "male"): N.AR_COMPOUND_MALE,
}  # fmt: skip
_ELEMENTS = {
    **{k: (v, k) for k, v in N.COMPOUND_PARTS.items()},
    **_by_note(N.FA_MALE + N.FA_FEMALE + N.PRS_MALE + N.PRS_FEMALE + N.AR_MALE),
}
_TITLES: dict[tuple[str, str], tuple[Sequence[Element], float]] = {
    ("fa", "male"): (N.FA_TITLES_MALE, 0.14), ("fa", "female"): (N.FA_TITLES_FEMALE, 0.07),
    ("prs", "male"): (N.PRS_TITLES_MALE, 0.15), ("prs", "female"): (N.PRS_TITLES_FEMALE, 0.08),
    ("ar", "male"): (N.AR_TITLES_MALE, 0.10), ("ar", "female"): (N.AR_TITLES_FEMALE, 0.05),
}  # fmt: skip
_FAMILY_SUFFIXES = ("zAde", "pUr", "nezhAd", "khAnI", "zay")
_FAMILY_PREFIXES = ("mIr", "pUr")


@dataclass(frozen=True)
class Person:
    pid: str
    pop: str
    sex: str
    given: tuple[Element, ...]  # one or two elements
    family: Element | None  # some Afghans have none
    father: Element | None  # Arabs: the father's given name, a middle name on some documents
    title: Element | None  # by lineage or pilgrimage; written on some records only
    birth: dt.date
    place: Place | None


@dataclass
class Household:
    pop: str
    family: Element | None
    place: Place | None
    base_year: int
    father: Element | None
    people: list[Person] = field(default_factory=list)


def _given(rng: random.Random, pop: str, sex: str) -> tuple[Element, ...]:
    compounds = _COMPOUNDS.get((pop, sex))
    if compounds and rng.random() < (0.3 if pop in ("fa", "prs") else 0.12):
        a, b = rng.choice(compounds)
        return (_ELEMENTS[a], _ELEMENTS[b])
    return (_POOLS[pop, sex].draw(rng),)  # type: ignore[return-value]


# family names made from a (male) given name, as most are: Hasan-i, Hasan-zadeh,
# Ahmad-zai, al-Hasani, Ahmet-i, Gjon-aj -- (script suffix, notation suffix, weight)
_DERIVED: dict[str, tuple[tuple[str, str, float], ...]] = {
    "fa": (("ی", "I", 40), ("\u200cزاده", "zAde", 20), ("\u200cپور", "pUr", 15),
           ("\u200cنژاد", "nezhAd", 8), ("\u200cنیا", "niyA", 7), ("\u200cفر", "far", 5)),
    "prs": (("زی", "zay", 45), ("ی", "I", 40), ("\u200cخیل", "khel", 15)),
    "ar": (("", "", 50), ("ي", "I", 50)),
    "sq": (("i", "i", 60), ("aj", "aj", 40)),
}  # fmt: skip


def derived_family(rng: random.Random, pop: str) -> Element:
    """A family name made from a given name and a suffix of the population."""
    script, note = _POOLS[pop, "male"].draw(rng)  # type: ignore[misc]
    suffixes = _DERIVED[pop]
    suf_script, suf_note, _ = rng.choices(suffixes, [w for *_, w in suffixes])[0]
    if pop == "sq":
        stem = note[:-1] if note[-1] in "aeiouë" else note
        name = stem + suf_note
        return (name, name)
    if " " in note:  # Abd al-Salam: the name itself
        return (script, note)
    if pop == "ar" and suf_note:
        return ("ال" + script + suf_script, "al-" + note.lstrip("'") + suf_note)
    if suf_note == "I" and (script.endswith("ه") or note.endswith(("I", "A", "e"))):
        return (script, note)  # Hadi, Reza, Kaveh: the name itself
    return (script + suf_script, note + suf_note)


def household(rng: random.Random, hid: int) -> Household:
    pop = rng.choices(POPS, POP_WEIGHTS)[0]
    family: Element | None = None
    if not (pop == "prs" and rng.random() < 0.15):
        u = rng.random()
        family = derived_family(rng, pop) if u < 0.45 else _POOLS[pop, "family"].draw(rng)  # type: ignore[assignment]
    place = _POOLS[pop, "place"].draw(rng) if rng.random() < 0.9 else None
    father = _POOLS[pop, "male"].draw(rng) if pop in ("ar", "prs") else None
    return Household(pop, family, place, rng.randrange(1940, 2008), father)  # type: ignore[arg-type]


def member(rng: random.Random, h: Household, pid: str) -> Person:
    sex = rng.choice(("female", "male"))
    taken = {p.given for p in h.people}
    given = _given(rng, h.pop, sex)
    while given in taken:  # siblings are not given the same name
        given = _given(rng, h.pop, sex)
    if h.people and rng.random() < 0.15:  # brothers named Mohammad Reza and Mohammad Ali
        first = rng.choice(h.people)
        second = _given(rng, h.pop, sex)[0]
        if first.sex == sex and len(first.given) == 2 and second != first.given[1]:
            given = (first.given[0], second)
    titles, p = _TITLES.get((h.pop, sex), ((), 0.0))
    title = rng.choice(titles) if titles and rng.random() < p else None
    year = min(h.base_year + rng.randint(-10, 10), 2012)
    birth = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return Person(pid, h.pop, sex, given, h.family, h.father, title, birth, h.place)


def households(rng: random.Random, n_people: int, prefix: str) -> list[Household]:
    out: list[Household] = []
    count = 0
    while count < n_people:
        h = household(rng, len(out))
        size = 1 if rng.random() < 0.55 else rng.randint(2, 5)
        for _ in range(min(size, n_people - count)):
            h.people.append(member(rng, h, f"{prefix}{count}"))
            count += 1
        out.append(h)
    return out


# ------------------------------------------------------------ writing a name


class Writer:
    """Romanisations of name elements, sampled once per (element, convention) and
    drawn from then on (fast enough for a million records)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.cache: dict[tuple[str, str, str], tuple[list[str], list[float]]] = {}

    def latin(self, rng: random.Random, notation: str, conv: str, pop: str) -> str:
        if pop == "sq":
            return R.albanian(rng, notation, {"bgn": "proper", "un": "proper"}.get(conv, conv))
        key = (notation, conv, pop)
        got = self.cache.get(key)
        if got is None:
            counts: dict[str, int] = {}
            for _ in range(24):
                s = R.romanise(self.rng, notation, conv, pop)
                counts[s] = counts.get(s, 0) + 1
            got = self.cache[key] = (list(counts), list(itertools.accumulate(counts.values())))
        forms, cum = got
        return forms[bisect.bisect(cum, rng.random() * cum[-1])]

    def family_latin(self, rng: random.Random, el: Element, conv: str, pop: str) -> str:
        """A family name; a compound (-zadeh, -pour, Mir-) sometimes split or hyphenated."""
        note = el[1]
        if pop in ("fa", "prs") and rng.random() < 0.25:
            for suf in _FAMILY_SUFFIXES:
                if note.endswith(suf) and len(note) > len(suf) + 2:
                    a = self.latin(rng, note[: -len(suf)], conv, pop)
                    b = self.latin(rng, suf, conv, pop)
                    return a + rng.choice(("-", " ")) + (b if rng.random() < 0.7 else b.lower())
            for pre in _FAMILY_PREFIXES:
                if note.startswith(pre) and len(note) > len(pre) + 2:
                    a = self.latin(rng, pre, conv, pop)
                    b = self.latin(rng, note[len(pre) :], conv, pop)
                    return a + rng.choice(("-", " ", "-")) + b
        return self.latin(rng, note, conv, pop)


def _script(rng: random.Random, text: str, pop: str, keyboard: bool) -> str:
    text = R.joiners(rng, text)
    if pop == "ar":
        return text.translate(R.TO_ARABIC_LETTERS)
    return R.arabic_keyboard(text) if keyboard else text


_CONV_WEIGHTS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "fa": (("english", "bgn", "un", "french", "german"), (50, 22, 8, 10, 10)),
    "prs": (("english", "bgn", "un", "french", "german"), (60, 20, 4, 8, 8)),
    "ar": (("english", "bgn", "un", "french", "german"), (50, 12, 3, 25, 10)),
    "sq": (("proper", "ascii", "english"), (55, 35, 10)),
}


def convention(rng: random.Random, pop: str, avoid: str = "") -> str:
    names, weights = _CONV_WEIGHTS[pop]
    while True:
        c = rng.choices(names, weights)[0]
        if c != avoid or len(names) == 1:
            return c


@dataclass
class Written:
    """How one record writes a person: script or convention, and its choices."""

    script: bool
    conv: str
    keyboard: bool = False  # Persian typed on an Arabic keyboard
    title: bool = False
    father: bool = False
    compound: str = "space"  # how a compound given name is written: space, joined, hyphen
    drop_part: int = -1  # a compound given name's part left out
    short: bool = False  # a short form of the first given name
    one_field: str = ""  # "given" or "family": the whole name in that field; "" not
    family_first: bool = False  # in a one-field name
    swapped: bool = False  # given and family names in each other's field
    typo: int = 0  # slips in the name
    upper: bool = False


def write_name(w: Writer, rng: random.Random, p: Person, how: Written) -> tuple[str, str]:
    """(given_name, family_name) as one record writes them."""

    def el(e: Element) -> str:
        if how.script:
            return _script(rng, e[0], p.pop, how.keyboard)
        return w.latin(rng, e[1], how.conv, p.pop)

    parts = list(p.given)
    if how.drop_part >= 0 and len(parts) > 1:
        del parts[how.drop_part]
    words = [el(e) for e in parts]
    if how.short and p.given[0][1] in N.SHORT_FORMS:
        script_form, latin_forms = rng.choice(N.SHORT_FORMS[p.given[0][1]])
        words[0] = script_form if how.script else rng.choice(latin_forms)
    if len(words) == 2:
        if how.compound == "joined":
            words = [words[0] + (words[1] if how.script else words[1].lower())]
        elif how.compound == "hyphen" and not how.script:
            words = [words[0] + "-" + words[1]]
    given = " ".join(words)
    if how.father and p.father is not None:
        given += " " + el(p.father)
    if how.title and p.title is not None:
        t = el(p.title)
        suffix = p.title in N.SUFFIX_TITLES.get(f"{p.pop}_{p.sex}", ())
        given = f"{given} {t}" if suffix else f"{t} {given}"
    family = ""
    if p.family is not None:
        family = el(p.family) if how.script else w.family_latin(rng, p.family, how.conv, p.pop)
    for _ in range(how.typo):
        if family and rng.random() < 0.5:
            family = R.script_typo(rng, family) if how.script else R.latin_typo(rng, family)
        else:
            given = R.script_typo(rng, given) if how.script else R.latin_typo(rng, given)
    if how.upper and not how.script:
        given, family = given.upper(), family.upper()
    if how.one_field and family:
        whole = f"{family} {given}" if how.family_first else f"{given} {family}"
        return (whole, "") if how.one_field == "given" else ("", whole)
    if how.swapped:
        return family, given
    return given, family


def full_name(w: Writer, rng: random.Random, p: Person, script: bool) -> str:
    how = Written(script=script, conv=convention(rng, p.pop), compound="joined")
    g, f = write_name(w, rng, p, how)
    return f"{g} {f}".strip()


# ------------------------------------------------------------ births and places


def _sh_text(rng: random.Random, day: dt.date, *, year_only: bool, digit_p: float) -> str:
    y, m, d = R.to_solar_hijri(day)
    if year_only:
        text = str(y)
    else:
        sep = rng.choice("/-/")
        text = f"{y}{sep}{m:02d}{sep}{d:02d}" if rng.random() < 0.7 else f"{y}{sep}{m}{sep}{d}"
    return R.digits(rng, text, digit_p, digit_p / 4)


def birth_fields(
    rng: random.Random, p: Person, kind: str, *, digit_p: float = 0.3
) -> dict[str, str]:
    """``kind``: date, year, year_off (±1), range (an age: ±2 around a year off by
    up to one), sh_date, sh_year, none."""
    b = p.birth
    if kind == "date":
        return {"birth_date": b.isoformat()}
    if kind == "year":
        return {"birth_year": str(b.year)}
    if kind == "year_off":
        return {"birth_year": str(b.year + rng.choice((-1, 1)))}
    if kind == "range":
        c = b.year + rng.choice((-1, 0, 0, 1))
        return {"birth_year": str(c - 2), "birth_year_max": str(c + 2)}
    if kind == "sh_date":
        return {"birth_date": _sh_text(rng, b, year_only=False, digit_p=digit_p)}
    if kind == "sh_year":
        return {"birth_year": _sh_text(rng, b, year_only=True, digit_p=digit_p)}
    return {}


_REGISTER_BIRTH = {
    "fa": (("date", "year", "sh_date", "sh_year", "range", "none"), (40, 15, 15, 12, 5, 13)),
    "prs": (("date", "year", "sh_date", "sh_year", "range", "none"), (30, 20, 5, 15, 10, 20)),
    "ar": (("date", "year", "range", "none"), (55, 20, 8, 17)),
    "sq": (("date", "year", "range", "none"), (65, 15, 5, 15)),
}
_QUERY_BIRTH = (("date", "year", "year_off", "range", "none"), (25, 21, 9, 30, 15))


def place_text(w: Writer, rng: random.Random, p: Person, script: bool, conv: str) -> str:
    if p.place is None:
        return ""
    name, note, exonyms = p.place
    if p.pop == "sq":
        return (
            rng.choice(exonyms)
            if exonyms and rng.random() < 0.4
            else R.albanian(rng, name, conv if conv in ("ascii", "english") else "proper")
        )
    if script:
        return _script(rng, name, p.pop, False)
    if exonyms and rng.random() < 0.35:
        return rng.choice(exonyms)
    return w.latin(rng, note, conv, p.pop)


# ------------------------------------------------------------ records and enquiries


def register_row(
    w: Writer, rng: random.Random, rid: str, p: Person
) -> tuple[dict[str, str], bool, str]:
    """A register record of ``p``, whether it is in Persian/Arabic script, and the
    romanisation convention it used."""
    script = p.pop != "sq" and rng.random() < {"fa": 0.45, "prs": 0.35, "ar": 0.4}.get(p.pop, 0)
    conv = convention(rng, p.pop)
    u = rng.random()
    how = Written(
        script=script,
        conv=conv,
        keyboard=script and rng.random() < 0.15,
        title=rng.random() < 0.5,
        father=rng.random() < 0.3,
        compound=rng.choices(("space", "joined", "hyphen"), (50, 35, 15))[0],
        one_field="given" if u < 0.04 else "",
        family_first=rng.random() < 0.4,
        swapped=0.04 <= u < 0.07,
        upper=rng.random() < 0.05,
    )
    given, family = write_name(w, rng, p, how)
    kinds, weights = _REGISTER_BIRTH[p.pop]
    row = {"id": rid, "given_name": given, "family_name": family}
    row.update(birth_fields(rng, p, rng.choices(kinds, weights)[0]))
    row["sex"] = p.sex if rng.random() < 0.95 else ""
    row["place_of_origin"] = place_text(w, rng, p, script, conv) if rng.random() < 0.85 else ""
    if p.pop != "sq" and rng.random() < 0.15:
        row["other_names"] = full_name(w, rng, p, not script)
    return row, script, conv


@dataclass(frozen=True)
class Enquiry:
    row: dict[str, str]
    expected: tuple[str, ...]  # the person's register records ("" when absent)
    case: str
    pop: str


def _case(rng: random.Random, p: Person) -> str:
    while True:
        case = rng.choices(CASES, CASE_WEIGHTS)[0]
        if case == "solar_hijri" and p.pop not in ("fa", "prs"):
            continue
        if case in ("other_script", "title") and p.pop == "sq":
            continue
        simple = len(p.given) < 2 and p.given[0][1] not in N.SHORT_FORMS
        if case == "compound" and simple and p.father is None:
            continue
        return case


def enquiry_row(
    w: Writer, rng: random.Random, qid: str, p: Person, case: str, reg_script: bool, reg_conv: str
) -> dict[str, str]:
    script = p.pop != "sq" and rng.random() < 0.3
    if case == "other_script":
        script = not reg_script
    conv = convention(rng, p.pop)
    if case == "convention":
        if p.pop == "sq":
            conv = convention(rng, p.pop, avoid=reg_conv)
        else:
            conv = rng.choice([c for c in ("french", "german", "un", "bgn") if c != reg_conv])
        script = False
    how = Written(script=script, conv=conv, title=p.title is not None and rng.random() < 0.4)
    how.compound = rng.choices(("space", "joined", "hyphen"), (50, 35, 15))[0]
    how.father = rng.random() < 0.2
    if case == "one_field":
        how.one_field = rng.choice(("given", "given", "family"))
        how.family_first = rng.random() < 0.4
    elif case == "title":
        how.title = p.title is None or rng.random() < 0.5
        if p.title is None:  # a title the person does not carry: one their people use
            titles, _ = _TITLES.get((p.pop, p.sex), ((), 0.0))
            if titles:
                p = Person(**{**p.__dict__, "title": rng.choice(titles)})
    elif case == "typo_no_birth":
        how.typo = 1 if rng.random() < 0.7 else 2
    elif case == "compound":
        opts = []
        if len(p.given) == 2:
            opts += ["split", "fuse", "drop"]
        if p.given[0][1] in N.SHORT_FORMS:
            opts.append("short")
        if p.father is not None:
            opts.append("father")
        pick = rng.choice(opts)
        how.compound = {"split": "space", "fuse": "joined"}.get(pick, how.compound)
        if pick == "drop":
            how.drop_part = rng.choice((0, 1))
        how.short = pick == "short"
        how.father = pick == "father" or how.father
    elif rng.random() < 0.05:
        how.typo = 1
    given, family = write_name(w, rng, p, how)
    row = {"id": qid, "given_name": given, "family_name": family}
    if case == "typo_no_birth":
        kind = "none"
    elif case == "solar_hijri":
        kind = rng.choice(("sh_year", "sh_year", "sh_date"))
    else:
        kinds, weights = _QUERY_BIRTH
        kind = rng.choices(kinds, weights)[0]
    row.update(birth_fields(rng, p, kind, digit_p=0.45))
    row["sex"] = p.sex if rng.random() < 0.75 else ""
    row["place_of_origin"] = place_text(w, rng, p, script, conv) if rng.random() < 0.65 else ""
    if case == "place":
        if rng.random() < 0.5:
            row["place_of_origin"] = ""
        else:
            other = p
            while other.place == p.place:
                other = Person(**{**p.__dict__, "place": _POOLS[p.pop, "place"].draw(rng)})
            row["place_of_origin"] = place_text(w, rng, other, script, conv)
    return row


@dataclass
class EvalSet:
    half: str
    register: list[dict[str, str]]
    enquiries: list[Enquiry]


def _world(seed: int, n_people: int) -> list[Household]:
    return households(random.Random(seed), 2 * n_people, "P")


def generate(
    half: str = "held", *, n_people: int = 5000, n_enquiries: int = 1000, seed: int = SEED
) -> EvalSet:
    """One half of the fixed split (``tune`` or ``held``): its register (one record
    per person, a second for 8%) and ``n_enquiries`` enquiries (15% absent)."""
    if half not in ("tune", "held"):
        raise ValueError("half is 'tune' or 'held'")
    world = _world(seed, n_people)
    mine = [h for k, h in enumerate(world) if (k % 2 == 0) == (half == "tune")]
    rng = random.Random(f"{seed}-{half}")
    w = Writer(seed)
    # a third of the absent people are relatives of registered ones
    absent_pool: list[Person] = []
    register: list[dict[str, str]] = []
    records: dict[str, list[tuple[str, bool, str]]] = {}
    people: list[Person] = []
    for h in mine:
        for p in h.people:
            if rng.random() < 0.04:
                absent_pool.append(p)
                continue
            people.append(p)
            for k in range(2 if rng.random() < 0.08 else 1):
                rid = f"{p.pid}-{k}"
                row, script, conv = register_row(w, rng, rid, p)
                register.append(row)
                records.setdefault(p.pid, []).append((rid, script, conv))
    rng.shuffle(register)
    enquiries: list[Enquiry] = []
    n_absent = round(n_enquiries * 0.15)
    asked = rng.sample(people, n_enquiries - n_absent)
    for k, p in enumerate(asked):
        case = _case(rng, p)
        recs = records[p.pid]
        _, reg_script, reg_conv = recs[0]
        row = enquiry_row(w, rng, f"Q{half[0]}{k}", p, case, reg_script, reg_conv)
        enquiries.append(Enquiry(row, tuple(r for r, _, _ in recs), case, p.pop))
    extra = households(random.Random(f"{seed}-{half}-absent"), n_absent, "A")
    strangers = [p for h in extra for p in h.people]
    for k in range(n_absent):
        p = absent_pool[k] if k < len(absent_pool) and k % 3 == 0 else strangers[k]
        case = _case(rng, p)
        row = enquiry_row(w, rng, f"A{half[0]}{k}", p, case, rng.random() < 0.4, "")
        enquiries.append(Enquiry(row, (), "absent", p.pop))
    rng.shuffle(enquiries)
    return EvalSet(half, register, enquiries)


# ------------------------------------------------------------ Latin register for dedupe


def latin(
    n_records: int, *, seed: int = SEED + 1, mild: bool = False
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """A Latin-script register of ``n_records`` (Gregorian dates only) and its true
    duplicate pairs: about a quarter of the people registered twice and 5% three
    times, each record written independently (another romanisation, typos,
    swapped order, titles, compound names, partial and wrong dates).  With
    ``mild``, a further registration is the first one copied by a clerk with one
    or two differences (``mild_copy``)."""
    rng = random.Random(seed)
    w = Writer(seed)
    rows: list[dict[str, str]] = []
    pairs: list[tuple[str, str]] = []
    pid = 0
    while len(rows) < n_records:
        h = household(rng, pid)
        size = 1 if rng.random() < 0.55 else rng.randint(2, 5)
        for _ in range(size):
            p = member(rng, h, f"L{pid}")
            h.people.append(p)
            pid += 1
            u = rng.random()
            copies = 3 if u < 0.05 else 2 if u < 0.307 else 1
            copies = min(copies, n_records - len(rows))
            ids = []
            for k in range(copies):
                rid = f"{p.pid}-{k}"
                if mild and k > 0:
                    rows.append(mild_copy(w, rng, rows[-k], rid, p))
                else:
                    rows.append(latin_row(w, rng, rid, p, duplicate=k > 0))
                ids.append(rid)
            pairs.extend(itertools.combinations(ids, 2))
            if len(rows) >= n_records:
                break
    rng.shuffle(rows)
    return rows, pairs


def latin_row(
    w: Writer, rng: random.Random, rid: str, p: Person, *, duplicate: bool
) -> dict[str, str]:
    conv = convention(rng, p.pop)
    how = Written(
        script=False,
        conv=conv,
        title=rng.random() < 0.5,
        father=rng.random() < 0.3,
        compound=rng.choices(("space", "joined", "hyphen"), (50, 35, 15))[0],
        swapped=duplicate and rng.random() < 0.05,
        typo=(1 if rng.random() < 0.25 else 0) if duplicate else (1 if rng.random() < 0.03 else 0),
        upper=rng.random() < 0.05,
        one_field="given" if rng.random() < 0.02 else "",
    )
    given, family = write_name(w, rng, p, how)
    row = {"id": rid, "given_name": given, "family_name": family}
    b = p.birth
    u = rng.random()
    if u < 0.55:
        row["birth_date"] = b.isoformat()
    elif u < 0.60:  # a wrong date: a digit, day and month swapped, a day off
        v = rng.random()
        if v < 0.4:
            s = list(b.strftime("%Y%m%d"))
            k = rng.randrange(2, 8)
            s[k] = str((int(s[k]) + rng.randint(1, 9)) % 10)
            try:
                wrong = dt.date(int("".join(s[:4])), int("".join(s[4:6])), int("".join(s[6:])))
            except ValueError:
                wrong = b
        elif v < 0.7 and b.day <= 12:
            wrong = dt.date(b.year, b.day, b.month)
        else:
            wrong = b + dt.timedelta(days=rng.choice((-1, 1, 30, -30)))
        row["birth_date"] = wrong.isoformat()
    elif u < 0.78:
        row["birth_year"] = str(b.year if rng.random() < 0.9 else b.year + rng.choice((-1, 1)))
    elif u < 0.86:
        c = b.year + rng.choice((-1, 0, 1))
        row["birth_year"], row["birth_year_max"] = str(c - 2), str(c + 2)
    row["sex"] = p.sex if rng.random() < 0.93 else ""
    row["place_of_origin"] = place_text(w, rng, p, False, conv) if rng.random() < 0.8 else ""
    return row


def _wrong_date(rng: random.Random, b: dt.date) -> dt.date:
    """A date as mistyped: a digit, day and month swapped, a day or month off."""
    v = rng.random()
    if v < 0.4:
        s = list(b.strftime("%Y%m%d"))
        k = rng.randrange(2, 8)
        s[k] = str((int(s[k]) + rng.randint(1, 9)) % 10)
        try:
            return dt.date(int("".join(s[:4])), int("".join(s[4:6])), int("".join(s[6:])))
        except ValueError:
            return b
    if v < 0.7 and b.day <= 12:
        return dt.date(b.year, b.day, b.month)
    return b + dt.timedelta(days=rng.choice((-1, 1, 30, -30)))


def mild_copy(
    w: Writer, rng: random.Random, first: dict[str, str], rid: str, p: Person
) -> dict[str, str]:
    """A further registration of ``p`` copied from its ``first`` record with one
    or two differences, as a clerk would make them: a name in another
    romanisation or with a slip, a title or the father's name added, the birth
    cut to a year, left out or mistyped, the place or sex left out, the names in
    each other's fields."""
    row = dict(first, id=rid)
    kinds = ("spelling", "typo", "title", "year", "no_birth", "wrong_date", "no_place", "sex")
    kinds += ("swap",)
    for kind in rng.sample(kinds, 1 if rng.random() < 0.6 else 2):
        field = rng.choice(("given_name", "family_name"))
        if kind == "spelling":
            how = Written(script=False, conv=convention(rng, p.pop))
            row["given_name"], row["family_name"] = write_name(w, rng, p, how)
        elif kind == "typo" and row.get(field):
            row[field] = R.latin_typo(rng, row[field])
        elif kind == "title":
            how = Written(script=False, conv=convention(rng, p.pop), title=True, father=True)
            row["given_name"] = write_name(w, rng, p, how)[0]
        elif kind == "year" and row.get("birth_date"):
            row["birth_year"] = row.pop("birth_date")[:4]
        elif kind == "no_birth":
            for f in ("birth_date", "birth_year", "birth_year_max"):
                row.pop(f, None)
        elif kind == "wrong_date" and row.get("birth_date"):
            row["birth_date"] = _wrong_date(
                rng, dt.date.fromisoformat(row["birth_date"])
            ).isoformat()
        elif kind == "no_place":
            row["place_of_origin"] = ""
        elif kind == "sex":
            row["sex"] = ""
        elif kind == "swap":
            row["given_name"], row["family_name"] = row["family_name"], row["given_name"]
    return row


# ------------------------------------------------------------ CSV


def write_csv(path: Path, rows: Sequence[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, COLUMNS, extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)


def csv_text(rows: Sequence[dict[str, str]]) -> str:
    """The rows as CSV text (header first), as ``haven link`` reads them."""
    buf = io.StringIO()
    out = csv.DictWriter(buf, COLUMNS, extrasaction="ignore")
    out.writeheader()
    out.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "held"), default="held")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--enquiries", type=int, default=1000)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    s = generate(args.half, n_people=args.people, n_enquiries=args.enquiries)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(args.out_dir / "register.csv", s.register)
    write_csv(args.out_dir / "queries.csv", [e.row for e in s.enquiries])
    with open(args.out_dir / "truth.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(("query_id", "expected_ids", "case", "population"))
        for e in s.enquiries:
            out.writerow((e.row["id"], "|".join(e.expected), e.case, e.pop))
    print(f"{len(s.register)} records, {len(s.enquiries)} enquiries in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
