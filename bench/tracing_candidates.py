"""Candidate figures of the tracing module, through its own services: how often the
person an enquiry is about comes first, and within the top 5, of the candidates a
caseworker is shown (``haven.tracing.selectors.candidate_list``, within their scope).

Two sets:

- the demo (``haven demo``): every open record of the caseworker's agency asked for as
  a family would (the register's Persian alias when it has one, else its spelling, the
  year of birth give or take one, as ``haven.demo.tracing`` does);
- the project's cross-script set (``tests/matching/crossscript.py``): a register half in
  Persian script, half in Latin, each person asked for in the other script with an
  approximate age.

    .venv/bin/python bench/tracing_candidates.py [REGISTER_SIZE] [QUERIES]

Runs on a throw-away SQLite database; prints one line per set.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
VAR = tempfile.mkdtemp(prefix="haven-tracing-bench-")
os.environ.update(
    HAVEN_DEMO="1",
    HAVEN_VAR_DIR=VAR,
    DATABASE_URL=f"sqlite:///{VAR}/bench.sqlite3",
    DJANGO_SETTINGS_MODULE="haven.settings",
)
os.environ.setdefault("HAVEN_DEMO_PASSWORD", "a throw-away password for the bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def _rank(user, enquiry, person_id: str) -> int | None:
    from haven.tracing.selectors import candidate_list

    found = candidate_list(user=user, enquiry=enquiry, top=10)
    ids = [str(m.person.pk) for m in found.matches]
    return ids.index(person_id) if person_id in ids else None


def _line(name: str, ranks: list[int | None], seconds: float) -> str:
    n = len(ranks)
    first = sum(1 for r in ranks if r == 0)
    top5 = sum(1 for r in ranks if r is not None and r < 5)
    return (
        f"{name}: {n} enquiries, right person first {first / n:.1%}, in the top 5 "
        f"{top5 / n:.1%}, {1000 * seconds / n:.0f} ms per candidate list"
    )


def demo_figures(seed: int = 11) -> str:
    from haven.accounts.models import User
    from haven.demo.generator import load_demo
    from haven.demo.modules import DemoContext
    from haven.demo.tracing import _sought
    from haven.people.models import Person
    from haven.tracing.services import enquiry_create

    load_demo()
    desk, worker = (
        User.objects.get(username="enquiry_desk"),
        User.objects.get(username="caseworker"),
    )
    people = Person.objects.filter(agency=worker.agency, status="open", merged_into=None)
    ctx = DemoContext(rng=random.Random(seed), today=None, agencies={}, users={}, people=[])  # type: ignore[arg-type]
    ranks = []
    started = time.perf_counter()
    for i, person in enumerate(people.order_by("created_at")):
        fields = {"enquirer_name": f"Enquirer{i}", "relationship": "family", **_sought(ctx, person)}
        enquiry = enquiry_create(actor=desk, fields=fields)
        ranks.append(_rank(worker, enquiry, str(person.pk)))
    return _line("demo", ranks, time.perf_counter() - started)


def crossscript_figures(n_register: int, n_queries: int, seed: int = 3) -> str:
    from haven.accounts.models import Agency, User
    from haven.people.services import person_create
    from haven.tracing.services import enquiry_create
    from tests.matching.crossscript import draw_person, render

    agency = Agency.objects.create(name="Cross-script bench", kind=Agency.Kind.NGO)
    worker = User.objects.create_user(username="xs_worker", role="caseworker", agency=agency)
    desk = User.objects.create_user(username="xs_desk", role="enquiry_desk", agency=agency)
    r = random.Random(seed)
    drawn = [draw_person(r) for _ in range(n_register)]
    scripts = [r.random() < 0.5 for _ in drawn]
    ids = []
    for i, (p, persian) in enumerate(zip(drawn, scripts, strict=True)):
        rec = render(r, f"P{i}", p, persian=persian, query=False)
        fields = {
            "given_name": rec.given_name,
            "family_name": rec.family_name,
            "sex": rec.sex,
            "place_of_origin": rec.place_of_origin,
        }
        if rec.birth_date:
            fields["birth_date"] = rec.birth_date
        else:
            fields["birth_year"] = rec.birth_year
        ids.append(str(person_create(actor=worker, fields=fields).pk))
    ranks = []
    started = time.perf_counter()
    for k, i in enumerate(r.sample(range(n_register), n_queries)):
        q = render(r, f"Q{i}", drawn[i], persian=not scripts[i], query=True)
        year = q.birth_date.year if q.birth_date else q.birth_year
        fields = {
            "enquirer_name": f"Asker{k}",
            "relationship": "family",
            "given_name": q.given_name,
            "family_name": q.family_name,
            "sex": q.sex or "unknown",
            "place_of_origin": q.place_of_origin,
            "birth_year": year,
            "birth_year_max": q.birth_year_max,
        }
        enquiry = enquiry_create(actor=desk, fields=fields)
        ranks.append(_rank(worker, enquiry, ids[i]))
    return _line(f"cross-script ({n_register} people)", ranks, time.perf_counter() - started)


def main() -> None:
    n_register = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    n_queries = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    call_command("migrate", verbosity=0)
    print(demo_figures())
    print(crossscript_figures(n_register, n_queries))


if __name__ == "__main__":
    main()
