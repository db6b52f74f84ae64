"""Haven on the independent evaluation set (``gen_eval.py``), beside two naive floors.

    .venv/bin/python bench/evaluate.py [--half held|tune] [--people 5000] [--enquiries 1000]

The register and the enquiries go through ``haven.matching.csvio.read_records`` as
``haven link`` reads them (Solar Hijri dates and Persian digits included), into an
``Index``; each enquiry is one ``Index.search(top=5)``.  Reported over findable
enquiries: right person in the top 5 and first, no candidate at all, the wrong person
first with p >= 0.9; over enquiries about absent people: p >= 0.9; and the same by
case (see ``gen_eval``) and by population.  The floors (``floors.py``) run on the same
rows.  Report on ``held`` (the default); tune only on ``tune``.  Writes
``bench/results/eval_<half>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import common
import gen_eval

THRESHOLD = 0.9
TOP = 5


def _plain(row: dict[str, str]) -> SimpleNamespace:
    """A row as the floors read it: names, and a Gregorian year when one is plain."""
    year: int | None = None
    text = (row.get("birth_date") or row.get("birth_year") or "")[:4]
    if text.isascii() and text.isdigit() and 1900 <= int(text) <= 2030:
        year = int(text)
    return SimpleNamespace(
        id=row["id"],
        given_name=row.get("given_name", ""),
        family_name=row.get("family_name", ""),
        other_names=tuple(x for x in row.get("other_names", "").split("|") if x),
        birth_date=None,
        birth_year=year,
    )


def _score(
    enquiries: Sequence[gen_eval.Enquiry],
    answers: dict[str, list[tuple[str, float]]],
) -> dict[str, Any]:
    """Figures for one matcher: ``answers`` maps a query id to ranked (id, probability)."""
    by_case: dict[str, Counter[str]] = defaultdict(Counter)
    by_pop: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for e in enquiries:
        got = answers.get(e.row["id"], [])
        ids = [i for i, _ in got]
        top_p = got[0][1] if got else 0.0
        c: Counter[str] = Counter()
        if not e.expected:
            c["absent"] += 1
            c["absent_sure"] += top_p >= THRESHOLD
            c["absent_none"] += not got
        else:
            expected = set(e.expected)
            first = bool(ids) and ids[0] in expected
            c["findable"] += 1
            c["top1"] += first
            c["top5"] += bool(expected.intersection(ids[:TOP]))
            c["none"] += not got
            c["wrong_sure"] += (not first) and top_p >= THRESHOLD
        total.update(c)
        by_case[e.case].update(c)
        by_pop[e.pop].update(c)

    def rates(c: Counter[str]) -> dict[str, float | int | None]:
        f, a = c["findable"], c["absent"]
        return {
            "n": f or a,
            "top5": c["top5"] / f if f else None,
            "top1": c["top1"] / f if f else None,
            "no_candidate": c["none"] / f if f else None,
            "wrong_first_p90": c["wrong_sure"] / f if f else None,
            "absent_p90": c["absent_sure"] / a if a else None,
        }

    return {
        "all": rates(total),
        "by_case": {k: rates(v) for k, v in sorted(by_case.items())},
        "by_population": {k: rates(v) for k, v in sorted(by_pop.items())},
    }


def run_haven(s: gen_eval.EvalSet) -> tuple[dict[str, list[tuple[str, float]]], dict[str, Any]]:
    hm, reason = common.load_haven_matching()
    if hm is None:
        raise RuntimeError(reason)
    from haven.matching.csvio import read_records

    register, reg_errors = read_records(io.StringIO(gen_eval.csv_text(s.register)))
    queries, q_errors = read_records(io.StringIO(gen_eval.csv_text([e.row for e in s.enquiries])))
    index = hm.Index()
    for r in register:
        index.add(r)
    answers: dict[str, list[tuple[str, float]]] = {}
    started = time.perf_counter()
    for q in queries:
        answers[q.id] = [(c.record_id, c.probability) for c in index.search(q, top=TOP)]
    ms = 1000 * (time.perf_counter() - started) / max(len(queries), 1)
    info = {
        "register_rows_refused": len(reg_errors),
        "query_rows_refused": len(q_errors),
        "refused_examples": [e.message for e in (reg_errors + q_errors)[:3]],
        "ms_per_query": round(ms, 2),
    }
    return answers, info


def run_floor(
    make: Callable[[Sequence[Any]], Any], s: gen_eval.EvalSet
) -> dict[str, list[tuple[str, float]]]:
    matcher = make([_plain(r) for r in s.register])
    return {
        e.row["id"]: [(i, 0.0) for i in matcher.search(_plain(e.row), TOP)] for e in s.enquiries
    }


def _fmt(v: Any) -> str:
    return "—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "held"), default="held")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--enquiries", type=int, default=1000)
    parser.add_argument("--only", default="haven,skeleton,fuzzy")
    args = parser.parse_args(argv)
    s = gen_eval.generate(args.half, n_people=args.people, n_enquiries=args.enquiries)
    print(
        f"evaluation set, half {args.half!r}: {len(s.register):,} records, "
        f"{len(s.enquiries):,} enquiries ({dt.date.today()})",
        flush=True,
    )
    import floors

    results: dict[str, Any] = {"half": args.half}
    tools: dict[str, Callable[[], dict[str, list[tuple[str, float]]]]] = {
        "skeleton": lambda: run_floor(floors.SkeletonMatcher, s),
        "fuzzy": lambda: run_floor(floors.FuzzyMatcher, s),
    }
    for name in args.only.split(","):
        try:
            if name == "haven":
                answers, info = run_haven(s)
                results["haven"] = {**_score(s.enquiries, answers), **info}
            else:
                results[name] = _score(s.enquiries, tools[name]())
        except Exception as exc:
            results[name] = common.error_row(exc)
    cols = ("top5", "top1", "no_candidate", "wrong_first_p90", "absent_p90")
    names = [n for n in results if n != "half" and "error" not in results[n]]
    print(f"\n{'':28}" + "".join(f"{n:>11}" for n in names))
    for col in cols:
        print(f"{col:28}" + "".join(f"{_fmt(results[n]['all'][col]):>11}" for n in names))
    cases = sorted({c for n in names for c in results[n]["by_case"]})
    for col in ("top5", "top1"):
        print(f"\n{col} by case")
        for case in cases:
            cells = "".join(
                f"{_fmt(results[n]['by_case'].get(case, {}).get(col)):>11}" for n in names
            )
            n_case = results[names[0]]["by_case"].get(case, {}).get("n", "") if names else ""
            print(f"  {case:18}{n_case!s:>8}{cells}")
    for n in names:
        if n == "haven":
            h = results["haven"]
            print(
                f"\nhaven: {h['ms_per_query']} ms per query; rows refused: register "
                f"{h['register_rows_refused']}, queries {h['query_rows_refused']} "
                f"{h['refused_examples']}"
            )
            print(
                "haven no candidate by case: "
                + ", ".join(f"{k} {_fmt(v['no_candidate'])}" for k, v in h["by_case"].items())
            )
            print(
                "haven by population (top5/top1): "
                + ", ".join(
                    f"{k} {_fmt(v['top5'])}/{_fmt(v['top1'])}"
                    for k, v in h["by_population"].items()
                )
            )
    for n in results:
        if n != "half" and "error" in results[n]:
            print(f"{n}: ERROR {results[n]['error']}")
    path = common.write_json(f"eval_{args.half}", results)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
