"""Batch de-duplication of a Latin-script register from the independent generator
(``gen_eval.latin``): Haven against Splink, in the same run.

    .venv/bin/python bench/latin.py [--n 1000000] [--skip-splink] [--mild]

Iranian, Afghan, Iraqi, Syrian and Albanian names, written in Latin letters only;
about a quarter of the people registered twice and 5% three times (typos, other
romanisations, swapped order, titles, compound names, partial and wrong dates).
For each tool: precision, recall and F1 of its pairs at p >= 0.9 against the true
pairs, and the time from records in to pairs out.  Writes ``bench/results/latin.json``.

With ``--mild`` a further registration is the first one copied with one or two
differences (a name in another romanisation or with a slip, a title added, the birth
cut to a year, left out or mistyped, place or sex left out, names swapped): most
duplicates can be found there, so precision is measured where recall is high too
(``bench/results/latin-mild.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from collections.abc import Sequence
from typing import Any

import common
import gen_eval

THRESHOLD = 0.9


def to_records(hm: Any, rows: Sequence[dict[str, str]]) -> list[Any]:
    def year(text: str) -> int | None:
        return int(text) if text else None

    return [
        hm.Record(
            r["id"],
            r.get("given_name", ""),
            r.get("family_name", ""),
            sex=r.get("sex", ""),
            birth_date=dt.date.fromisoformat(r["birth_date"]) if r.get("birth_date") else None,
            birth_year=year(r.get("birth_year", "")),
            birth_year_max=year(r.get("birth_year_max", "")),
            place_of_origin=r.get("place_of_origin", ""),
        )
        for r in rows
    ]


def run_haven(rows: Sequence[dict[str, str]], truth: set[common.Pair]) -> dict[str, Any]:
    hm, reason = common.load_haven_matching()
    if hm is None:
        return {"error": reason}
    records = to_records(hm, rows)
    with common.Stopwatch() as watch:
        pairs = hm.dedupe(records, threshold=THRESHOLD)
    found = common.pair_set((p.left_id, p.right_id) for p in pairs if p.probability >= THRESHOLD)
    return {**common.pair_metrics(found, truth), "seconds": watch.seconds, "pairs": len(found)}


def run_splink(rows: Sequence[dict[str, str]], truth: set[common.Pair]) -> dict[str, Any]:
    """Splink 5 on DuckDB with the benchmarks' hand-made model (``splink_peer``)."""
    import splink_peer

    with common.Stopwatch() as watch, common.quiet_splink():
        found = splink_peer.dedupe(rows, THRESHOLD)
    pairs = common.pair_set(found)
    return {**common.pair_metrics(pairs, truth), "seconds": watch.seconds, "pairs": len(pairs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument(
        "--mild",
        action="store_true",
        help="further registrations copied from the first with one or two differences",
    )
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    with common.Stopwatch() as watch:
        rows, true_pairs = gen_eval.latin(args.n, mild=args.mild)
    truth = common.pair_set(true_pairs)
    print(
        f"latin register: {len(rows):,} records, {len(truth):,} true pairs "
        f"(generated in {watch.seconds:.1f} s)",
        flush=True,
    )
    results: dict[str, Any] = {"n": args.n, "mild": args.mild}
    for name, run in (("haven", run_haven), ("splink", run_splink)):
        if name == "splink" and args.skip_splink:
            continue
        print(f"  {name} …", flush=True)
        try:
            results[name] = run(rows, truth)
        except Exception as exc:
            results[name] = common.error_row(exc)
    common.print_table(
        f"latin {args.n:,}: dedupe at p >= {THRESHOLD}",
        {k: v for k, v in results.items() if k not in ("n", "mild")},
        ["precision", "recall", "f1", "seconds", "pairs"],
    )
    h, s = results.get("haven", {}), results.get("splink", {})
    if "seconds" in h and "seconds" in s:
        print(f"haven time / splink time: {h['seconds'] / s['seconds']:.2f}")
    print(f"wrote {common.write_json('latin-mild' if args.mild else 'latin', results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
