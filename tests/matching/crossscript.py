"""The cross-script evaluation set: a synthetic register built from
``haven.matching.names`` and queries in the other script.

Run it directly to print the figures quoted in docs/matching.md:

    .venv/bin/python tests/matching/crossscript.py [N]
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from dataclasses import dataclass

from haven.matching import Index, Record
from haven.matching.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    PLACES,
    NameEntry,
)


@dataclass(frozen=True)
class Person:
    sex: str
    given: tuple[NameEntry, ...]
    family: NameEntry
    birth: datetime.date
    place: NameEntry | None


def draw_person(r: random.Random) -> Person:
    sex = r.choice(("female", "male"))
    pool = GIVEN_NAMES_FEMALE if sex == "female" else GIVEN_NAMES_MALE
    given = (r.choice(pool),) if r.random() < 0.8 else tuple(r.sample(pool, 2))
    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=r.randrange(70 * 365))
    place = r.choice(PLACES) if r.random() < 0.85 else None
    return Person(sex, given, r.choice(FAMILY_NAMES), birth, place)


def render(r: random.Random, rid: str, p: Person, *, persian: bool, query: bool) -> Record:
    """A record of the person in one script; queries carry an approximate age."""
    if persian:
        given = " ".join(e[0] for e in p.given)
        family = p.family[0]
        place = p.place[0] if p.place else ""
    else:
        given = " ".join(r.choice(e[1]) for e in p.given)
        family = r.choice(p.family[1])
        place = r.choice(p.place[1]) if p.place else ""
    if query:
        u = r.random()
        if u < 0.3:
            birth = {"birth_date": p.birth}
        elif u < 0.6:
            birth = {"birth_year": p.birth.year + r.choice((0, 0, 0, -1, 1))}
        else:  # "about 38"
            centre = p.birth.year + r.choice((-1, 0, 1))
            birth = {"birth_year": centre - 2, "birth_year_max": centre + 2}
        sex = p.sex if r.random() < 0.8 else ""
        place = place if r.random() < 0.8 else ""
    else:
        birth = {"birth_date": p.birth} if r.random() < 0.6 else {"birth_year": p.birth.year}
        sex = p.sex
    return Record(
        id=rid,
        given_name=given,
        family_name=family,
        sex=sex,
        place_of_origin=place,
        **birth,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Figures:
    n_register: int
    n_queries: int
    top1: float
    top5: float
    wrong_first_sure: float
    absent_sure: float
    n_absent: int
    ms_per_query: float


def evaluate(n_register: int = 10_000, n_queries: int = 1_000, seed: int = 3) -> Figures:
    r = random.Random(seed)
    people = [draw_person(r) for _ in range(n_register)]
    scripts = [r.random() < 0.5 for _ in people]  # True: registered in Persian script
    index = Index()
    for i, (p, persian) in enumerate(zip(people, scripts, strict=True)):
        index.add(render(r, f"P{i}", p, persian=persian, query=False))
    asked = r.sample(range(n_register), n_queries)
    top1 = top5 = wrong_sure = 0
    started = time.perf_counter()
    for i in asked:
        q = render(r, f"Q{i}", people[i], persian=not scripts[i], query=True)
        found = index.search(q, top=5)
        ids = [c.record_id for c in found]
        top1 += bool(ids) and ids[0] == f"P{i}"
        top5 += f"P{i}" in ids
        wrong_sure += bool(found) and ids[0] != f"P{i}" and found[0].probability >= 0.9
    elapsed = time.perf_counter() - started
    absent_sure = 0
    n_absent = n_queries // 2
    for k in range(n_absent):
        p = draw_person(r)
        q = render(r, f"A{k}", p, persian=r.random() < 0.5, query=True)
        found = index.search(q, top=1)
        absent_sure += bool(found) and found[0].probability >= 0.9
    return Figures(
        n_register,
        n_queries,
        top1 / n_queries,
        top5 / n_queries,
        wrong_sure / n_queries,
        absent_sure / n_absent,
        n_absent,
        1000 * elapsed / n_queries,
    )


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(evaluate(n))
