"""Haven at register scale vs Splink, on a synthetic register (``gen_register.py``).

    .venv/bin/python bench/scale.py [--n 1000000] [--skip-api] [--skip-splink]

For Haven: index build time and memory, latency of single enquiries (p50/p95/p99) and
how often the right person is first / in the top 5, the same enquiries searched within one
agency's scope (the register split into ``AGENCIES`` partitions; the scope is the agency
holding the sought person's first record), batch de-duplication time and F1
against the known duplicate pairs, and the p95 latency of ``POST /api/v1/match/``
(when a server is given with ``--api-url``).  For Splink: de-duplication of the same
register, time and F1, in the same run.  Writes ``bench/results/scale.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import http.client
import json
import os
import signal
import sys
import time
import urllib.parse
import warnings
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

import common
import gen_register
import psutil

THRESHOLD = 0.9
TOP = 5
AGENCIES = 10  # partitions of the register for the scoped enquiries


def agency(record_id: str) -> int:
    return zlib.crc32(record_id.encode()) % AGENCIES


def rss() -> int:
    return int(psutil.Process().memory_info().rss)


# ---------------------------------------------------------------- Haven


def to_records(hm: Any, rows: Sequence[gen_register.Row]) -> list[Any]:
    """Generator rows as ``haven.matching.Record`` (the field names are the same)."""
    names = tuple(f.name for f in dataclasses.fields(hm.Record))
    if names[: len(gen_register.Row._fields)] == gen_register.Row._fields:
        make = hm.Record
        return [make(*row) for row in rows]
    return [hm.Record(**row._asdict()) for row in rows]


def haven_index(hm: Any, records: list[Any]) -> tuple[Any, dict[str, Any]]:
    gc.collect()
    before = rss()
    with common.Stopwatch() as watch:
        index = hm.Index()
        add = index.add
        for record in records:
            add(record, partition=agency(record.id))
    gc.collect()
    return index, {"build_seconds": watch.seconds, "index_bytes": max(rss() - before, 0)}


def haven_enquiries(
    hm: Any, index: Any, enquiries: Sequence[gen_register.Enquiry]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Latency and accuracy of single enquiries; the second dict is for the printout."""
    queries = to_records(hm, [q.query for q in enquiries])
    latencies: list[float] = []
    results = []
    gc.collect()
    search = index.search
    for query in queries:
        started = time.perf_counter()
        candidates = search(query, top=TOP)
        latencies.append((time.perf_counter() - started) * 1000)
        results.append(candidates)

    found = hits1 = hits5 = wrong_sure = absent_sure = 0
    by_kind: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    clear = clear_hits = 0
    absent = 0
    for enquiry, candidates in zip(enquiries, results, strict=True):
        ids = [c.record_id for c in candidates]
        expected = set(enquiry.expected_ids)
        top_p = candidates[0].probability if candidates else 0.0
        if not expected:
            absent += 1
            absent_sure += top_p >= THRESHOLD
            continue
        found += 1
        kinds[enquiry.kind] += 1
        first = bool(ids) and ids[0] in expected
        hits1 += first
        hits5 += bool(expected.intersection(ids))
        by_kind[enquiry.kind] += first
        wrong_sure += (not first) and top_p >= THRESHOLD
        if enquiry.ties == 0:
            clear += 1
            clear_hits += first
    figures = {
        "p50_ms": common.percentile(latencies, 50),
        "p95_ms": common.percentile(latencies, 95),
        "p99_ms": common.percentile(latencies, 99),
        "top1": hits1 / found if found else None,
        "top5": hits5 / found if found else None,
    }
    details = {
        "findable": found,
        "top1 by kind": {k: round(by_kind[k] / kinds[k], 4) for k in sorted(kinds)},
        "top1 without ties": round(clear_hits / clear, 4) if clear else None,
        "top1 ceiling (ties)": round(gen_register.top1_ceiling(enquiries), 4),
        "wrong person first with p>=0.9": round(wrong_sure / found, 4) if found else None,
        "absent with p>=0.9": round(absent_sure / absent, 4) if absent else None,
        "max_ms": max(latencies) if latencies else None,
    }
    return figures, details


def haven_scoped_enquiries(
    hm: Any, index: Any, enquiries: Sequence[gen_register.Enquiry]
) -> dict[str, Any]:
    """The enquiries again, each within one agency's scope: the agency holding the sought
    person's first record (for the absent, the first agency)."""
    queries = to_records(hm, [q.query for q in enquiries])
    scopes = [
        hm.Scope(partitions=frozenset({agency(e.expected_ids[0]) if e.expected_ids else 0}))
        for e in enquiries
    ]
    latencies: list[float] = []
    found = hits1 = 0
    gc.collect()
    search = index.search
    for enquiry, query, scope in zip(enquiries, queries, scopes, strict=True):
        started = time.perf_counter()
        candidates = search(query, top=TOP, scope=scope)
        latencies.append((time.perf_counter() - started) * 1000)
        if enquiry.expected_ids:
            found += 1
            hits1 += bool(candidates) and candidates[0].record_id in enquiry.expected_ids
    return {
        "scoped_p50_ms": common.percentile(latencies, 50),
        "scoped_p95_ms": common.percentile(latencies, 95),
        "scoped_top1": hits1 / found if found else None,
    }


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def haven_dedupe(
    hm: Any, records: list[Any], truth: set[common.Pair], timeout: int
) -> dict[str, float | None]:
    if timeout:
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(timeout)
    try:
        with common.Stopwatch() as watch:
            pairs = hm.dedupe(records, threshold=THRESHOLD)
    except _Timeout:
        print(f"  haven dedupe: stopped after --dedupe-timeout {timeout} s", flush=True)
        return {"dedupe_seconds": None, "dedupe_f1": None}
    finally:
        signal.alarm(0)
    predicted = common.pair_set(
        (p.left_id, p.right_id) for p in pairs if p.probability >= THRESHOLD
    )
    metrics = common.pair_metrics(predicted, truth)
    print(
        f"  haven dedupe: {len(predicted):,} pairs, precision {metrics['precision']:.4f}, "
        f"recall {metrics['recall']:.4f}",
        flush=True,
    )
    return {"dedupe_seconds": watch.seconds, "dedupe_f1": metrics["f1"]}


# ---------------------------------------------------------------- API


def api_payload(row: gen_register.Row) -> dict[str, Any]:
    return {
        "given_name": row.given_name,
        "family_name": row.family_name,
        "other_names": list(row.other_names),
        "sex": row.sex,
        "birth_date": row.birth_date.isoformat() if row.birth_date else None,
        "birth_year": row.birth_year,
        "birth_year_max": row.birth_year_max,
        "place_of_origin": row.place_of_origin,
        "top": TOP,
    }


def endpoint_status() -> str:
    """Whether this checkout has the Django app and the match endpoint, in words."""
    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
        import django
        from django.urls import Resolver404, resolve

        django.setup()
        try:
            resolve("/api/v1/match/")
        except Resolver404:
            return "the Django app has no /api/v1/match/ yet"
        return "the endpoint exists in this checkout"
    except Exception as exc:
        return f"the Django app does not load: {type(exc).__name__}: {str(exc)[:60]}"


def measure_api(
    args: argparse.Namespace, enquiries: Sequence[gen_register.Enquiry]
) -> float | None:
    """p95 ms of ``POST /api/v1/match/`` on a running server, or None (skipped).

    The server must run on PostgreSQL with this register loaded (for instance from
    ``gen_register.py --out register.csv``, with the same --n and --seed); pass its URL
    with ``--api-url`` and an ``Authorization`` header value with ``--api-auth``
    (or HAVEN_BENCH_API_URL / HAVEN_BENCH_API_AUTH).
    """
    if args.skip_api:
        print("  api: skipped (--skip-api)")
        return None
    if not args.api_url:
        print(
            f"  api: skipped — no --api-url / HAVEN_BENCH_API_URL given ({endpoint_status()}); "
            "start a server on PostgreSQL with this register loaded and pass its URL"
        )
        return None
    url = urllib.parse.urlsplit(args.api_url)
    connection_class = (
        http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(url.netloc, timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if args.api_auth:
        headers["Authorization"] = args.api_auth
    path = url.path or "/api/v1/match/"

    def post(row: gen_register.Row) -> tuple[int, float]:
        body = json.dumps(api_payload(row))
        started = time.perf_counter()
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000

    try:
        status, _ = post(enquiries[0].query)
    except OSError as exc:
        print(f"  api: skipped — cannot reach {args.api_url}: {exc}")
        return None
    if status != 200:
        print(f"  api: skipped — {args.api_url} answered HTTP {status} to a probe enquiry")
        return None
    latencies = []
    for enquiry in enquiries:
        status, ms = post(enquiry.query)
        if status != 200:
            print(f"  api: HTTP {status} for {enquiry.query.id}; stopping")
            return None
        latencies.append(ms)
    connection.close()
    return common.percentile(latencies, 95)


def api_p95(args: argparse.Namespace, register: gen_register.Register) -> float | None:
    """Start a server on PostgreSQL with this register unless one is given, then time it."""
    if args.skip_api or args.api_url:
        return measure_api(args, register.enquiries)
    try:
        from api_server import running_api
    except ImportError as exc:
        print(f"  api: skipped — {exc}")
        return None
    print("  api: loading the register into PostgreSQL …", flush=True)
    try:
        with running_api(register.records) as (url, auth):
            args.api_url, args.api_auth = url, auth
            return measure_api(args, register.enquiries)
    except Exception as exc:
        print(f"  api: skipped — {type(exc).__name__}: {str(exc)[:200]}")
        return None


# ---------------------------------------------------------------- Splink


def splink_rows(rows: Sequence[gen_register.Row]) -> list[dict[str, str]]:
    """The register as plain rows of text, as ``splink_peer`` takes them."""

    def text(v: Any) -> str:
        return "" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v)

    keys = ("id", "given_name", "family_name", "sex", "birth_date", "birth_year")
    keys += ("birth_year_max", "place_of_origin")
    return [{k: text(getattr(r, k)) for k in keys} for r in rows]


def splink_dedupe(rows: Sequence[gen_register.Row], truth: set[common.Pair]) -> dict[str, Any]:
    """Splink 5 with the benchmarks' hand-made model (``splink_peer``), rows to pairs."""
    import splink_peer

    with common.Stopwatch() as watch, common.quiet_splink():
        found = splink_peer.dedupe(splink_rows(rows), THRESHOLD)
    predicted = common.pair_set(found)
    metrics = common.pair_metrics(predicted, truth)
    print(
        f"  splink dedupe: {len(predicted):,} pairs, precision {metrics['precision']:.4f}, "
        f"recall {metrics['recall']:.4f}",
        flush=True,
    )
    return {"dedupe_seconds": watch.seconds, "dedupe_f1": metrics["f1"]}


# ---------------------------------------------------------------- main

HAVEN_KEYS = (
    "build_seconds",
    "index_bytes",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "top1",
    "top5",
    "scoped_p50_ms",
    "scoped_p95_ms",
    "scoped_top1",
    "api_p95_ms",
    "dedupe_seconds",
    "dedupe_f1",
)


def run_haven(
    args: argparse.Namespace, register: gen_register.Register, truth: set[common.Pair]
) -> tuple[dict[str, Any], dict[str, Any], str]:
    haven: dict[str, Any] = dict.fromkeys(HAVEN_KEYS)
    details: dict[str, Any] = {}
    hm, reason = common.load_haven_matching()
    if hm is None:
        print(f"  haven: {reason}", flush=True)
        return haven, details, reason
    try:
        records = to_records(hm, register.records)
        print("  haven: building the index …", flush=True)
        index, built = haven_index(hm, records)
        haven.update(built)
        print(f"  haven: {len(register.enquiries):,} single enquiries …", flush=True)
        figures, details = haven_enquiries(hm, index, register.enquiries)
        haven.update(figures)
        print("  haven: the same enquiries within one agency's scope …", flush=True)
        haven.update(haven_scoped_enquiries(hm, index, register.enquiries))
        del index
        gc.collect()
        if not args.skip_haven_dedupe:
            print("  haven: batch de-duplication …", flush=True)
            haven.update(haven_dedupe(hm, records, truth, args.dedupe_timeout))
        del records
        gc.collect()
    except Exception as exc:
        return haven, details, common.error_row(exc)["error"]
    return haven, details, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="register records")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--skip-api", action="store_true", help="do not measure the API")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--skip-haven-dedupe", action="store_true")
    parser.add_argument(
        "--dedupe-timeout", type=int, default=0, help="stop Haven's dedupe after S seconds"
    )
    parser.add_argument("--api-url", default=os.environ.get("HAVEN_BENCH_API_URL", ""))
    parser.add_argument("--api-auth", default=os.environ.get("HAVEN_BENCH_API_AUTH", ""))
    args = parser.parse_args(argv)
    if args.n < 10:
        parser.error("--n must be at least 10")
    warnings.filterwarnings("ignore", category=FutureWarning)

    with common.Stopwatch() as watch:
        register = gen_register.generate(args.n, seed=args.seed)
    truth = common.pair_set(register.duplicate_pairs)
    stats = ", ".join(f"{k} {v:,}" for k, v in register.stats.items())
    print(f"register: {stats} (generated in {watch.seconds:.1f} s)", flush=True)

    haven, details, haven_error = run_haven(args, register, truth)
    haven["api_p95_ms"] = api_p95(args, register)

    splink: dict[str, Any] = {"dedupe_seconds": None, "dedupe_f1": None}
    splink_error = ""
    if args.skip_splink:
        print("  splink: skipped (--skip-splink)")
    else:
        print("  splink: training and de-duplicating …", flush=True)
        try:
            splink = splink_dedupe(register.records, truth)
        except Exception as exc:
            splink_error = common.error_row(exc)["error"]

    results = {"n": args.n, "haven": haven, "splink": splink}
    path = common.write_json("scale", results)

    print(f"\nscale: {args.n:,} records ({register.stats['people']:,} people)")
    print(f"{'':24}{'haven':>14}{'splink':>14}")
    for key in HAVEN_KEYS:
        h = common.fmt(haven.get(key))
        s = common.fmt(splink.get(key)) if key in splink else ""
        print(f"{key:24}{h:>14}{s:>14}")
    if haven_error:
        print(f"haven error: {haven_error}")
    if splink_error:
        print(f"splink error: {splink_error}")
    for key, value in details.items():
        print(f"  {key}: {value}")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
